"""data/refresh-runs.jsonl: one JSON object per line, appended by every refresh and rollback.

A refresh appends a "started" line when it takes the lock and its outcome line when it ends; both
carry the run's `run_uuid`, and readers keep the last line of each run, so a run that was killed
stays visible as "started". The reader never fails: a torn last line (a crash mid-write), a line
that is not a JSON object, or bytes that are not UTF-8 are skipped and counted.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("jjj")


def append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:  # O_APPEND: one short line, written whole
        torn = fh.tell() > 0 and _last_byte(fh) != b"\n"  # a crash mid-write: do not glue onto it
        fh.write((("\n" if torn else "") + line + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def _last_byte(fh) -> bytes:
    fh.seek(-1, os.SEEK_END)
    return fh.read(1)


def load_runs(path: Path) -> tuple[list[dict], int]:
    """(the runs, oldest first, one per run_uuid with its last line; how many lines were unreadable)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    runs: dict[str, dict] = {}
    skipped = 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            skipped += 1
            continue
        if not isinstance(obj, dict):
            skipped += 1
            continue
        key = obj.get("run_uuid")
        runs[key if isinstance(key, str) and key else f"line {number}"] = obj  # a later line replaces, in place
    return list(runs.values()), skipped


def read_runs(path: Path, warn: Callable[[str], None] | None = None) -> list[dict]:
    """The runs; unreadable lines are skipped with one warning (to `warn`, else the "jjj" logger)."""
    runs, skipped = load_runs(path)
    if skipped:
        (warn or log.warning)(f"{path}: skipped {skipped} unreadable line(s) (torn, not UTF-8, "
                              "or not a JSON object)")
    return runs
