"""Wall time and peak memory of one child command (bench/bench.py, bench/postgres_rows.py)."""
from __future__ import annotations

import resource
import subprocess
import time


def timed_command(args: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and the child's peak memory (MB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, **kwargs)
    seconds = time.perf_counter() - start
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
