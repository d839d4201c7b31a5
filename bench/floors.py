"""The floors the project is measured against, each the least work that gives the same result.

- streaming_floor: Python's csv module reads the fixture's series CSVs and one streaming
  `executemany` inserts a row per line into an `observations` table with the project's columns and
  indexes (made from db/schema.py), in one transaction: what a build cannot beat.
- executemany_floor: raw sqlite3 `executemany` of given rows into that table (the write step's floor).
- raw_series_read: the dashboard's series query through raw sqlite3, the same SQL text and parameters.
- sqlite_cli_csv: Debian's `sqlite3 -csv` over the same export query, to a file.
"""
from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, create_engine  # noqa: E402

from db.schema import Observation  # noqa: E402

COLUMNS = tuple(Observation.__table__.c.keys())


def observations_table(path: Path) -> None:
    """An empty database with the project's observations table and its indexes (no foreign keys to fill)."""
    engine = create_engine(f"sqlite:///{path}")
    table = Observation.__table__.to_metadata(MetaData())
    for fk in list(table.foreign_keys):
        table.constraints.discard(fk.constraint)
        fk.parent.foreign_keys.discard(fk)
    table.foreign_keys.clear()
    table.create(engine)
    engine.dispose()


def _csv_rows(folder: Path) -> Iterable[tuple]:
    """A row per CSV line with the columns a series gives; the rest constant, as a build would fill them."""
    i = 0
    for path in sorted((folder / "catalog/external").glob("*.csv")):
        doc = f"external-{path.stem}"
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for line, (region, period, value) in enumerate(reader, 2):
                i += 1
                v = float(value)
                yield (i, f"{doc}|observed|x|{region}|{period}|", "x", region, "observed", period,
                       period + "-01", period + "-28", int(period[:4]), "month", False, None, None, v, v, v, "count",
                       value, "个", "exact", None, None, None, doc, f"{region},{period},{value}",
                       "Row of the external table", None, None, f"{path.name}:{line}")


def streaming_floor(folder: Path, db: Path) -> int:
    """csv → one executemany; returns the rows inserted."""
    observations_table(db)
    conn = sqlite3.connect(db)
    marks = ", ".join("?" * len(COLUMNS))
    with conn:
        cur = conn.executemany(f"INSERT INTO observations ({', '.join(COLUMNS)}) VALUES ({marks})", _csv_rows(folder))
        n = cur.rowcount
    conn.close()
    return n


def executemany_floor(rows: list[tuple], db: Path) -> None:
    observations_table(db)
    conn = sqlite3.connect(db)
    marks = ", ".join("?" * len(COLUMNS))
    with conn:
        conn.executemany(f"INSERT INTO observations ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
    conn.close()


def raw_series_read(conn: sqlite3.Connection, sql: str, params: tuple) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def sqlite_cli_csv(db: Path, sql: str, out: Path) -> None:
    with open(out, "wb") as fh:
        subprocess.run(["sqlite3", "-readonly", "-csv", "-header", str(db), sql], stdout=fh, check=True)
