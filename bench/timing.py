"""Wall time and peak memory of one child command (bench/bench.py, bench/postgres_rows.py), and two measures
taken in turns (bench/first_chart.py, bench/page_switch.py)."""
from __future__ import annotations

import resource
import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed_command(args: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and the child's peak memory (MB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, **kwargs)
    seconds = time.perf_counter() - start
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def taking_turns(runs: int, ours: Callable[[], T], floor: Callable[[], T]) -> tuple[list[T], list[T]]:
    """`runs` results of each, the two taking turns and which goes first alternating: on a shared two-core
    machine the load drifts within a minute, and taking turns shows both the same machine."""
    mine: list[T] = []
    floors: list[T] = []
    for turn in range(runs):
        loads = [lambda: mine.append(ours()), lambda: floors.append(floor())]
        for load_once in loads if turn % 2 == 0 else reversed(loads):
            load_once()
    return mine, floors
