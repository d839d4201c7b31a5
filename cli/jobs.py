"""The unattended commands around etl/refresh.py: refresh, rollback, schedule (registered in cli/main.py)."""
from __future__ import annotations

from pathlib import Path

import typer

from db.engine import database_url
from vocab import RefreshOutcome as R

from .common import CATALOG_OPT, DB_OPT, KEEP_OPT, fail


def _refresh_options(catalog: Path, db: Path | None, keep: int, timeout: float = 15.0):
    from etl.refresh import RefreshOptions
    return RefreshOptions(entry=catalog, url=database_url(db), keep=keep, fetch_timeout=timeout)


def _refresh_once(opts) -> int:
    """One refresh; its exit status. SIGTERM ends the process (typer.Exit), a scheduler's loop included."""
    from etl.lock import EXIT_LOCKED, AlreadyRunning, DataDirUnusable
    from etl.refresh import EXIT_CODES, record_refused
    from etl.refresh import refresh as run_refresh
    from etl.report import format_summary
    from etl.terminate import EXIT_TERMINATED, Terminated
    try:
        record = run_refresh(opts)
    except AlreadyRunning as exc:
        try:
            record_refused(opts, str(exc))
        except DataDirUnusable:
            pass  # the message below is the news
        typer.secho(str(exc), fg=typer.colors.YELLOW, err=True)
        return EXIT_LOCKED
    except DataDirUnusable as exc:
        fail(str(exc))
    except Terminated as exc:
        record = getattr(exc, "record", None)
        if record is not None and record.swapped:  # finished and recorded: exit as the run's outcome
            typer.secho(format_summary(record), fg=typer.colors.YELLOW, err=True)
            raise typer.Exit(EXIT_CODES[record.status]) from None
        recorded = "the run is recorded as failed" if record is not None else "no run was recorded"
        typer.secho(f"Refresh {exc}: the live database was not touched; {recorded}.",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_TERMINATED) from None
    color = {R.OK: typer.colors.GREEN, R.NO_OP: None, R.DEGRADED: typer.colors.YELLOW}.get(record.status,
                                                                                        typer.colors.RED)
    typer.secho(format_summary(record), fg=color, err=record.status == R.FAILED)
    return EXIT_CODES.get(record.status, 1)


def refresh(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT, keep: int = KEEP_OPT,
            timeout: float = typer.Option(15.0, help="Seconds per attempt to fetch an external source.")) -> None:
    """One unattended run: lock, fetch external inputs, verify, scan, build beside, diff, swap, record.

    Exit status: 0 ok or nothing changed; 3 degraded (an external source failed, its last good copy
    was used); 1 failed (the live database keeps serving); 75 another run holds the lock; 143 stopped
    by SIGTERM before the swap (the half-built file is removed, the live database keeps serving).
    SIGTERM after the swap: the new database is live, the run is recorded as ok (or degraded) and the
    exit status is that outcome's."""
    raise typer.Exit(_refresh_once(_refresh_options(catalog, db, keep, timeout)))


def rollback(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT, keep: int = KEEP_OPT,
             any_schema: bool = typer.Option(
                 False, "--any-schema", help="Restore it even when it was built with another schema than this "
                                             "code's; `jjj serve` and `jjj build` will then rebuild it.")) -> None:
    """Put the previous database back in service (SQLite: data/history; PostgreSQL: schemas jjj_hist_*).

    One built with another schema is refused, nothing changed (`jjj serve` would rebuild it): see --any-schema."""
    from db.history import NothingToRollBack, OtherSchema
    from etl.lock import EXIT_LOCKED, AlreadyRunning, DataDirUnusable
    from etl.refresh import RefreshFailed
    from etl.refresh import rollback as run_rollback
    from etl.report import format_summary
    try:
        record = run_rollback(_refresh_options(catalog, db, keep), any_schema=any_schema)
    except AlreadyRunning as exc:
        fail(str(exc), EXIT_LOCKED)
    except (NothingToRollBack, OtherSchema, RefreshFailed, DataDirUnusable) as exc:
        fail(str(exc))
    typer.secho(format_summary(record), fg=typer.colors.YELLOW if "built with schema" in record.error
                else typer.colors.GREEN)


def schedule(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT, keep: int = KEEP_OPT,
             interval: str = typer.Option("7d", help="Time between runs: 7d, 12h, 30m, or seconds."),
             once: bool = typer.Option(False, "--once", help="Wait for the next due run, do it, exit.")) -> None:
    """A single-process weekly scheduler for hosts without systemd timers or cron (never in the dashboard)."""
    from etl.refresh import read_runs, runs_log_path
    from etl.schedule import parse_interval, run_schedule
    opts = _refresh_options(catalog, db, keep)
    try:
        seconds = parse_interval(interval)
    except ValueError as exc:
        fail(str(exc))

    def last_run():
        done = [r for r in read_runs(runs_log_path(opts), warn=lambda m: typer.secho(m, fg=typer.colors.YELLOW))
                if r.get("status") not in (R.STARTED, R.REFUSED, R.ROLLED_BACK)
                and isinstance(r.get("started_at"), str)]
        return done[-1]["started_at"] if done else None

    raise typer.Exit(run_schedule(lambda: _refresh_once(opts), last_run, seconds, once=once, log=typer.echo))
