"""`jjj refresh`: one unattended run: lock → fetch → verify → scan → build beside → diff → swap → record.

The build is `jjj build`'s (etl/stream_build.py): rows stream into the new database, so memory does not
grow with the data; the change log is diffed in SQL; a run whose new database has the live one's content
discards it before the swap (a no-op).

Where each run is recorded (every outcome, so that a quiet week is visible too):
- `data/refresh-runs.jsonl` beside the database: one JSON line per run, whatever its outcome
  (ok, degraded, no-op, failed, refused, rolled-back), preceded by a "started" line with the same
  run_uuid, so a killed run shows as started and never finished (etl/runlog.py reads it). It is the
  operator's log; no-op and failed runs swap in no database, so this file is the only place they can be written.
- the database itself: a run that swaps a new database in adds its row to `etl_runs` (status ok,
  or degraded when an external source failed and its last good copy was used) and its change log
  to `changes`; both tables are carried into every later database, so the dashboard shows them.
A failure at any step leaves the live database untouched and serving.
"""
from __future__ import annotations

import json
import traceback
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.exc import DatabaseError

import paths
from db.engine import describe_url, error_reason, is_sqlite, sqlite_path
from db.history import archived, other_schema_note, roll_back
from db.schema import SCHEMA_VERSION
from db.write import AFTER_SWAP, now_iso, rollback_postgres
from vocab import RefreshOutcome as R

from .external import cache_paths, load_series, parse_rows
from .faults import BEFORE_RECORD, fault_point
from .fetch import fetch_to_cache
from .leftovers import remove_stale_builds
from .live import LiveUnreadable, NotOurDatabase, is_live, last_run, live_state, take_stock
from .load import load_catalog
from .lock import RefreshLock, data_dir_unusable
from .runlog import append_line, read_runs
from .scan import Finding, scan_catalog
from .stream_build import build_streaming, check_lean
from .terminate import Terminated, exit_on_sigterm
from .validate import CatalogInvalid

REFRESH_MESSAGE = "refresh:"  # how a refresh's own row in etl_runs begins (a build's says "build")
EXIT_CODES = {R.OK: 0, R.NO_OP: 0, R.ROLLED_BACK: 0, R.FAILED: 1, R.DEGRADED: 3, R.REFUSED: 75}


class RefreshFailed(RuntimeError):
    pass


@dataclass
class RefreshOptions:
    entry: Path
    url: str
    keep: int = 5                 # replaced databases kept for `jjj rollback`
    fetch_timeout: float = 15.0   # seconds per HTTP attempt
    fetch_attempts: int = 3
    fetch_backoff: float = 1.0    # seconds before the 2nd attempt, doubled after

    @property
    def data_dir(self) -> Path:
        """Where the run log and the lock live: beside a SQLite file; for PostgreSQL, data/ (or
        $JJJ_DATA_DIR) on the host that runs the refresh."""
        return paths.operator_dir(sqlite_path(self.url) if is_sqlite(self.url) else None)


@dataclass
class RunRecord:
    run_uuid: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    started_at: str = field(default_factory=now_iso)
    finished_at: str = ""
    status: str = "running"
    swapped: bool = False
    database: str = ""
    data_version: str = ""
    previous_version: str = ""
    input_hashes: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    external: list = field(default_factory=list)
    scan: dict = field(default_factory=dict)
    error: str = ""
    notes: list = field(default_factory=list)  # things the operator should know, e.g. a database set aside
    # for the printed summary only, not logged
    change_log: list = field(default_factory=list, repr=False)  # the run's first entries (stream_build.CHANGE_SAMPLE)
    findings: list = field(default_factory=list, repr=False)
    writing: bool = field(default=False, repr=False)  # the new database is being written (and may be live)

    def log_line(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k not in ("change_log", "findings", "writing")}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def runs_log_path(opts: RefreshOptions) -> Path:
    return paths.run_log(opts.data_dir)


def lock_path(opts: RefreshOptions) -> Path:
    return paths.refresh_lock(opts.data_dir)


def append_run(path: Path, record: RunRecord) -> None:
    try:
        append_line(path, record.log_line())
    except OSError as exc:  # a full or read-only data directory: one clear message, not a traceback
        raise data_dir_unusable(path.parent, exc) from None


def _fetch_external(opts: RefreshOptions, record: RunRecord) -> bool:
    """Bring every external series' cache up to date; True when one failed and its last copy is used."""
    raw = load_catalog(opts.entry)
    series_list, errors = load_series(raw)
    if errors:
        raise CatalogInvalid(errors)
    regions = {r.data.get("id") for r in raw.regions}
    units = {r.data.get("id"): r.data.get("unit") for r in raw.indicators}
    degraded = False
    for series, _record in series_list:
        csv_path, meta_path = cache_paths(raw.root, series.id)
        outcome = fetch_to_cache(
            series.id, series.source, raw.root, csv_path, meta_path,
            check=lambda text, s=series: parse_rows(s, text, regions, units.get(s.indicator))[1],
            timeout=opts.fetch_timeout, attempts=opts.fetch_attempts, backoff=opts.fetch_backoff)
        record.external.append(outcome.as_dict())
        if outcome.status == "failed":  # a fetch outcome (etl/fetch.py), not a run's
            if not outcome.has_copy:
                raise RefreshFailed(f"external series {series.id}: {outcome.message}; no earlier copy to fall back on")
            degraded = True
    return degraded


def _run(opts: RefreshOptions, record: RunRecord) -> None:
    degraded = _fetch_external(opts, record)                 # 2. external inputs
    catalog = check_lean(opts.entry, rows=False)             # 3. every hash and quote (external rows as they stream)
    record.findings = scan_catalog(opts.entry)               # 4. figures nobody coded yet
    record.scan = {"uncovered": len(record.findings),
                   "documents": sorted({f.file for f in record.findings})}
    live, note = take_stock(opts.url, with_snapshot=False)
    if note:
        record.notes.append(note)
    record.previous_version = live["data_version"] if live else ""
    status = R.DEGRADED if degraded else R.OK

    def go_on(result) -> bool:
        """The new database is written but not yet recorded or swapped: same content as the live one? Then
        it is discarded and the run is a no-op (or degraded), as when nothing was built."""
        record.data_version, record.input_hashes = result.data_version, result.input_hashes
        record.counts = result.counts()
        # the same content in an older schema is not a no-op: this code cannot read that database's tables
        if live and live["data_version"] == result.data_version and live["input_hashes"] == result.input_hashes \
                and str(live["schema_version"]) == str(SCHEMA_VERSION):
            record.status = R.DEGRADED if degraded else R.NO_OP
            return False
        record.writing = True  # from here a SIGTERM may come after the swap: _settle_terminated asks the database
        return True

    def on_phase(phase: str) -> None:
        if phase == AFTER_SWAP:  # from here on the new database is live, whatever happens next
            record.swapped, record.status = True, status
        fault_point(phase)

    def message(changes: dict) -> str:                       # 6. the change log, diffed in SQL
        record.changes = changes
        return _message(record)

    result, run = build_streaming(opts.entry, opts.url, message, catalog, keep=opts.keep,   # 5 + 7
                                  status=status.value, started_at=record.started_at, on_phase=on_phase,
                                  stock=(live, note), go_on=go_on)
    if run is None:
        return
    record.changes, record.change_log = result.changes, result.change_sample
    record.swapped, record.status = True, status


def _message(record: RunRecord) -> str:
    parts = [f"{t} +{c['added']} ~{c['changed']} -{c['removed']}" for t, c in record.changes.items()]
    failed = [e["series"] for e in record.external if e["status"] == "failed"]
    return f"{REFRESH_MESSAGE} " + "; ".join(parts) + (f"; stale external: {', '.join(failed)}" if failed else "")


def refresh(opts: RefreshOptions) -> RunRecord:
    """One run. Raises AlreadyRunning (nothing done) when another run holds the lock.

    The "started" line is always followed by a true outcome line while the process can still write.
    SIGTERM ends it cleanly: before the swap the half-built file is removed and the run is recorded as
    failed; after the swap the new database is live and the run is recorded as what it is (ok or
    degraded, swapped). Either way `Terminated` is raised, with the record attached, for the caller to
    report and exit with."""
    log = runs_log_path(opts)
    with RefreshLock(lock_path(opts)), exit_on_sigterm():   # 1.
        record = RunRecord(database=describe_url(opts.url))
        append_run(log, RunRecord(run_uuid=record.run_uuid, started_at=record.started_at,
                                  database=record.database, status=R.STARTED))
        try:
            _attempt(opts, record)
            fault_point(BEFORE_RECORD)
        except Terminated as exc:
            _settle_terminated(opts, record)
            append_run(log, record)
            exc.record, exc.swapped = record, record.swapped
            raise
        append_run(log, record)                                # 8.
        return record


def _attempt(opts: RefreshOptions, record: RunRecord) -> None:
    """Steps 2-7; any failure but SIGTERM ends up in the record."""
    try:
        record.notes += cleanup_leftovers(opts.url)
        record.notes += reconcile_killed_runs(opts, record.run_uuid)
        _run(opts, record)
    except CatalogInvalid as exc:
        record.status, record.error = R.FAILED, f"catalog invalid ({len(exc.errors)} error(s)):\n{exc.report()}"
    except NotOurDatabase as exc:
        record.status, record.error = R.FAILED, str(exc)
    except DatabaseError as exc:  # a server down, a disk full: what the driver says is the whole story
        record.status, record.error = R.FAILED, f"cannot use the database {record.database}: {error_reason(exc)}"
    except OSError as exc:
        record.status, record.error = R.FAILED, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - any failure is recorded, the live database stays
        record.status, record.error = R.FAILED, f"{type(exc).__name__}: {exc}"
        record.error += "\n" + traceback.format_exc(limit=3)
    record.finished_at = now_iso()


def _settle_terminated(opts: RefreshOptions, record: RunRecord) -> None:
    """What is true after a SIGTERM: was the new database swapped in? (The swap and the flag saying so are
    two steps; the live database's own newest run settles it.)"""
    record.finished_at = record.finished_at or now_iso()
    if not record.swapped and record.writing:
        record.swapped = is_live(opts.url, record.data_version, record.started_at)
    if record.swapped:
        record.status = R.DEGRADED if any(e["status"] == "failed" for e in record.external) else R.OK
        record.notes.append("stopped by SIGTERM after the swap: the new database is live")
    else:
        record.status, record.error = R.FAILED, "terminated by SIGTERM"
        record.notes.append("stopped by SIGTERM before the swap: the live database was not touched")


def reconcile_killed_runs(opts: RefreshOptions, run_uuid: str) -> list[str]:
    """A run killed outright after its swap (SIGKILL, power cut) left only its "started" line, while its
    database went live and records it as ok: write the outcome line it could not, from that record.
    Runs killed before their swap stay "started" (never finished), which is what happened.

    The match is by started_at, to the second: a `jjj build` that started in the same second as a
    refresh later killed before its swap has the same started_at, so only a live row a refresh wrote
    (its message says so) can be a killed refresh's; otherwise that run would be logged "ok, swapped"
    while its database never went live."""
    live_run = last_run(opts.url)
    if live_run is None or not (live_run.get("message") or "").startswith(REFRESH_MESSAGE):
        return []  # no database, or one a build wrote: no refresh's run is live
    runs = read_runs(runs_log_path(opts))
    if any(r.get("started_at") == live_run["started_at"] and r.get("swapped") for r in runs):
        return []  # the live database's run is already on record
    for run in runs:
        if run.get("status") == R.STARTED and run.get("run_uuid") != run_uuid and \
                run.get("started_at") == live_run["started_at"]:
            fixed = RunRecord(run_uuid=run["run_uuid"], started_at=run["started_at"],
                              finished_at=live_run["finished_at"], status=live_run["status"], swapped=True,
                              database=run.get("database", ""),
                              data_version=live_run["data_version"],
                              notes=[f"killed after its swap, before it could record this; recorded by run {run_uuid} "
                                     "from the live database's own record"])
            append_run(runs_log_path(opts), fixed)
            return [f"run {run['run_uuid']} was killed after its swap: its database is live; its outcome "
                    f"({live_run['status']}) is now recorded"]
    return []


def cleanup_leftovers(url: str) -> list[str]:
    """Under the lock: remove the half-built files of killed builds; notes saying what went."""
    if not is_sqlite(url):
        return []  # PostgreSQL: each build drops the schema a killed one left
    removed = remove_stale_builds(sqlite_path(url).resolve())
    return [f"removed {len(removed)} file(s) left by a killed build: {', '.join(p.name for p in removed)}"] \
        if removed else []


def record_refused(opts: RefreshOptions, message: str) -> RunRecord:
    record = RunRecord(database=describe_url(opts.url), status=R.REFUSED, error=message, finished_at=now_iso())
    append_run(runs_log_path(opts), record)
    return record


def rollback(opts: RefreshOptions, any_schema: bool = False) -> RunRecord:
    """Put the previous database back. Takes the refresh lock: never during a refresh. One built with another
    schema than this code's raises OtherSchema and changes nothing, unless `any_schema` (then the note says
    that `jjj serve`/`jjj build` will rebuild it)."""
    with RefreshLock(lock_path(opts)):
        try:
            state = live_state(opts.url, with_snapshot=False)
        except LiveUnreadable:  # the very case for a rollback
            state = None
        if is_sqlite(opts.url):
            live = sqlite_path(opts.url).resolve()
            restored, version, found, skipped = roll_back(live, opts.keep, SCHEMA_VERSION, any_schema)
            note = "".join(f"skipped {path.name}: {why} (moved to history/unreadable)\n" for path, why in skipped)
            note += f"restored {restored.name}; {len(archived(live))} older database(s) left"
        else:
            schema, version, found = rollback_postgres(opts.url, opts.keep, any_schema)
            note = f"restored schema {schema}"
        if found != SCHEMA_VERSION:
            note += other_schema_note(found, SCHEMA_VERSION)
        record = RunRecord(database=describe_url(opts.url), status=R.ROLLED_BACK, swapped=True, data_version=version,
                           previous_version=state["data_version"] if state else "", finished_at=now_iso(),
                           error=note)
        append_run(runs_log_path(opts), record)
        return record


__all__ = ["refresh", "rollback", "RefreshOptions", "RunRecord", "Finding", "EXIT_CODES", "read_runs"]
