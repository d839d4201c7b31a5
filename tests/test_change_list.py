"""db.queries.change_list reads the change log a (run, kind of change) group at a time from its index: the
entries and their order are those of one sort of the whole log, whatever the page's offset and size."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import create_engine, insert

from db import queries
from db.schema import Base, Change, Indicator, Region

RANK = {"changed": 0, "added": 1, "removed": 2}


def the_log_sorted(rows: list[dict]) -> list[int]:
    """The order the page promises, written out: newest run, corrections, additions, removals, then by series."""
    def key(r: dict) -> tuple:
        return (-r["run_id"], RANK[r["change"]], r["table_name"], r["indicator_id"], r["region_id"], r["period"],
                r["key"], r["id"])
    return [r["id"] for r in sorted(rows, key=key)]


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    rng = random.Random(11)
    rows = [{"id": i, "run_id": rng.choice([1, 2, 5]), "change": rng.choice(list(RANK)),
             "table_name": rng.choice(["observations", "targets"]), "key": f"k{rng.randrange(40)}",
             "indicator_id": rng.choice(["gdp", "pm25", "ghost"]), "region_id": rng.choice(["tianjin", "hebei"]),
             "kind": "observed", "period": rng.choice(["2023", "2024"]), "unit": "t", "document_id": "doc"}
            for i in range(1, 301)]
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('changes') / 'log.db'}")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(Indicator), [{"id": i, "zh": f"{i}中", "en": i.upper(), "theme": "t", "unit": "t",
                                          "direction": "up", "definition": ""} for i in ("gdp", "pm25")])
        conn.execute(insert(Region), [{"id": r, "zh": f"{r}区", "en": r.title(), "level": "city"}
                                      for r in ("tianjin", "hebei")])
        conn.execute(insert(Change), rows)
    yield engine, rows
    engine.dispose()


@pytest.mark.parametrize("run_id", [None, 1, 5, 99])
def test_the_whole_log_in_one_sorted_order(log, run_id):
    engine, rows = log
    chosen = [r for r in rows if run_id is None or r["run_id"] == run_id]
    with engine.connect() as conn:
        got = queries.change_list(conn, run_id=run_id)
    assert [c.id for c in got] == the_log_sorted(chosen)


@pytest.mark.parametrize("size", [1, 7, 50, 1000])
def test_pages_of_any_size_are_cuts_of_that_order(log, size):
    engine, rows = log
    with engine.connect() as conn:
        pages = [queries.change_list(conn, limit=size, offset=start) for start in range(0, len(rows) + size, size)]
    assert all(len(page) == size for page in pages[:len(rows) // size])
    assert [c.id for page in pages for c in page] == the_log_sorted(rows)


def test_names_are_joined_and_a_gone_indicator_keeps_its_id(log):
    engine, rows = log
    with engine.connect() as conn:
        got = queries.change_list(conn)
    by_id = {c.id: c for c in got}
    gdp = next(r for r in rows if r["indicator_id"] == "gdp" and r["region_id"] == "hebei")
    assert (by_id[gdp["id"]].indicator_en, by_id[gdp["id"]].region_zh) == ("GDP", "hebei区")
    ghost = next(r for r in rows if r["indicator_id"] == "ghost")
    assert by_id[ghost["id"]].indicator_id == "ghost" and by_id[ghost["id"]].indicator_en is None


def test_a_page_is_cut_from_the_index_not_from_a_sort(log):
    """The plan of a page's cut: a search of the order index and no temporary b-tree (at scale, a sort of the
    whole log). Only the cut rows (a page) are sorted again, after their names are joined."""
    engine, _rows = log
    plans = []
    from sqlalchemy import event

    def explain(conn, cursor, statement, parameters, context, executemany):
        if "FROM changes" in statement and "GROUP BY" not in statement:
            plans.append(cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall())
    with engine.connect() as conn:
        event.listen(conn, "before_cursor_execute", explain)
        assert len(queries.change_list(conn, run_id=2, limit=10, offset=20)) == 10
    assert plans
    for plan in plans:
        cut = {step[0] for step in plan if step[-1].startswith("CO-ROUTINE")}
        for step in plan:  # the cut's steps: the co-routine's descendants (each step names its parent)
            if step[1] in cut:
                cut.add(step[0])
        inner = [step[-1] for step in plan if step[0] in cut]
        assert any("ix_changes_order" in d for d in inner) and not any("TEMP B-TREE" in d for d in inner), plan
