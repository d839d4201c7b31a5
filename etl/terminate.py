"""SIGTERM during a build or refresh: a clean exit instead of a half-built file left behind.

`systemctl stop`, a container's shutdown and `timeout` send SIGTERM. Inside `exit_on_sigterm()`
it raises `Terminated` (a BaseException, so no `except Exception` swallows it); the build's own
cleanup then removes its temporary file, and the caller reports and exits with 143 (128 + 15).
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """`swapped`: set by whoever catches it mid-write, when the new database had already been swapped in."""

    swapped = False

    def __init__(self):
        super().__init__("terminated by SIGTERM")


def _raise(_signum, _frame):
    # One SIGTERM is enough: more (a impatient `systemctl stop`, `timeout -k`) must not interrupt the
    # run while it records what is true. The context restores the previous handler on the way out.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


@contextmanager
def exit_on_sigterm():
    """Turn SIGTERM into `Terminated` for the duration (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
