"""What a worker's first overview and indicator request cost, in a fresh process (issue 11: "no cold cost
per worker"). Printed, never asserted.

    .venv/bin/python bench/cold_cost.py DATABASE_URL [INDICATOR]     # sqlite:////abs/path.db or postgresql://…

Each page is measured in its own new process: the app is created (not timed: a worker does it once at
start), then the page's layout is rendered and serialized to JSON as Dash sends it, twice: the first
time (cold: nothing cached in this process) and again (warm). Beside the times: the cold request's time in
its statements' execute calls (PostgreSQL's driver returns the whole answer there; SQLite computes rows as
they are fetched, so there it is only the first row's), the JSON's size, the statements the cold request
sent, and how many of them read the observations table.
INDICATOR defaults to the indicator with the most statements.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = ("overview", "indicator")
# a statement reading the observations table (PostgreSQL names it with its schema: jjj.observations)
READS_OBSERVATIONS = re.compile(r'\b(FROM|JOIN)\s+("?\w+"?\.)?"?observations"?(\s|$)')


# what a fresh worker's first request may read from observations, per page (bench/bench.py's goal): the overview
# none; the indicator page its one series twice (its points and its newest statements), both through
# ix_observations_series (tests/test_page_summaries.py checks the query plans)
COLD_READS_GOAL = {"overview": ("0", 0), "indicator": ("≤ 2, its series by index", 2)}


def busiest_indicator(url: str) -> str:
    from sqlalchemy import func, select

    from db.engine import read_engine
    from db.schema import Observation
    engine = read_engine(url)  # on PostgreSQL: the live schema, by translation
    n = func.count().label("n")
    with engine.connect() as conn:
        row = conn.execute(select(Observation.indicator_id, n).group_by(Observation.indicator_id)
                           .order_by(n.desc(), Observation.indicator_id).limit(1)).first()
    engine.dispose()
    return row[0]


def measured(url: str, page: str, indicator: str) -> dict:
    """child() run in a new process, as a freshly started worker."""
    done = subprocess.run([sys.executable, __file__, "--child", url, page, indicator],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows(url: str, label: str) -> list:
    """bench/bench.py's rows: a fresh worker's first overview and indicator request on `url`."""
    from table import Row
    indicator = busiest_indicator(url)
    out = []
    for page, (goal, limit) in COLD_READS_GOAL.items():
        r = measured(url, page, indicator)
        out.append(Row(f"fresh worker's first {page} request, {label}: reads of observations "
                       f"({r['cold_seconds']:.2f} s cold, {r['warm_seconds']:.2f} s warm, "
                       f"{r['cold_db_seconds']:.2f} s in execute)",
                       r["cold_observation_reads"], None, "", goal, limit, absolute=True))
    return out


def child(url: str, page: str, indicator: str) -> dict:
    """One page's first and second request in this (new) process."""
    import plotly.utils
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from dashboard.app import create_app
    from dashboard.views.indicator import indicator_layout
    from dashboard.views.overview import overview_layout

    start = time.perf_counter()
    app = create_app(url)
    created = time.perf_counter() - start
    sent: list[str] = []
    in_db = [0.0]  # seconds between sending a statement and its result

    def before(_conn, _cursor, statement, _params, context, _many):
        sent.append(statement)
        context.sent_at = time.perf_counter()

    def after(_conn, _cursor, _statement, _params, context, _many):
        in_db[0] += time.perf_counter() - context.sent_at

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    render = (lambda: overview_layout(lang="zh")) if page == "overview" else \
        (lambda: indicator_layout(indicator_id=indicator, lang="zh"))
    out = {"page": page, "app_seconds": created}
    with app.server.test_request_context("/"):
        for label in ("cold", "warm"):
            sent.clear()
            in_db[0] = 0.0
            start = time.perf_counter()
            body = json.dumps(render(), cls=plotly.utils.PlotlyJSONEncoder)
            out[f"{label}_seconds"] = time.perf_counter() - start
            out[f"{label}_statements"] = len(sent)
            out[f"{label}_db_seconds"] = in_db[0]
            out[f"{label}_observation_reads"] = sum(bool(READS_OBSERVATIONS.search(s)) for s in sent)
        out["json_bytes"] = len(body)
    return out


def main(url: str, indicator: str | None) -> None:
    indicator = indicator or busiest_indicator(url)
    print(f"database: {url}\nindicator page: {indicator}")
    print(f"{'page':<10} {'app s':>7} {'cold s':>8} {'execute s':>10} {'warm s':>8} {'JSON KB':>8} "
          f"{'statements':>11} {'on observations':>16}")
    for page in PAGES:
        r = measured(url, page, indicator)
        print(f"{page:<10} {r['app_seconds']:>7.2f} {r['cold_seconds']:>8.3f} {r['cold_db_seconds']:>10.3f} "
              f"{r['warm_seconds']:>8.3f} {r['json_bytes'] / 1024:>8.1f} {r['cold_statements']:>11} "
              f"{r['cold_observation_reads']:>16}")


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        print(json.dumps(child(*sys.argv[2:5])))
    else:
        main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
