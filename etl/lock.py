"""One refresh at a time: an exclusive, non-blocking `flock` on a file beside the database.

The kernel drops the lock when the holder exits, however it exits, so a crashed run never
leaves a stale lock behind (unlike a pid file).
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

EXIT_LOCKED = 75  # EX_TEMPFAIL (sysexits.h): try again later


class AlreadyRunning(RuntimeError):
    pass


class RefreshLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh = None

    def __enter__(self) -> "RefreshLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            fh.close()
            raise AlreadyRunning(f"another refresh is running (lock {self.path} held by pid {holder}); "
                                 "nothing was done") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc) -> None:
        if self._fh is not None:
            self._fh.truncate(0)
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
