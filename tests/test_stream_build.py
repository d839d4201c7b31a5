"""The streamed build (etl/stream_build.py) writes what the in-memory pipeline writes: same rows, ids,
conflicts, progress, data version and change log, and reports bad external rows the same way."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from db.engine import sqlite_url
from etl.build import build, build_in_memory, check
from etl.changelog import diff
from etl.external import ExternalSeries
from etl.external_stream import RowChecker
from etl.normalize import normalize
from etl.validate import CatalogInvalid
from tests.minicatalog import write_mini_catalog
from tests.test_build import table_dump

SERIES = """\
series:
  - id: port-yearly
    indicator: container-throughput
    source: tables/port.csv
    title: 港口年度数据
    publisher: 测试统计局
    columns: {period: 年份, value: 吞吐量, region: 地区}
    regions: {天津港: tianjin-port}
    unit: 万标准箱
  - id: pm25-base
    indicator: pm25-annual-mean
    region: tianjin
    source: tables/pm25.csv
    title: PM2.5
    publisher: 测试统计局
    columns: {period: 年份, value: 浓度}
    unit: 微克/立方米
  - id: exports-monthly
    indicator: exports-value
    source: tables/exports.csv
    title: 出口月度
    publisher: 测试统计局
    columns: {period: 月份, value: 出口值, region: 地区}
    unit: 亿元
  - id: exports-monthly-b
    indicator: exports-value
    source: tables/exports-b.csv
    title: 出口月度（另一来源）
    publisher: 另一统计局
    columns: {period: 月份, value: 出口值, region: 地区}
    unit: 亿元
"""
TABLES = {
    # 2023 meets the hand-coded 超2200 and 2300: a conflict group; 2014 and 2024 give yearly points
    "port.csv": "地区,年份,吞吐量\n天津港,2023,\"2,100\"\n天津港,2014,1400\n天津港,2022,2000.5\ntianjin,2024,1\n",
    # the level at the base of the hand-coded change statement "比2014年下降57.2%": a derived row follows
    "pm25.csv": "年份,浓度\n2014,96\n2024,38.5\n",
    "exports.csv": "地区,月份,出口值\n" + "".join(f"tianjin,2024-{m:02d},{80 + m}\n" for m in range(1, 13))
                   + "tj-binhai,2024-01,12.25\n",
    # one month disagrees with the other source: a conflict between two series
    "exports-b.csv": "地区,月份,出口值\ntianjin,2024-03,99\ntianjin,2024-04,84\n",
}


def catalog(root):
    entry = write_mini_catalog(root)
    doc_a = root / "catalog/observations/doc-a.yaml"  # without its 2023 level, the change statement needs 2014's
    doc_a.write_text(doc_a.read_text(encoding="utf-8").replace(
        '  - indicator: pm25-annual-mean\n    region: tianjin\n    kind: observed\n    period: "2023"\n'
        '    value: "41"\n    unit: 微克/立方米\n    qualifier: exact\n'
        '    quote: 2023年全市PM2.5平均浓度为41微克/立方米\n', ""), encoding="utf-8")
    assert "41微克" not in doc_a.read_text(encoding="utf-8")
    entry.write_text(entry.read_text(encoding="utf-8") + "  external: catalog/external/*.yaml\n", encoding="utf-8")
    (root / "catalog/external").mkdir(parents=True)
    (root / "catalog/external/series.yaml").write_text(SERIES, encoding="utf-8")
    (root / "tables").mkdir()
    for name, body in TABLES.items():
        (root / "tables" / name).write_text(body, encoding="utf-8")
    return entry


def change_rows(url: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text("SELECT * FROM changes ORDER BY id"))]
    engine.dispose()
    return rows


def rows_as_dicts(url: str, table: str) -> list[dict]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY key")).mappings()]
    engine.dispose()
    return rows


def test_the_streamed_build_writes_what_the_in_memory_build_writes(tmp_path):
    entry = catalog(tmp_path / "cat")
    old_url, new_url = sqlite_url(tmp_path / "old.db"), sqlite_url(tmp_path / "new.db")
    old, _ = build_in_memory(entry, old_url)
    new, _ = build(entry, new_url)
    assert new.data_version == old.data_version
    assert new.counts() == old.counts()
    dump = table_dump(new_url)
    assert dump == table_dump(old_url)
    assert change_rows(new_url) == change_rows(old_url)  # a first build: everything added
    # the fixture exercises what the streamed build asks of the database
    assert any(c["kind"] == "observed" and c["period"] == "2024-03" for c in new.conflicts)  # two series
    assert any(c["period"] == "2023" and "external-port-yearly" in c["documents"] for c in new.conflicts)
    assert any(o[4] == "derived" and "external-pm25-base" in (o[27] or "") for o in dump["observations"])
    progress = {(p[2], p[3]): p for p in dump["progress"]}
    assert progress[("container-throughput", "tianjin")][1] and progress[("exports-value", "tj-binhai")]


def test_a_second_build_logs_added_changed_and_removed_rows_like_the_python_diff(tmp_path):
    entry = catalog(tmp_path / "cat")
    url = sqlite_url(tmp_path / "live.db")
    build(entry, url)
    before = {t: rows_as_dicts(url, t) for t in ("observations", "targets")}
    exports = entry.parent / "tables/exports.csv"
    exports.write_text(exports.read_text(encoding="utf-8").replace("tianjin,2024-02,82", "tianjin,2024-02,85")
                       .replace("tj-binhai,2024-01,12.25\n", "") + "tianjin,2025-01,90\n", encoding="utf-8")
    _result, run = build(entry, url)
    after = {t: rows_as_dicts(url, t) for t in ("observations", "targets")}
    expected = diff(before, after)
    from db.changelog_sql import CHANGE_COLUMNS as fields
    engine = create_engine(url)
    with engine.connect() as conn:
        logged = [tuple(r) for r in conn.execute(text(f"SELECT {', '.join(fields)} FROM changes WHERE run_id = :r "
                                                      "ORDER BY id"), {"r": run["id"]})]
    engine.dispose()
    assert logged == [tuple(e[f] for f in fields) for e in expected]
    assert sorted(e["change"] for e in expected) == ["added", "changed", "removed"]
    assert len(change_rows(url)) == len(before["observations"]) + len(before["targets"]) + 3  # the first log kept


def test_bad_external_rows_are_reported_as_the_check_reports_them_and_nothing_is_written(tmp_path):
    entry = catalog(tmp_path / "cat")
    (entry.parent / "tables/pm25.csv").write_text("年份,浓度\n2014,96\n2024-13,1\n2015,多\n2014,95\n",
                                                   encoding="utf-8")
    with pytest.raises(CatalogInvalid) as in_memory:
        check(entry)
    live = tmp_path / "live.db"
    with pytest.raises(CatalogInvalid) as streamed:
        build(entry, sqlite_url(live))
    assert streamed.value.report() == in_memory.value.report()
    assert "tables/pm25.csv:3" in streamed.value.report() and "month 13" in streamed.value.report()
    assert not live.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["cat"]


@pytest.mark.parametrize("value,unit,indicator_unit", [
    ("190", "万标准箱", "TEU"), ("185.5", "万标准箱", "TEU"), ("0.1", "亿元", "CNY"), ("-3.25", "%", "percent"),
    ("12345678901234567.891", "万亿元", "CNY"), ("7", "个", "count"), ("-1", "公里", "km"), ("1" * 400, "元", "CNY"),
])
def test_the_per_series_normalization_gives_what_normalize_gives(value, unit, indicator_unit):
    series = ExternalSeries(id="s", indicator="i", region="r", source="x.csv", title="t", publisher="p",
                            columns={"period": "p", "value": "v"}, unit=unit)
    got = RowChecker(series, {"r"}, indicator_unit).value(value)
    try:
        n = normalize(value, unit, indicator_unit)
    except Exception as exc:  # noqa: BLE001 - the message is what is compared
        assert got == str(exc)
    else:
        assert got == (n.value, n.low, n.high)


@pytest.mark.postgres
def test_postgres_takes_the_same_streamed_path_and_gets_the_same_content(tmp_path, pg_url):
    from db.engine import PG_SCHEMA
    entry = catalog(tmp_path / "cat")
    lite, _ = build(entry, sqlite_url(tmp_path / "lite.db"))
    pg, _ = build(entry, pg_url)
    assert pg.data_version == lite.data_version
    assert table_dump(pg_url, {None: PG_SCHEMA}) == table_dump(sqlite_url(tmp_path / "lite.db"))
    exports = entry.parent / "tables/exports.csv"
    exports.write_text(exports.read_text(encoding="utf-8").replace("tianjin,2024-02,82", "tianjin,2024-02,85"),
                       encoding="utf-8")
    build(entry, sqlite_url(tmp_path / "lite.db"))
    _result, run = build(entry, pg_url)
    engine = create_engine(pg_url).execution_options(schema_translate_map={None: PG_SCHEMA})
    with engine.connect() as conn:
        pg_log = [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{PG_SCHEMA}".changes ORDER BY id'))]
    engine.dispose()
    assert pg_log == change_rows(sqlite_url(tmp_path / "lite.db"))
    assert [r[4] for r in pg_log if r[1] == run["id"]] == ["changed"]
