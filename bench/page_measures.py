"""The page half of `make bench`: time to first chart, the language switch and callback throughput, each
beside its floor.

Runs bench/first_chart.py's, bench/page_switch.py's and bench/load.py's measures on two databases (the
seed data and the large fixture) and returns plain figures; bench/bench.py turns them into rows. Order: the floors
first in each measure, then ours, one after the other, so both see the same machine.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import first_chart  # noqa: E402
import load  # noqa: E402
import page_switch  # noqa: E402

CHART_PAGES = ("overview", "indicator", "compare")
LOAD_PAGES = ("overview", "indicator")
CLIENTS = (16, 64)
OVERLOAD_CLIENTS, OVERLOAD_SECONDS = 64, 60  # "every request answered at 64 clients for 60 s"


def measure(databases: dict[str, Path], seconds: float = 30, runs: int = 9) -> dict:
    """{"chart": {db: {page: {...}}}, "switch": {db: {page: {...}}}, "floor_load": {clients: Result},
    "load": {db: {page: {clients: Result}}}}.

    The 64-client runs on the last database (the large one) last OVERLOAD_SECONDS: they are also the
    dropped-connections measure."""
    logs = Path(tempfile.mkdtemp(prefix="jjj-bench-logs-"))
    out: dict = {"chart": {}, "switch": {}, "load": {}, "logs": str(logs)}
    for label, db in databases.items():
        print(f"time to first chart on {label} ({db})", file=sys.stderr)
        out["chart"][label] = first_chart.measure(db, list(CHART_PAGES), runs, log=logs / f"chart-{label}.log")
        print(f"language switch on {label}", file=sys.stderr)
        # 5 turns, not `runs`: a switch needs its page loaded and live first, so each turn costs several loads
        out["switch"][label] = page_switch.measure(db, log=logs / f"switch-{label}.log")
    print("callback throughput: the trivial Dash app", file=sys.stderr)
    with load.floor_server(logs / "floor.log") as server:
        bodies = load.capture(server.base, load.FLOOR_PAGE)
        load.warm_up(server.base, bodies)
        out["floor_load"] = {n: load.load(server.base, bodies, n, seconds) for n in CLIENTS}
    last = list(databases)[-1]
    for label, db in databases.items():
        print(f"callback throughput on {label}", file=sys.stderr)
        out["load"][label] = {}
        with load.Server(db=db, log=logs / f"load-{label}.log") as server:
            for page in LOAD_PAGES:
                bodies = load.capture(server.base, load.PAGES[page])
                load.warm_up(server.base, bodies)
                out["load"][label][page] = {
                    n: load.load(server.base, bodies, n,
                                 OVERLOAD_SECONDS if (label == last and n == OVERLOAD_CLIENTS) else seconds)
                    for n in CLIENTS}
    return out
