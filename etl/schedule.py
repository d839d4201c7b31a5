"""`jjj schedule`: a single-process scheduler for hosts without systemd timers or cron.

Like a systemd timer with Persistent=true, the next run is due one interval after the last
recorded run (data/refresh-runs.jsonl), so a scheduler restarted mid-week neither runs twice nor
skips a week. It is one dedicated process; never start it inside the dashboard's workers (each
gunicorn worker would start its own). The refresh lock still guards against a second scheduler.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


MIN_INTERVAL, MAX_INTERVAL = 60.0, 366 * 86400.0  # a minute to a year: beyond, a typo, not a schedule


def parse_interval(text: str) -> float:
    """"7d", "12h", "30m", "1w", "90s" or plain seconds → seconds, between a minute and 366 days."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"interval {text!r}: use e.g. 7d, 12h, 30m or seconds")
    seconds = float(match.group(1)) * _UNITS[match.group(2) or "s"]
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        raise ValueError(f"interval {text!r} is {seconds:.3g} s: it must be between 1 minute and 366 days")
    return seconds


def seconds_until_due(last_run_iso: str | None, interval: float, now: datetime | None = None) -> float:
    """0 when a run is due now (never ran, the interval has passed since the last run, or the last
    run's time cannot be read)."""
    if not last_run_iso:
        return 0.0
    try:
        last = datetime.fromisoformat(last_run_iso)
    except (TypeError, ValueError):
        return 0.0
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    elapsed = (now - last).total_seconds()
    return min(interval, max(0.0, interval - elapsed))


def run_schedule(job: Callable[[], int], last_run: Callable[[], str | None], interval: float,
                 once: bool = False, sleep: Callable[[float], None] = time.sleep,
                 log: Callable[[str], None] = print) -> int:
    """Run `job` whenever it is due; with `once`, wait for the next due run, do it and return its code."""
    while True:
        wait = seconds_until_due(last_run(), interval)
        if wait > 0:
            log(f"next refresh in {wait / 3600:.1f} h")
            sleep(wait)
            continue
        code = job()
        if once:
            return code
