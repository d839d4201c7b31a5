"""`make bench [N=1000000]`: every measure of issue 11 against its floor, in one run, as one table.

Grows the data through the real input path (bench/scale_fixture.py: external series CSVs in a copy of
the catalog), then runs each measure and its floor one after the other on this machine, each step in a
process of its own (bench/steps.py) so its peak memory is its own:

  build            the streamed build, validation, change log and progress included  vs  csv + one executemany
  build memory     the build's peak resident memory (absolute goal)
  write step       our insert of the observations  vs  raw sqlite3 executemany of the same rows
  series read      one indicator and region through SQLAlchemy  vs  the same SQL through raw sqlite3
  full CSV         `jjj export --csv` and /download/observations.csv  vs  `sqlite3 -csv` over the same query

and the page rows (bench/page_measures.py), on the seed database (data/jjj.db) and the large one:

  time to first chart   Chromium, cold browser cache, ours under gunicorn  vs  a static page drawing the same figure
                        (and, for information, until Dash's own chart is drawn: the page is live)
  language switch       Chromium, a page open in Chinese switched to English in place  vs  the English page opened
                        anew (bench/page_switch.py)
  callback throughput   N clients replaying a page's callbacks (bench/load.py)  vs  a trivial Dash app, same gunicorn
  dropped connections   at 64 clients for 60 s on the large database (absolute goal: none)
  uncached callbacks    for information: 16 clients on the large database with the rendered-answer cache off

the cold rows (bench/cold_cost.py): a fresh worker's first overview and indicator request, what it reads
from observations; the bytes on the wire (bench/wire_bytes.py): per kind of answer, the encoding served for
`gzip` and for `br, gzip`, bytes against the same body gzipped at level 6, ETag and 304 where the issue asks
them, /api/indicators a page at a time on both databases; and, given a PostgreSQL URL (PG=… or --pg), the
cold, series-read and callback rows on PostgreSQL (bench/postgres_rows.py), the fixture loaded there first.

    .venv/bin/python bench/bench.py [N] [--keep DIR] [--pg URL]
    .venv/bin/python bench/bench.py --pages-only --large DB     # the page and cold rows only, on a built large DB
    .venv/bin/python bench/bench.py --only wire[,postgres,…] [--large DB] [--pg URL]     # some parts only
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cold_cost  # noqa: E402
import postgres_rows  # noqa: E402
import wire_bytes  # noqa: E402
from scale_fixture import make_fixture  # noqa: E402
from table import Row, count_label, show  # noqa: E402
from timing import timed_command  # noqa: E402

from db.engine import sqlite_url  # noqa: E402

PYTHON = sys.executable
SEED_DB = ROOT / "data" / "jjj.db"
PARTS = ("build", "pages", "cold", "postgres", "wire")  # in the table's order; --only picks some


def step(name: str, folder: Path) -> dict:
    out = subprocess.run([PYTHON, str(ROOT / "bench/steps.py"), name, str(folder)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def export_sql() -> str:
    """The export's query as SQLite text for the command-line floor: the same compound, same order, the
    tidy columns only (the two sort columns left out, as the CSV writers leave them out)."""
    from sqlalchemy import create_engine

    from db.export import TIDY_COLUMNS, tidy_query
    text = str(tidy_query().compile(create_engine("sqlite://"),
                                    compile_kwargs={"literal_binds": True, "render_postcompile": True}))
    return f"SELECT {', '.join(TIDY_COLUMNS)} FROM ({text})"


def run(n: int, folder: Path) -> list[Row]:
    print(f"fixture: ~{n:,} observations through external series in {folder}", file=sys.stderr)
    make_fixture(folder, n)
    floor = step("stream_floor", folder)
    ours = step("build", folder)
    print(f"build: ours {ours}, floor {floor}", file=sys.stderr)
    write = step("write", folder)
    read = step("read", folder)
    csv_ours, _ = timed_command([str(ROOT / ".venv/bin/jjj"), "export", "--csv", str(folder / "ours.csv"),
                                 "--db", str(folder / "ours.db")], stdout=subprocess.DEVNULL)
    with open(folder / "floor.csv", "wb") as fh:
        csv_floor, _ = timed_command(["sqlite3", "-readonly", "-csv", "-header", str(folder / "ours.db"),
                                      export_sql()], stdout=fh)
    download = step("download", folder)
    mb = (folder / "ours.csv").stat().st_size / 1e6
    obs = ours["observations"]
    return [
        Row(f"build, {obs:,} observations (s)", ours["seconds"], floor["seconds"], "s", "≤ 5×", 5),
        Row("build peak memory (MB)", ours["peak_mb"], floor["peak_mb"], "MB", "≤ 1024 MB", 1024, absolute=True),
        Row("write step: observations insert (s)", write["ours"], write["floor"], "s", "≤ 1.5×", 1.5),
        Row("series read p50 (ms)", read["ours_p50"], read["floor_p50"], "ms", "≤ 2×", 2),
        Row("series read p95 (ms)", read["ours_p95"], read["floor_p95"], "ms", "≤ 2×", 2),
        Row(f"full CSV, jjj export ({mb:,.0f} MB) (s)", csv_ours, csv_floor, "s", "≤ 1.5×", 1.5),
        Row("full CSV, /download/observations.csv (s)", download["seconds"], csv_floor, "s", "≤ 1.5×", 1.5),
    ]


def page_rows(large: Path, label: str) -> tuple[list[Row], dict]:
    """Time to first chart, the language switch, callback throughput and p95, dropped connections: seed data
    and `large`.
    Also returns the trivial app's load figures, for the PostgreSQL rows to compare with."""
    from page_measures import CHART_PAGES, CLIENTS, LOAD_PAGES, OVERLOAD_CLIENTS, OVERLOAD_SECONDS, measure
    from page_switch import SWITCH_PAGES
    ensure_seed()
    dbs = {"seed": SEED_DB, label: large}
    got = measure(dbs)
    print(f"gunicorn logs of the page rows: {got['logs']}", file=sys.stderr)
    goals = {"seed": ("≤ 1.2×", 1.2), label: ("≤ 1.5×", 1.5)}
    rows = [Row(f"first chart, {page}, {db} (ms)", got["chart"][db][page]["ours"], got["chart"][db][page]["floor"],
                "ms", *goals[db]) for db in dbs for page in CHART_PAGES]
    # for information: the first chart is the first paint's; Dash's own (hover, zoom, controls) comes later
    rows += [Row(f"live chart, {page}, {db} (ms)", got["chart"][db][page]["live"], got["chart"][db][page]["floor"],
                 "ms", "", 0) for db in dbs for page in CHART_PAGES]
    rows += [Row(f"language switch, {page}, {db} (ms)", got["switch"][db][page]["ours"],
                 got["switch"][db][page]["floor"], "ms", "≤ 1×", 1) for db in dbs for page in SWITCH_PAGES]
    floor = got["floor_load"]
    for db in dbs:
        for page in LOAD_PAGES:
            for n in CLIENTS:
                r = got["load"][db][page][n]
                rows.append(Row(f"page requests, {page}, {db}, {n} clients (req/s)", r.rate, floor[n].rate, "req/s",
                                "≥ 0.5×", 0.5, at_least=True))
                rows.append(Row(f"page requests p95, {page}, {db}, {n} clients (ms)", r.p95_ms, floor[n].p95_ms, "ms",
                                "≤ 2×", 2))
    overload = [got["load"][label][page][OVERLOAD_CLIENTS] for page in LOAD_PAGES]
    answered = sum(r.answered + r.refused for r in overload)
    rows.append(Row(f"dropped, {OVERLOAD_CLIENTS} clients {OVERLOAD_SECONDS} s, {label} ({answered:,} answered, "
                    f"{sum(r.refused for r in overload):,} of them 503)", sum(r.dropped for r in overload), None,
                    "", "0", 0, absolute=True))
    return rows + uncached_rows(large, label, floor), floor


def uncached_rows(large: Path, label: str, floor: dict, clients: int = 16, seconds: float = 30) -> list[Row]:
    """For information: the callbacks with the rendered-answer cache off (every callback renders, as the first
    request of a data version or an uncommon view does; bench/load.py UNCACHED_ENV), `clients` clients."""
    import load
    from page_measures import LOAD_PAGES
    rows = []
    with load.Server(db=large, env=load.UNCACHED_ENV) as server:
        for page in LOAD_PAGES:
            bodies = load.capture(server.base, load.PAGES[page])
            load.warm_up(server.base, bodies)
            r = load.load(server.base, bodies, clients, seconds)
            measure = f"page requests, {page}, {label}, {clients} clients, uncached (req/s; p95 {r.p95_ms:,.0f} ms)"
            rows.append(Row(measure, r.rate, floor[clients].rate, "req/s", "", 0))
    return rows


def ensure_seed() -> None:
    if not SEED_DB.exists():
        subprocess.run([str(ROOT / ".venv/bin/jjj"), "build", "--db", str(SEED_DB)], check=True,
                       stdout=subprocess.DEVNULL)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), load average {load:.1f}, Python {platform.python_version()}"


def observations_label(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        (count,) = conn.execute("SELECT count(*) FROM observations").fetchone()
    return count_label(count)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build the fixture here and keep it")
    parser.add_argument("--pages-only", action="store_true", help="only the page and cold rows (= --only pages,cold)")
    parser.add_argument("--only", help=f"some parts only, comma-separated: {', '.join(PARTS)}")
    parser.add_argument("--large", type=Path, help="without the build part: the large database (read-only; copied)")
    parser.add_argument("--pg", default=os.environ.get("PG") or None,
                        help="a PostgreSQL database of your own for the PostgreSQL rows (default: $PG)")
    args = parser.parse_args()
    args.parts = set(PARTS)
    if args.pages_only or args.only:
        args.parts = set((args.only or "pages,cold").split(","))
        if args.parts - set(PARTS):
            parser.error(f"--only: unknown part(s) {', '.join(sorted(args.parts - set(PARTS)))}; parts: {PARTS}")
    needs_large = args.parts & {"pages", "cold"}
    if "build" not in args.parts and needs_large and not (args.large and args.large.exists()):
        parser.error(f"{', '.join(sorted(needs_large))} without the build part need --large DB, a built large "
                     "database (e.g. bench.py N --keep DIR's ours.db)")
    return args


def main() -> None:
    args = parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jjj-bench-"))
    rows: list[Row] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        build_seconds = large = None
        if "build" in args.parts:
            rows += run(args.n, folder)
            build_seconds, large = rows[0].ours, folder / "ours.db"
        elif args.large:
            large = folder / "large.db"
            shutil.copyfile(args.large, large)  # never touch the given file: the servers read a copy
        label = observations_label(large) if large else ""
        floor_load = None
        if "pages" in args.parts:
            page, floor_load = page_rows(large, label)
            rows += page
        if "cold" in args.parts:
            rows += cold_cost.rows(sqlite_url(large), label)
        if "postgres" in args.parts:
            rows += (postgres_rows.rows(args.pg, folder if "build" in args.parts else None, build_seconds, floor_load)
                     if args.pg else postgres_rows.not_run_rows())
        if "wire" in args.parts:
            ensure_seed()
            rows += wire_bytes.rows({"seed": SEED_DB, **({label: large} if large else {})})
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = "" if args.parts == set(PARTS) else f" ({', '.join(p for p in PARTS if p in args.parts)})"
    show(rows, f"make bench N={args.n:,}{parts} · {stamp} · {machine()}")


if __name__ == "__main__":
    main()
