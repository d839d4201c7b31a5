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
  callback throughput   N clients replaying a page's callbacks (bench/load.py)  vs  a trivial Dash app, same gunicorn
  dropped connections   at 64 clients for 60 s on the large database (absolute goal: none)

Rows whose measure belongs to another part of the issue are listed as not run (PENDING below).

    .venv/bin/python bench/bench.py [N] [--keep DIR]
    .venv/bin/python bench/bench.py --pages-only --large DB     # the page rows only, on a built large DB
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_fixture import make_fixture  # noqa: E402

PYTHON = sys.executable
SEED_DB = ROOT / "data" / "jjj.db"
PENDING = (  # measures of issue 11 printed by a script of their own
    "compression, ETag/304, /api/indicators paginated (measured by bench/wire_bytes.py)",
)
# no cold cost per worker: what a fresh process's first request reads from observations (bench/cold_cost.py);
# the overview reads none; the indicator page reads its one series twice (its points and its newest statements),
# both through ix_observations_series (tests/test_page_summaries.py checks the query plans)
COLD_READS_GOAL = {"overview": ("0", 0), "indicator": ("≤ 2, its series by index", 2)}


@dataclass
class Row:
    measure: str
    ours: float | None
    floor: float | None
    unit: str
    goal: str  # "≤ 5×" (a ratio) or "≤ 1024 MB" (absolute)
    limit: float
    absolute: bool = False
    at_least: bool = False  # the goal is a lower bound (throughput): ≥ limit

    @property
    def ratio(self) -> float | None:
        return None if self.ours is None or not self.floor else self.ours / self.floor

    @property
    def passed(self) -> bool | None:
        if self.ours is None:
            return None
        value = self.ours if self.absolute else self.ratio
        return value >= self.limit if self.at_least else value <= self.limit

    def cells(self) -> list[str]:
        fmt = (lambda v: "—" if v is None else f"{v:,.2f} {self.unit}")  # noqa: E731
        ratio = "—" if self.ratio is None or self.absolute else f"{self.ratio:.2f}×"
        verdict = {True: "pass", False: "FAIL", None: "not run"}[self.passed]
        return [self.measure, fmt(self.ours), fmt(self.floor), ratio, self.goal, verdict]


def step(name: str, folder: Path) -> dict:
    out = subprocess.run([PYTHON, str(ROOT / "bench/steps.py"), name, str(folder)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed_command(args: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and the child's peak memory (MB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, **kwargs)
    seconds = time.perf_counter() - start
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


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


def page_rows(large: Path, label: str) -> list[Row]:
    """Time to first chart, callback throughput and p95, dropped connections: seed data and `large`."""
    from page_measures import CHART_PAGES, CLIENTS, LOAD_PAGES, OVERLOAD_CLIENTS, OVERLOAD_SECONDS, measure
    if not SEED_DB.exists():
        subprocess.run([str(ROOT / ".venv/bin/jjj"), "build", "--db", str(SEED_DB)], check=True,
                       stdout=subprocess.DEVNULL)
    dbs = {"seed": SEED_DB, label: large}
    got = measure(dbs)
    print(f"gunicorn logs of the page rows: {got['logs']}", file=sys.stderr)
    goals = {"seed": ("≤ 1.2×", 1.2), label: ("≤ 1.5×", 1.5)}
    rows = [Row(f"first chart, {page}, {db} (ms)", got["chart"][db][page]["ours"], got["chart"][db][page]["floor"],
                "ms", *goals[db]) for db in dbs for page in CHART_PAGES]
    floor = got["floor_load"]
    for db in dbs:
        for page in LOAD_PAGES:
            for n in CLIENTS:
                r = got["load"][db][page][n]
                rows.append(Row(f"callbacks, {page}, {db}, {n} clients (req/s)", r.rate, floor[n].rate, "req/s",
                                "≥ 0.5×", 0.5, at_least=True))
                rows.append(Row(f"callbacks p95, {page}, {db}, {n} clients (ms)", r.p95_ms, floor[n].p95_ms, "ms",
                                "≤ 2×", 2))
    overload = [got["load"][label][page][OVERLOAD_CLIENTS] for page in LOAD_PAGES]
    answered = sum(r.answered + r.refused for r in overload)
    rows.append(Row(f"dropped, {OVERLOAD_CLIENTS} clients {OVERLOAD_SECONDS} s, {label} ({answered:,} answered, "
                    f"{sum(r.refused for r in overload):,} of them 503)", sum(r.dropped for r in overload), None,
                    "", "0", 0, absolute=True))
    return rows


def cold_rows(db: Path, label: str) -> list[Row]:
    """A fresh worker's first overview and indicator request: statements over observations (bench/cold_cost.py)."""
    url = f"sqlite:///{db}"
    indicator = subprocess.run([PYTHON, "-c", "import sys; sys.path.insert(0, 'bench'); from cold_cost import "
                                f"busiest_indicator; print(busiest_indicator({url!r}))"], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.strip()
    rows = []
    for page, (goal, limit) in COLD_READS_GOAL.items():
        done = subprocess.run([PYTHON, str(ROOT / "bench/cold_cost.py"), "--child", url, page, indicator],
                              cwd=ROOT, check=True, capture_output=True, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(Row(f"fresh worker's first {page} request, {label}: reads of observations "
                        f"({r['cold_seconds']:.2f} s cold, {r['warm_seconds']:.2f} s warm)",
                        r["cold_observation_reads"], None, "", goal, limit, absolute=True))
    return rows


def pending_rows() -> list[Row]:
    return [Row(m, None, None, "", "see issue 11", 0) for m in PENDING]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), load average {load:.1f}, Python {platform.python_version()}"


def show(rows: list[Row], title: str) -> None:
    header = ["measure", "ours", "floor", "ratio", "goal", "result"]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max(len(h), *(len(r.cells()[i]) for r in rows)) for i, h in enumerate(header)]
        print(title)
        for cells in [header] + [r.cells() for r in rows]:
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
        return
    table = Table(title=title)
    for h in header:
        table.add_column(h, justify="left" if h in ("measure", "goal") else "right")
    for r in rows:
        table.add_row(*r.cells(), style={False: "red", None: "dim"}.get(r.passed, ""))
    Console(width=140).print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build the fixture here and keep it")
    parser.add_argument("--pages-only", action="store_true", help="only the page rows (the build rows take minutes)")
    parser.add_argument("--large", type=Path, help="with --pages-only: the large database (read-only; copied)")
    args = parser.parse_args()
    if args.pages_only and not (args.large and args.large.exists()):
        parser.error("--pages-only needs --large DB, a built large database (e.g. bench.py N --keep DIR's ours.db)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jjj-bench-"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if args.pages_only:
            large = folder / "large.db"
            shutil.copyfile(args.large, large)  # never touch the given file: the server reads a copy
            with sqlite3.connect(f"file:{large}?mode=ro", uri=True) as conn:
                (count,) = conn.execute("SELECT count(*) FROM observations").fetchone()
            label = f"{count / 1e6:.1f} M"
            rows = page_rows(large, label) + cold_rows(large, label) + pending_rows()
        else:
            rows = run(args.n, folder)
            label = f"{args.n:,}".replace(",000,000", " M")
            rows += page_rows(folder / "ours.db", label) + cold_rows(folder / "ours.db", label) + pending_rows()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    show(rows, f"make bench N={args.n:,}{' (page rows)' if args.pages_only else ''} · {stamp} · {machine()}")


if __name__ == "__main__":
    main()
