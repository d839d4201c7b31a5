"""Derived levels from change statements, and conflicts between documents (mini catalog)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from db.engine import sqlite_url
from db.schema import Conflict, Observation, Progress
from etl.build import build
from etl.derive import apply_change, find_conflicts
from tests.minicatalog import write_mini_catalog


@pytest.fixture()
def mini_db(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    db = tmp_path / "mini.db"
    build(entry, sqlite_url(db))
    engine = create_engine(sqlite_url(db))
    with Session(engine) as session:
        yield session, entry
    engine.dispose()


def test_derived_level_from_a_change_statement(mini_db):
    conn, _ = mini_db
    rows = conn.execute(select(Observation).where(Observation.kind == "derived")
                        .order_by(Observation.indicator_id)).scalars().all()
    by_ind = {r.indicator_id: r for r in rows}
    exports = by_ind["exports-value"]
    # 2025: 1000亿元, +25 % on 2014 → 2014 = 1000亿 / 1.25 = 800亿
    assert exports.period == "2014"
    assert exports.value == pytest.approx(8.0e10)
    assert exports.formula == "value(2014) = value(2025) ÷ (1 + 25%)"
    inputs = json.loads(exports.inputs)
    assert any("observed|exports-value|tianjin|2025" in k for k in inputs)
    assert any("change|exports-value|tianjin|2025|2014" in k for k in inputs)
    # PM2.5: 41 in 2023, −57.2 % on 2014 → 41 / 0.428 = 95.79
    pm = by_ind["pm25-annual-mean"]
    assert pm.value == pytest.approx(41 / 0.428)
    assert pm.value_as_written is None  # derived values were not written by anyone


def test_apply_change_forwards_and_backwards():
    pct = {"value": -57.2, "unit": "percent", "change_basis": "total", "change_direction": "decrease"}
    assert apply_change(100, pct, True, 9)[0] == pytest.approx(42.8)
    assert apply_change(42.8, pct, False, 9)[0] == pytest.approx(100)
    pp = {"value": 4.9, "unit": "pp", "change_basis": "total", "change_direction": "increase"}
    assert apply_change(30, pp, True, 1)[0] == pytest.approx(34.9)
    times = {"value": 2.0, "unit": "times", "change_basis": "total", "change_direction": "increase"}
    assert apply_change(10, times, True, 5)[0] == pytest.approx(30)  # 增长2倍 = three times as much
    avg = {"value": 10, "unit": "percent", "change_basis": "annual_average", "change_direction": "increase"}
    assert apply_change(100, avg, True, 2)[0] == pytest.approx(121)


def test_compatible_restatement_is_recorded_not_dropped(mini_db):
    conn, _ = mini_db
    conflicts = conn.execute(select(Conflict)).scalars().all()
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.indicator_id, c.region_id, c.period) == ("container-throughput", "tianjin-port", "2023")
    assert c.status == "compatible"  # "突破2200万" and "2300万" can both be true
    assert json.loads(c.documents) == ["doc-a", "doc-b"]
    # both statements stay in the database
    n = conn.execute(select(Observation).where(Observation.indicator_id == "container-throughput",
                                               Observation.period == "2023")).scalars().all()
    assert len(n) == 2


def _row(doc, value, qualifier="exact", period="2023"):
    return {"indicator_id": "i", "region_id": "r", "period": period, "period_span": "year", "year": int(period),
            "value": value, "value_low": value, "value_high": value, "qualifier": qualifier, "document_id": doc,
            "key": f"{doc}|{value}", "value_as_written": str(value), "unit_as_written": "家"}


def test_contradiction_and_agreement():
    assert find_conflicts([_row("a", 10), _row("b", 12)], "observed")[0]["status"] == "contradiction"
    assert find_conflicts([_row("a", 10), _row("b", 10)], "observed") == []
    assert find_conflicts([_row("a", 10, "more_than"), _row("b", 12)], "observed")[0]["status"] == "compatible"
    assert find_conflicts([_row("a", 10), _row("b", 12, period="2024")], "observed") == []


def test_progress_is_stored_for_every_indicator_and_region(mini_db):
    conn, _ = mini_db
    rows = {(p.indicator_id, p.region_id): p for p in conn.execute(select(Progress)).scalars()}
    hsr = rows[("hsr-intercity-rail-km", "tianjin")]
    assert hsr.target_value == 510 and hsr.target_year == 2030
    assert hsr.status == "not_assessed" and hsr.reason.startswith("one observation: progress cannot be assessed")
    assert hsr.rate_now_required == pytest.approx((510 / 410) ** (1 / 6) - 1)
    pm = rows[("pm25-annual-mean", "tianjin")]
    # derived 2014 level 95.79 → 41 in 2023, lower is better, no target
    assert pm.baseline_year == 2014 and pm.current_year == 2023
    assert (pm.baseline_kind, pm.current_kind) == ("derived", "observed")
    assert (pm.rate_from_year, pm.rate_to_year) == (2014, 2023)
    assert pm.status == "substantial"
    port = rows[("container-throughput", "tianjin-port")]
    # 2023 uses the exact 2300万 over the bound; 2024 is a lower bound: flagged
    assert port.baseline_value == pytest.approx(2.3e7)
    assert port.rests_on_bound
