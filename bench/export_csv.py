"""The CSV export, timed against the csv.writer baseline it replaced, in this process.

Builds a synthetic database of N observations (bench/scale.py's synthesize), checks that both
paths give the same bytes, then times each untraced (best of --repeat) and measures each one's
peak Python memory in a separate tracemalloc pass, which would otherwise distort the times.

    .venv/bin/python bench/export_csv.py            # 100k observations
    .venv/bin/python bench/export_csv.py 300000
"""
from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csv_reference import reference_chunks  # noqa: E402
from scale import synthesize  # noqa: E402

from db.engine import read_engine, sqlite_url  # noqa: E402
from db.export import TIDY_COLUMNS, iter_tidy_rows  # noqa: E402
from db.export_tables import EXPORT_TABLES  # noqa: E402
from db.write import write_dataset  # noqa: E402
from etl.build import check, process  # noqa: E402
from etl.progress_rows import progress_rows  # noqa: E402
from etl.transform import content_version, number_rows  # noqa: E402


def baseline(conn):
    return reference_chunks(iter_tidy_rows(conn), TIDY_COLUMNS)


def current(conn):
    return EXPORT_TABLES["observations"].csv(conn)


def export(engine, path) -> str:
    with engine.connect() as conn:
        return "".join(path(conn))


def drain(engine, path) -> int:
    """Consume the stream as a server does, chunk by chunk, keeping none."""
    with engine.connect() as conn:
        return sum(len(chunk) for chunk in path(conn))


def best_time(engine, path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        drain(engine, path)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(engine, path) -> int:
    tracemalloc.start()
    try:
        drain(engine, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def build(n: int, folder: Path):
    base = process(check(ROOT / "indicators.yaml"))
    ds = synthesize(base, n)
    ds.progress = number_rows(progress_rows(ds.observations, ds.targets, ds.indicators,
                                            {d["id"]: d["date"] for d in base.documents}))
    ds.data_version = content_version(ds)
    url = sqlite_url(folder / "bench.db")
    write_dataset(ds, url)
    return read_engine(url)


def main(n: int, repeat: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = build(n, Path(tmp))
        same = export(engine, baseline) == export(engine, current)
        t_old, t_new = best_time(engine, baseline, repeat), best_time(engine, current, repeat)
        m_old, m_new = peak_memory(engine, baseline), peak_memory(engine, current)
        size = drain(engine, current)
    print(f"{n:,} observations, {size / 1e6:.1f} M characters of CSV; byte-identical: {same}")
    print(f"{'':>22} {'seconds':>8} {'peak MB':>8}")
    print(f"{'csv.writer baseline':>22} {t_old:>8.2f} {m_old / 1e6:>8.1f}")
    print(f"{'batched encoder':>22} {t_new:>8.2f} {m_new / 1e6:>8.1f}")
    print(f"speed-up: {t_old / t_new:.2f}x (best of {repeat}, untraced)")
    if not same:
        sys.exit("the two exports differ")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
