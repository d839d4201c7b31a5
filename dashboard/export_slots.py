"""How many downloads one server process streams at once.

A download holds a server thread for as long as it streams, so each process takes a slot per
download without waiting and turns a request away when none is free, leaving the other threads
to the pages. The number is JJJ_MAX_EXPORTS (app.config, else the environment; `jjj serve
--max-exports` sets it), 4 by default.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable

from flask import Flask

MAX_EXPORTS_ENV = "JJJ_MAX_EXPORTS"
DEFAULT_MAX_EXPORTS = 4

_lock = threading.Lock()


class ExportSlots:
    """At most `size` exports at once; a request that finds none free is turned away."""

    def __init__(self, size: int):
        self.size = size
        self._free = threading.BoundedSemaphore(size)

    def take(self) -> Callable[[], None] | None:
        """A slot's release (safe to call more than once), or None if every slot is taken: never waits."""
        if not self._free.acquire(blocking=False):
            return None
        return once(self._free.release)


def export_slots(app: Flask) -> ExportSlots:
    """The app's slots, made on first use."""
    with _lock:
        slots = app.extensions.get("jjj_export_slots")
        if slots is None:
            size = app.config.get(MAX_EXPORTS_ENV) or os.environ.get(MAX_EXPORTS_ENV) or DEFAULT_MAX_EXPORTS
            slots = app.extensions["jjj_export_slots"] = ExportSlots(max(1, int(size)))
        return slots


def once(action: Callable[[], None]) -> Callable[[], None]:
    """A callable that runs `action` the first time it is called, and does nothing after."""
    done = threading.Lock()

    def run() -> None:
        if done.acquire(blocking=False):
            action()
    return run


__all__ = ["ExportSlots", "export_slots", "once", "MAX_EXPORTS_ENV", "DEFAULT_MAX_EXPORTS"]
