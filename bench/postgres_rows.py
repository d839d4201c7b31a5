"""`make bench PG=postgresql://…`: issue 11's measures on PostgreSQL too ("no cold cost per worker …
Measure it on PostgreSQL too"), each against the same kind of floor as on SQLite, in the same run:

  load         the run's fixture built into PostgreSQL by `jjj build` (DATABASE_URL set), unless the database
               already holds that data version; its time beside the SQLite build's (for information)
  cold cost    a fresh worker's first overview and indicator request: reads of observations (bench/cold_cost.py)
  series read  level_points through SQLAlchemy  vs  the same SQL text through raw psycopg (bench/steps.py read_pg)
  callbacks    N clients replaying the pages' callbacks to gunicorn reading PostgreSQL  vs  the trivial Dash app

Without a URL each row is printed as not run. With `--only postgres` and no fixture the database is measured as
it is (load it first: DATABASE_URL=… jjj build --catalog FIXTURE/indicators.yaml).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cold_cost  # noqa: E402
from table import Row, count_label, not_run  # noqa: E402
from timing import timed_command  # noqa: E402

NO_URL = "no PostgreSQL URL: make bench PG=postgresql://…"
MEASURES = ("build into PostgreSQL", "fresh worker's first overview/indicator request, PostgreSQL",
            "series read p50/p95, PostgreSQL", "page requests and p95, overview/indicator, PostgreSQL")


def not_run_rows(why: str = NO_URL) -> list[Row]:
    return [not_run(m, why) for m in MEASURES]


def facts(url: str) -> tuple[str | None, int]:
    """(data version, observations) of the live data at `url`; (None, 0) when nothing is built there."""
    from sqlalchemy import func, select

    from db.engine import read_engine
    from db.errors import UNAVAILABLE
    from db.schema import Meta, Observation
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.execute(select(Meta.value).where(Meta.key == "data_version")).scalar()
            return version, conn.execute(select(func.count()).select_from(Observation)).scalar() or 0
    except UNAVAILABLE:
        return None, 0
    finally:
        engine.dispose()


def load_fixture(url: str, folder: Path, sqlite_seconds: float | None) -> Row:
    """Build FOLDER's catalog into PostgreSQL as a deployment would, unless it is there already."""
    from db.engine import sqlite_url
    wanted, _n = facts(sqlite_url(folder / "ours.db"))
    have, n = facts(url)
    if have == wanted:
        return not_run("build into PostgreSQL", f"it already holds data version {have}, {n:,} observations")
    print(f"loading the fixture into {url.split('@')[-1]}", file=sys.stderr)
    env = {**os.environ, "DATABASE_URL": url}
    seconds, _mb = timed_command([str(ROOT / ".venv/bin/jjj"), "build", "--catalog", str(folder / "indicators.yaml")],
                                 env=env, stdout=subprocess.DEVNULL)
    _have, n = facts(url)
    return Row(f"build into PostgreSQL, {n:,} observations (s); floor = the SQLite build", seconds, sqlite_seconds,
               "s", "", 0)


def series_rows(url: str, label: str) -> list[Row]:
    done = subprocess.run([sys.executable, str(ROOT / "bench/steps.py"), "read_pg", url], check=True,
                          capture_output=True, text=True)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    return [Row(f"series read p50, {label} (ms); floor = raw psycopg", r["ours_p50"], r["floor_p50"], "ms", "≤ 2×", 2),
            Row(f"series read p95, {label} (ms); floor = raw psycopg", r["ours_p95"], r["floor_p95"], "ms", "≤ 2×", 2)]


def callback_rows(url: str, label: str, floor_load: dict | None, seconds: float = 30) -> list[Row]:
    """The page rows' callback load with gunicorn reading PostgreSQL; the floor's figures from the same run
    when the page rows measured them, else measured here first."""
    import load
    from page_measures import CLIENTS, LOAD_PAGES
    logs = Path(tempfile.mkdtemp(prefix="jjj-bench-pg-logs-"))
    print(f"callback throughput on {label} (gunicorn logs in {logs})", file=sys.stderr)
    if floor_load is None:
        with load.floor_server(logs / "floor.log") as server:
            bodies = load.capture(server.base, load.FLOOR_PAGE)
            load.warm_up(server.base, bodies)
            floor_load = {n: load.load(server.base, bodies, n, seconds) for n in CLIENTS}
    rows = []
    with load.Server(env={"JJJ_DATABASE_URL": url}, log=logs / "load-postgres.log") as server:
        for page in LOAD_PAGES:
            try:
                bodies = load.capture(server.base, load.PAGES[page])
            except SystemExit as exc:  # a page whose first layout carries it sends no callback to replay
                rows.append(not_run(f"page requests, {page}, {label}", str(exc)))
                continue
            load.warm_up(server.base, bodies)
            for n in CLIENTS:
                r = load.load(server.base, bodies, n, seconds)
                dropped = f", {r.dropped} dropped" if r.dropped else ""
                rows.append(Row(f"page requests, {page}, {label}, {n} clients (req/s){dropped}", r.rate,
                                floor_load[n].rate, "req/s", "≥ 0.5×", 0.5, at_least=True,
                                problems=[f"{r.dropped} dropped"] if r.dropped else []))
                rows.append(Row(f"page requests p95, {page}, {label}, {n} clients (ms)", r.p95_ms, floor_load[n].p95_ms,
                                "ms", "≤ 2×", 2))
    return rows


def rows(url: str, folder: Path | None = None, sqlite_build_seconds: float | None = None,
         floor_load: dict | None = None) -> list[Row]:
    """Every PostgreSQL row; `folder`: the run's fixture (loaded first), else the database as it is."""
    from db.engine import normalize_url
    url = normalize_url(url)
    out = [load_fixture(url, folder, sqlite_build_seconds)] if folder is not None else []
    version, n = facts(url)
    if version is None:
        return out + not_run_rows(f"nothing built at {url.split('@')[-1]}: DATABASE_URL=… jjj build first")
    label = f"PostgreSQL {count_label(n)}"
    return out + cold_cost.rows(url, label) + series_rows(url, label) + callback_rows(url, label, floor_load)
