"""How build, progress and export scale with the number of observations.

Synthesizes datasets of growing size from the real catalog's indicators and regions, then
times each stage; prints seconds and the ratio to the smallest size, run in this process.
The export is timed untraced; its peak Python memory is measured in a second, traced pass
(tracemalloc slows allocation-heavy code several times over, so a traced time means little).

    .venv/bin/python bench/scale.py                 # 10k, 100k
    .venv/bin/python bench/scale.py 10000 1000000   # up to a million observations
"""
from __future__ import annotations

import copy
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.engine import read_engine, sqlite_url  # noqa: E402
from db.export_tables import EXPORT_TABLES  # noqa: E402
from db.write import write_dataset  # noqa: E402
from etl.build import check, process  # noqa: E402
from etl.progress_rows import progress_rows  # noqa: E402
from etl.transform import content_version, number_rows  # noqa: E402


def synthesize(base, n: int):
    """`n` observed rows: the real rows' shape, spread over indicators, regions and years."""
    ds = copy.copy(base)
    template = next(o for o in base.observations if o["kind"] == "observed")
    indicators = [i["id"] for i in base.indicators]
    regions = [r["id"] for r in base.regions]
    rows = []
    for k in range(n):
        year = 1990 + k % 40
        ind = indicators[(k // 40) % len(indicators)]
        reg = regions[(k // (40 * len(indicators))) % len(regions)]
        rows.append({**template, "key": f"bench|{k}", "indicator_id": ind, "region_id": reg, "period": str(year),
                     "period_start": f"{year}-01-01", "period_end": f"{year}-12-31", "year": year,
                     "period_span": "year", "value": 100.0 + k % 97, "value_low": 100.0 + k % 97,
                     "value_high": 100.0 + k % 97})
    ds.observations = number_rows(rows)
    ds.targets, ds.conflicts = list(base.targets), []
    return ds


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(sizes: list[int]) -> None:
    base = process(check(ROOT / "indicators.yaml"))
    doc_dates = {d["id"]: d["date"] for d in base.documents}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            ds = synthesize(base, n)
            t_progress, ds.progress = timed(lambda: number_rows(progress_rows(ds.observations, ds.targets,
                                                                               ds.indicators, doc_dates)))
            ds.data_version = content_version(ds)
            url = sqlite_url(Path(tmp) / f"bench-{n}.db")
            t_write, _ = timed(lambda: write_dataset(ds, url))
            engine = read_engine(url)

            def export():
                with engine.connect() as conn:
                    return sum(len(c) for c in EXPORT_TABLES["observations"].csv(conn))

            t_export, size = timed(export)
            tracemalloc.start()
            export()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            results.append((n, t_progress, t_write, t_export, size, peak))
    first = results[0]
    print(f"{'observations':>12} {'progress s':>11} {'write s':>9} {'export s':>9} {'csv MB':>8} "
          f"{'export peak MB':>15} {'write ×':>8} {'export ×':>9}")
    for n, tp, tw, te, size, peak in results:
        print(f"{n:>12,} {tp:>11.2f} {tw:>9.2f} {te:>9.2f} {size / 1e6:>8.1f} {peak / 1e6:>15.1f} "
              f"{tw / first[2]:>8.1f} {te / first[3]:>9.1f}")
    print(f"(× = ratio to {first[0]:,} observations in this run; linear scaling would be "
          f"{results[-1][0] / first[0]:.0f}×)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
