"""One refresh at a time: an exclusive, non-blocking `flock` on a file beside the database.

The kernel drops the lock when the holder exits, however it exits, so a crashed run never
leaves a stale lock behind (unlike a pid file).
"""
from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

EXIT_LOCKED = 75  # EX_TEMPFAIL (sysexits.h): try again later


class AlreadyRunning(RuntimeError):
    pass


class DataDirUnusable(RuntimeError):
    """The data directory (lock, run log, database) cannot be written: read-only, not ours, or full."""


_WHY = {errno.EROFS: "the file system is read-only", errno.EACCES: "no permission to write there",
        errno.EPERM: "no permission to write there", errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up"}


def data_dir_unusable(folder: Path, exc: OSError) -> DataDirUnusable:
    why = _WHY.get(exc.errno, exc.strerror or str(exc))
    return DataDirUnusable(f"cannot write in the data directory {folder}: {why} ({exc.strerror or exc}); "
                           "nothing was done. Free space or fix its permissions, or use another --db")


class RefreshLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh = None

    def __enter__(self) -> RefreshLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise data_dir_unusable(self.path.parent, exc) from None
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            fh.close()
            raise AlreadyRunning(f"another refresh is running (lock {self.path} held by pid {holder}); "
                                 "nothing was done") from None
        try:
            self._write_pid(fh)
        except OSError as exc:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            fh.close()
            raise data_dir_unusable(self.path.parent, exc) from None
        self._fh = fh
        return self

    @staticmethod
    def _write_pid(fh) -> None:
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()

    def __exit__(self, *exc) -> None:
        if self._fh is not None:
            self._fh.truncate(0)
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
