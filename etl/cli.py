"""`jjj`: check, build, export and inspect the indicator database."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer

from db.engine import database_url, describe_url, read_engine
from vocab import RefreshOutcome as R

from .cli_tables import PROGRESS_COLUMNS, print_table, progress_cells
from .validate import CatalogInvalid

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="The Beijing–Tianjin–Hebei indicator database: catalog → ETL → database → dashboard.")

CATALOG_OPT = typer.Option(Path("indicators.yaml"), "--catalog", help="The catalog's entry file.")
DB_OPT = typer.Option(None, "--db", help="SQLite file (default: $DATABASE_URL, else data/jjj.db).")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _checked(catalog: Path, rows: bool = True):
    """The checked catalog; `rows=False` leaves external series rows to the build, which checks them as it
    writes them (one pass over a million rows, not two)."""
    from .stream_build import check_lean  # external rows checked as they stream, not held
    try:
        return check_lean(catalog, rows=rows)
    except CatalogInvalid as exc:
        _invalid(exc)
    finally:
        _say_drafts(catalog)


def _say_drafts(catalog: Path) -> None:
    """Drafts are never built: say so, and how to accept them."""
    from .draft.pending import notice
    from .load import load_catalog
    for line in notice(load_catalog(catalog).drafts):
        typer.secho(f"Note: {line}", fg=typer.colors.YELLOW, err=True)


def _invalid(exc: CatalogInvalid):
    typer.secho(f"The catalog has {len(exc.errors)} error(s):", fg=typer.colors.RED, err=True)
    typer.echo(exc.report(), err=True)
    typer.secho("Nothing was written.", err=True)
    raise typer.Exit(2)


@app.command()
def check(catalog: Path = CATALOG_OPT) -> None:
    """Validate the catalog and verify every quote against its document. Writes nothing."""
    cat = _checked(catalog)
    kinds = Counter(s.statement.kind for s in cat.statements)
    kinds["observed"] += cat.external_rows()
    typer.secho(f"OK: {sum(kinds.values())} statements ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
                f"{len(cat.indicators)} indicators, {len(cat.regions)} regions, {len(cat.documents)} documents, "
                f"{len(cat.exclusions)} exclusions; every quote found in its document.", fg=typer.colors.GREEN)


@app.command()
def build(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT) -> None:
    """Build the database beside the live one, check it, and swap it in."""
    _build_locked(catalog, database_url(db))


def _build_locked(catalog: Path, url: str, checked=None) -> None:
    from .build import build as run_build
    from .live import NotOurDatabase
    from .lock import EXIT_LOCKED, AlreadyRunning, DataDirUnusable, RefreshLock
    from .refresh import RefreshOptions, cleanup_leftovers, lock_path
    from .terminate import EXIT_TERMINATED, Terminated, exit_on_sigterm
    checked = checked or _checked(catalog, rows=False)
    try:  # the refresh's lock: a build and a refresh never write the same database at once
        with RefreshLock(lock_path(RefreshOptions(catalog, url))), exit_on_sigterm():
            notes = cleanup_leftovers(url)
            dataset, run = run_build(catalog, url, catalog=checked)
    except AlreadyRunning as exc:
        _fail(str(exc), EXIT_LOCKED)
    except (DataDirUnusable, NotOurDatabase) as exc:
        _fail(str(exc))
    except CatalogInvalid as exc:  # a bad external row, found while writing: the new file was discarded
        _invalid(exc)
    except Terminated as exc:
        if exc.swapped:  # its work was done: say so, and exit as a finished build
            typer.secho(f"Build {exc} after the swap: the new database {describe_url(url)} is live and its run "
                        "is recorded in it.", fg=typer.colors.YELLOW, err=True)
            raise typer.Exit(0) from None
        _fail(f"Build {exc}: the live database was not touched; the half-built file was removed.",
              EXIT_TERMINATED)
    for note in notes + ([run["note"]] if run.get("note") else []):
        typer.secho(f"Note: {note}", fg=typer.colors.YELLOW, err=True)
    counts = dataset.counts()
    typer.secho(f"Built {describe_url(url)} (data version {dataset.data_version}).", fg=typer.colors.GREEN)
    typer.echo("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    contradictions = [c for c in dataset.conflicts if c["status"] == "contradiction"]
    typer.echo(f"  conflicts: {len(dataset.conflicts)} ({len(contradictions)} contradictions); "
               "see `jjj stats` and the conflicts table")


@app.command()
def export(csv: Path = typer.Option(..., "--csv", help="Where to write the tidy CSV (UTF-8 with BOM)."),
           db: Path | None = DB_OPT) -> None:
    """Write every observation, change, derived value and target as one tidy CSV."""
    from db.export import TIDY_COLUMNS, csv_batches, tidy_query
    engine = _engine(db)
    csv.parent.mkdir(parents=True, exist_ok=True)
    tmp = csv.with_name(csv.name + ".part")
    n = 0
    with engine.connect() as conn, open(tmp, "wb") as fh:
        for rows, text in csv_batches(conn, tidy_query(), TIDY_COLUMNS):  # what the download streams, byte for byte
            fh.write(text.encode())
            n += rows
    tmp.replace(csv)
    typer.echo(f"Wrote {n} rows to {csv}")


def _engine(db: Path | None):
    """A read-only engine on a database checked to be readable, or one clear line and exit 1."""
    from sqlalchemy.exc import DatabaseError

    from db.engine import error_reason
    from db.queries import meta
    url = database_url(db)
    try:
        engine = read_engine(url)
        with engine.connect() as conn:
            meta(conn)
        return engine
    except FileNotFoundError as exc:
        _fail(str(exc))
    except DatabaseError as exc:
        reason = error_reason(exc)
        hint = " (run `jjj build` to make it)" if "no such table" in reason or "does not exist" in reason else ""
        _die(f"cannot use the database {describe_url(url)}: {reason}{hint}")


@app.command()
def stats(db: Path | None = DB_OPT) -> None:
    """Counts per document, theme and kind; targets; conflicts."""
    from db import queries
    engine = _engine(db)
    with engine.connect() as conn:
        s = queries.stats(conn)
    typer.secho(f"Data version {s['meta'].get('data_version')}, built {s['meta'].get('built_at')}", bold=True)
    print_table("Statements per document", ["document", "date", "observed", "change", "derived", "target", "total"],
                s["per_document"])
    print_table("Statements per theme", ["theme", "indicators", "observed", "change", "derived", "target", "total"],
                s["per_theme"])
    print_table("Targets", ["indicator", "region", "year", "value", "unit", "as written"], s["targets"])
    print_table("Conflicts", ["indicator", "region", "period", "kind", "status", "note"], s["conflicts"])


@app.command()
def progress(db: Path | None = DB_OPT, all_rows: bool = typer.Option(
        False, "--all", help="Every indicator and region, not only those with a target.")) -> None:
    """Baseline, current, target, rates, projection and status per indicator and region."""
    from db import queries
    engine = _engine(db)
    with engine.connect() as conn:
        rows = [progress_cells(p) for p in queries.progress_list(conn) if all_rows or p.target_value is not None]
    print_table("Progress toward targets" if not all_rows else "Progress", PROGRESS_COLUMNS, rows)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8050, db: Path | None = DB_OPT, catalog: Path = CATALOG_OPT,
          workers: int = typer.Option(2, help="gunicorn worker processes (size to cores)."),
          threads: int = typer.Option(16, min=1, help="Threads per worker: requests each serves at once."),
          max_exports: int = typer.Option(4, min=1, help="Downloads each worker streams at once; more get a 503 "
                                                         "with Retry-After, so downloads never take every thread.")
          ) -> None:
    """Serve the dashboard with gunicorn, reading the database read-only; build it first if needed."""
    import os

    from .build import needs_build
    if max_exports >= threads:
        _fail(f"--max-exports ({max_exports}) must be below --threads ({threads}): the pages need threads too.")
    url = database_url(db)
    reason = needs_build(catalog, url)
    if reason:
        _build_or_keep(catalog, url, reason)
    sys.stdout.flush()  # execv drops what is still buffered
    sys.stderr.flush()
    os.environ["JJJ_DATABASE_URL"] = url
    os.environ["JJJ_MAX_EXPORTS"] = str(max_exports)
    from paths import GUNICORN_CONFIG  # timeouts and keep-alive, the same file the benchmarks serve with
    argv = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG, "--bind", f"{host}:{port}",
            "--workers", str(workers), "--threads", str(threads), "dashboard.app:create_server()"]
    os.execv(sys.executable, argv)


def _build_or_keep(catalog: Path, url: str, reason: str) -> None:
    """Before serving: build when the catalog is valid; else serve a usable existing database, with a warning."""
    from .build import usable_live
    from .stream_build import check_lean as run_check
    try:
        checked = run_check(catalog)
    except CatalogInvalid as exc:
        if usable_live(url):
            typer.secho(f"Warning: the catalog has {len(exc.errors)} error(s) (run `jjj check` to list them), so "
                        f"the database was not rebuilt; serving {describe_url(url)} as it is ({reason}).",
                        fg=typer.colors.YELLOW, err=True)
            return
        typer.secho(f"The catalog has {len(exc.errors)} error(s):", fg=typer.colors.RED, err=True)
        typer.echo(exc.report(), err=True)
        _fail(f"Nothing to serve: {reason}, and the catalog cannot be built.", 2)
    typer.echo(f"Building the database first: {reason}.")
    _build_locked(catalog, url, checked)


# --- The refresh job (etl/refresh.py): refresh, rollback, scan, schedule ---

KEEP_OPT = typer.Option(5, "--keep", help="How many replaced databases to keep in data/history for rollback.")


def _refresh_options(catalog: Path, db: Path | None, keep: int, timeout: float = 15.0):
    from .refresh import RefreshOptions
    return RefreshOptions(entry=catalog, url=database_url(db), keep=keep, fetch_timeout=timeout)


def _refresh_once(opts) -> int:
    """One refresh; its exit status. SIGTERM ends the process (typer.Exit), a scheduler's loop included."""
    from .lock import EXIT_LOCKED, AlreadyRunning, DataDirUnusable
    from .refresh import EXIT_CODES, record_refused
    from .refresh import refresh as run_refresh
    from .report import format_summary
    from .terminate import EXIT_TERMINATED, Terminated
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
        _fail(str(exc))
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


@app.command()
def refresh(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT, keep: int = KEEP_OPT,
            timeout: float = typer.Option(15.0, help="Seconds per attempt to fetch an external source.")) -> None:
    """One unattended run: lock, fetch external inputs, verify, scan, build beside, diff, swap, record.

    Exit status: 0 ok or nothing changed; 3 degraded (an external source failed, its last good copy
    was used); 1 failed (the live database keeps serving); 75 another run holds the lock; 143 stopped
    by SIGTERM before the swap (the half-built file is removed, the live database keeps serving).
    SIGTERM after the swap: the new database is live, the run is recorded as ok (or degraded) and the
    exit status is that outcome's."""
    raise typer.Exit(_refresh_once(_refresh_options(catalog, db, keep, timeout)))


@app.command()
def rollback(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT, keep: int = KEEP_OPT) -> None:
    """Put the previous database back in service (SQLite: data/history; PostgreSQL: schemas jjj_hist_*)."""
    from db.history import NothingToRollBack

    from .lock import EXIT_LOCKED, AlreadyRunning, DataDirUnusable
    from .refresh import RefreshFailed
    from .refresh import rollback as run_rollback
    from .report import format_summary
    try:
        record = run_rollback(_refresh_options(catalog, db, keep))
    except AlreadyRunning as exc:
        _fail(str(exc), EXIT_LOCKED)
    except (NothingToRollBack, RefreshFailed, DataDirUnusable) as exc:
        _fail(str(exc))
    typer.secho(format_summary(record), fg=typer.colors.GREEN)


@app.command()
def scan(catalog: Path = CATALOG_OPT, strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when a coded document has a figure no quote covers.")) -> None:
    """List the figures in sources/ that no statement or exclusion quote covers, with their sentence."""
    from .scan import scan_catalog
    findings = scan_catalog(catalog)
    by_file: dict[str, list] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    for file, items in by_file.items():
        doc = items[0].document_id or "no metadata in sources/meta: not coded yet"
        typer.secho(f"\n{file} ({doc}): {len(items)} figure(s) not in the catalog", bold=True)
        for f in items:
            typer.echo(f"  line {f.line}: {f.figure}  «{f.sentence}»")
    coded = [f for f in findings if f.document_id]
    typer.secho(f"\n{len(findings)} figure(s) not covered by a quote ({len(coded)} in coded documents). "
                "Code them, or list them under `excluded:` with a reason.",
                fg=typer.colors.GREEN if not findings else typer.colors.YELLOW)
    if strict and coded:
        raise typer.Exit(1)


@app.command()
def draft(files: list[Path] = typer.Argument(None, help="Documents in sources/ to draft."),
          all_new: bool = typer.Option(False, "--all", help="Every document in sources/ with no metadata yet."),
          accept: str | None = typer.Option(None, "--accept", metavar="ID",
                                               help="Accept document ID's reviewed drafts."),
          doc_id: str | None = typer.Option(None, "--id",
                                               help="The new document's id (default: from its file name)."),
          catalog: Path = CATALOG_OPT) -> None:
    """Propose a new document's metadata, statements, indicators and regions for review (etl/draft/)."""
    from .draft.command import draft_command
    raise typer.Exit(draft_command(catalog, files or [], all_new, accept, doc_id, typer.echo,
                                   lambda m: typer.secho(m, fg=typer.colors.RED, err=True)))


@app.command()
def schedule(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT, keep: int = KEEP_OPT,
             interval: str = typer.Option("7d", help="Time between runs: 7d, 12h, 30m, or seconds."),
             once: bool = typer.Option(False, "--once", help="Wait for the next due run, do it, exit.")) -> None:
    """A single-process weekly scheduler for hosts without systemd timers or cron (never in the dashboard)."""
    from .refresh import read_runs, runs_log_path
    from .schedule import parse_interval, run_schedule
    opts = _refresh_options(catalog, db, keep)
    try:
        seconds = parse_interval(interval)
    except ValueError as exc:
        _fail(str(exc))

    def last_run():
        done = [r for r in read_runs(runs_log_path(opts), warn=lambda m: typer.secho(m, fg=typer.colors.YELLOW))
                if r.get("status") not in (R.STARTED, R.REFUSED, R.ROLLED_BACK)
                and isinstance(r.get("started_at"), str)]
        return done[-1]["started_at"] if done else None

    raise typer.Exit(run_schedule(lambda: _refresh_once(opts), last_run, seconds, once=once, log=typer.echo))


def main() -> None:
    """The `jjj` command: database problems become one clear line, not a traceback."""
    from sqlalchemy.exc import DatabaseError

    from db.engine import DatabaseConfigError, error_reason
    try:
        app()
    except DatabaseConfigError as exc:
        _die(str(exc))
    except DatabaseError as exc:
        _die(f"cannot use the database ({error_reason(exc)})")


def _die(message: str) -> None:
    typer.secho(f"jjj: {message}", fg=typer.colors.RED, err=True)
    sys.exit(1)


if __name__ == "__main__":
    main()

