"""Fault injection: a build or refresh that kills itself at a named phase, so tests can stop it there.

    JJJ_FAULT=after-swap:SIGTERM jjj refresh     # SIGTERM itself right after the swap
    JJJ_FAULT=mid-write:SIGKILL  jjj build       # die with rows half written

Read here and nowhere else; unset (always, outside tests) it does nothing. The phases, in order:
before-write (the new data is ready in memory), mid-write (rows written to the new file, not yet
checked), after-write (checked, not yet swapped), after-swap (the new database is live) and
before-record (a refresh about to write its outcome line).
"""
from __future__ import annotations

import os
import signal

from db.write import AFTER_SWAP, AFTER_WRITE, MID_WRITE

ENV = "JJJ_FAULT"
BEFORE_WRITE, BEFORE_RECORD = "before-write", "before-record"
PHASES = (BEFORE_WRITE, MID_WRITE, AFTER_WRITE, AFTER_SWAP, BEFORE_RECORD)
SIGNALS = ("SIGTERM", "SIGKILL")


def fault_point(phase: str) -> None:
    """Send this process the signal $JJJ_FAULT names for `phase`, if it names this one."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    name, _, signame = wanted.partition(":")
    if name == phase and signame in SIGNALS:
        os.kill(os.getpid(), getattr(signal, signame))
