"""One measured step per process, so each one's peak memory is its own (bench/bench.py runs them).

    .venv/bin/python bench/steps.py STEP FOLDER     # prints one JSON line: seconds, cpu seconds, peak MB, …

    .venv/bin/python bench/steps.py read_pg URL      # the series reads on PostgreSQL

Steps: build (ours: the streamed build of FOLDER/indicators.yaml into FOLDER/ours.db), stream_floor
(csv + one executemany into FOLDER/floor.db), write (our write step and raw executemany over the
same rows, in chunks), read (series reads, ours and raw sqlite3), read_pg (the same on a PostgreSQL
database, ours and raw psycopg), download (/download/observations.csv).
"""
from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import floors  # noqa: E402

from db.engine import read_engine, sqlite_url  # noqa: E402

CHUNK = 50_000
READ_PAIRS, READ_ROUNDS = 40, 5


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clock():
    return time.perf_counter(), time.process_time()


def _since(start) -> dict:
    wall, cpu = start
    return {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def build(folder: Path) -> dict:
    from etl.stream_build import build_streaming
    db = folder / "ours.db"
    db.unlink(missing_ok=True)
    start = _clock()
    result, _run = build_streaming(folder / "indicators.yaml", sqlite_url(db))
    return {**_since(start), "peak_mb": _peak_mb(), "observations": result.counts()["observations"]}


def stream_floor(folder: Path) -> dict:
    db = folder / "floor.db"
    db.unlink(missing_ok=True)
    start = _clock()
    n = floors.streaming_floor(folder, db)
    return {**_since(start), "peak_mb": _peak_mb(), "observations": n}


def write(folder: Path) -> dict:
    """Our write step (db/bulk_write.BuildBeside.stream, as the build calls it) and raw executemany,
    fed the same rows (those of the built database) a chunk at a time; only the inserts are timed."""
    from db.bulk_write import BuildBeside
    from etl.stream_build import OBS_COLUMNS
    source = sqlite3.connect(f"file:{folder / 'ours.db'}?mode=ro", uri=True)
    cursor = source.execute(f"SELECT {', '.join(OBS_COLUMNS)} FROM observations ORDER BY id")
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        floor_db = Path(tmp) / "raw.db"
        floors.observations_table(floor_db)
        raw = sqlite3.connect(floor_db)
        marks = ", ".join("?" * len(OBS_COLUMNS))
        insert = f"INSERT INTO observations ({', '.join(OBS_COLUMNS)}) VALUES ({marks})"
        ours = floor = 0.0
        with BuildBeside(sqlite_url(Path(tmp) / "ours.db")) as b:
            while rows := cursor.fetchmany(CHUNK):
                t = time.perf_counter()
                b.stream("observations", OBS_COLUMNS, rows)
                ours += time.perf_counter() - t
                t = time.perf_counter()
                raw.executemany(insert, rows)
                floor += time.perf_counter() - t
            t = time.perf_counter()
            b.conn.commit()
            ours += time.perf_counter() - t
            t = time.perf_counter()
            raw.commit()
            floor += time.perf_counter() - t
        raw.close()
    return {"ours": ours, "floor": floor}


def _series_reads(url: str, pairs: list[tuple[str, str]], floor_execute) -> dict:
    """level_points over `pairs` through SQLAlchemy on `url`, and `floor_execute(sql, params)` (the same SQL
    text, raw driver), alternated so that both see the same load on a shared machine; p50/p95 in ms."""
    from sqlalchemy import bindparam

    from db.queries import level_points, level_points_query
    engine = read_engine(url)
    compiled = level_points_query(bindparam("indicator_id"), bindparam("region_id")).compile(engine)
    state = compiled.construct_expanded_state({"indicator_id": "\0I", "region_id": "\0R"})
    sql = state.statement

    def params(pair):
        fill = lambda v: pair[0] if v == "\0I" else pair[1] if v == "\0R" else v  # noqa: E731
        if compiled.positional:  # sqlite3: qmark
            return [fill(v) for v in state.positional_parameters]
        return {k: fill(v) for k, v in state.parameters.items()}  # psycopg: named

    def timed(fn, pair) -> float:
        t = time.perf_counter()
        fn(pair)
        return (time.perf_counter() - t) * 1000

    ours, floor = [], []
    with engine.connect() as conn:
        first = level_points(conn, indicator_id=pairs[0][0], region_id=pairs[0][1])
        assert len(first) == len(floor_execute(sql, params(pairs[0])))
        for _ in range(READ_ROUNDS):
            for pair in pairs:
                ours.append(timed(lambda p: level_points(conn, indicator_id=p[0], region_id=p[1]), pair))
                floor.append(timed(lambda p: floor_execute(sql, params(p)), pair))
    engine.dispose()
    ours.sort()
    floor.sort()
    pct = lambda xs, q: xs[min(len(xs) - 1, int(len(xs) * q))]  # noqa: E731
    return {"ours_p50": statistics.median(ours), "ours_p95": pct(ours, 0.95),
            "floor_p50": statistics.median(floor), "floor_p95": pct(floor, 0.95), "pairs": len(pairs)}


PAIRS_SQL = ("SELECT DISTINCT indicator_id, region_id FROM observations WHERE document_id LIKE 'external-%' "
             "ORDER BY 1, 2 LIMIT {limit}")


def read(folder: Path) -> dict:
    """One indicator and region's series (level_points, what the indicator page draws): ours through
    SQLAlchemy, the floor the same SQL text through raw sqlite3; p50 and p95 in milliseconds."""
    db = folder / "ours.db"
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pairs = raw.execute(PAIRS_SQL.format(limit=READ_PAIRS)).fetchall()
    return _series_reads(sqlite_url(db), pairs, lambda sql, params: raw.execute(sql, params).fetchall())


def read_pg(url: str) -> dict:
    """The same on PostgreSQL: ours through SQLAlchemy (schema jjj by translation), the floor the same SQL
    text through a raw psycopg connection whose search_path is that schema."""
    import psycopg
    from sqlalchemy.engine import make_url

    from db.engine import PG_SCHEMA
    u = make_url(url)
    raw = psycopg.connect(host=u.host, port=u.port or 5432, user=u.username, password=u.password,
                          dbname=u.database, autocommit=True)
    raw.execute(f"SET search_path TO {PG_SCHEMA}")
    raw.execute("SET default_transaction_read_only = on")  # as the dashboard's connections are
    pairs = raw.execute(PAIRS_SQL.format(limit=READ_PAIRS)).fetchall()
    if not pairs:
        raise SystemExit(f"{u.render_as_string()}: no external series to read (load the fixture first)")
    try:
        return _series_reads(url, pairs, lambda sql, params: raw.execute(sql, params).fetchall())
    finally:
        raw.close()


def download(folder: Path) -> dict:
    """/download/observations.csv through the Flask route, drained chunk by chunk as a client reads it."""
    import flask

    from dashboard import downloads
    os.environ["JJJ_DATABASE_URL"] = sqlite_url(folder / "ours.db")
    app = flask.Flask(__name__)
    app.register_blueprint(downloads.blueprint)
    client = app.test_client()
    start = _clock()
    response = client.get("/download/observations.csv", buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    assert response.status_code == 200, response.status_code
    return {**_since(start), "bytes": size, "peak_mb": _peak_mb()}


STEPS = {"build": build, "stream_floor": stream_floor, "write": write, "read": read, "download": download}
URL_STEPS = {"read_pg": read_pg}  # given a database URL, not a folder

if __name__ == "__main__":
    name, where = sys.argv[1], sys.argv[2]
    print(json.dumps(URL_STEPS[name](where) if name in URL_STEPS else STEPS[name](Path(where))))
