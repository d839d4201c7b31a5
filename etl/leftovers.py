"""Half-built SQLite files left by builds that were killed (SIGKILL, a power cut).

A build writes `.jjj.db.build-<pid>` (and SQLite its `-journal`) beside the live file and removes
it however it ends, except when the process is killed outright. Under the build lock, the files
of a build whose process is gone are removed.
"""
from __future__ import annotations

import os
from pathlib import Path

import paths


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def stale_build_files(live: Path) -> list[Path]:
    """The build files beside `live` whose builder process is no longer running."""
    pattern = paths.build_file_pattern(live)
    try:
        names = sorted(os.listdir(live.parent))
    except OSError:
        return []
    found = []
    for name in names:
        match = pattern.fullmatch(name)
        if match and not pid_alive(int(match.group(1))):
            found.append(live.parent / name)
    return found


def remove_stale_builds(live: Path) -> list[Path]:
    """Remove them (call only under the build lock); returns what was removed."""
    removed = []
    for path in stale_build_files(live):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
