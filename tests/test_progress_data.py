"""The built data behind the progress verdicts (issue 13): targets without a year, a change statement as
the reference, narrowed regions, uncertain dates, notes on borrowed years, and the rests-on flag
wherever a status is shown (CSV, API, card, verdict)."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from dashboard import api, downloads
from dashboard.components.cards import indicator_card, target_text
from dashboard.components.evidence import verdict_view
from db.records import Indicator, ProgressRow, Region
from tests.conftest import blueprint_client
from tests.record_factories import make


def progress_row(db, key: str) -> ProgressRow:
    cur = db.execute("select * from progress where key = ?", (key,))
    names = [c[0] for c in cur.description]
    return ProgressRow(**dict(zip(names, cur.fetchone())))


def text_of(component) -> str:
    """All text inside a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def test_targets_without_a_year_say_so_in_note_flag_and_export(db, monkeypatch, built_url):
    rows = db.execute("select key, indicator_id, region_id, note from targets where target_year is null").fetchall()
    assert {(r[1], r[2]) for r in rows} == {("new-school-places", "tj-wuqing"),
                                           ("hundred-billion-industrial-clusters", "tj-wuqing")}
    for _key, ind, reg, note in rows:
        assert "No target year stated" in note and "so the period is the document's date" not in note
        p = progress_row(db, f"{ind}|{reg}")
        assert p.target_year is None and "no_target_year" in p.reason_codes
        assert target_text(p, "count", "en").endswith("(no year stated)")
    client = blueprint_client(monkeypatch, built_url, downloads.blueprint)
    tidy = list(csv.DictReader(io.StringIO(client.get("/download/observations.csv").data.decode("utf-8-sig"))))
    targets = [r for r in tidy if r["kind"] == "target" and r["indicator_id"] == "new-school-places"]
    assert [(r["period"], r["period_from_document"]) for r in targets] == [("", "false")]


def test_pm25_tianjin_shows_the_change_statement_as_its_reference_not_a_level(db):
    p = progress_row(db, "pm25-annual-mean|tianjin")
    assert p.baseline_year is None and p.baseline_value is None
    assert (p.from_change_statement, p.rate_from_year, p.rate_to_year) == (1, 2014, 2023)
    assert p.current_year == 2024 and p.status == "substantial"
    verdict = text_of(verdict_view(p, "ug/m3", "en"))
    assert "the change statement 2014–2023 (no 2014 level stated)" in verdict
    assert "This status rests on a change statement." in verdict


def test_no_level_is_its_own_baseline(db):
    assert db.execute("select count(*) from progress where baseline_year is not null "
                      "and baseline_year >= current_year").fetchone()[0] == 0


def test_the_wuqing_station_baseline_is_not_taken_from_before_2014(db):
    p = progress_row(db, "intercity-station-daily-departures|tj-wuqing")
    assert p.status == "not_assessed" and p.baseline_year is None
    assert [r["code"] for r in json.loads(p.reason_codes)] == ["one_since_base_year"]


def test_residents_near_the_new_city_core_are_not_the_whole_new_city(db):
    (region,) = db.execute("select region_id from observations where indicator_id = 'resident-population'").fetchone()
    assert region == "wuqing-new-city-core-2km"
    assert db.execute("select parent_id from regions where id = ?", (region,)).fetchone()[0] == "wuqing-new-city"
    same_sentence = db.execute("select distinct region_id from observations where quote like '%核心区两公里内%' "
                               "or quote like '%居民小区常住人口%'").fetchall()
    assert same_sentence == [("wuqing-new-city-core-2km",)]


def test_the_theory_page_is_dated_no_more_precisely_than_its_evidence(db):
    date, precision, evidence = db.execute("select date, date_precision, date_evidence from documents "
                                           "where id = 'capital-metro-theory-page'").fetchone()
    assert (date, precision) == ("2025", "year")
    assert "between November 2025 and January 2026" in evidence


def test_figures_dated_from_a_neighbouring_clause_say_so(db):
    def note(indicator, region, value):
        return db.execute("select note from observations where indicator_id = ? and region_id = ? and value = ?",
                          (indicator, region, value)).fetchone()[0]
    assert "next clause is dated 2023" in note("container-shipping-routes", "tianjin-port", 145)
    assert "The clause itself states no year" in note("blue-green-space-share", "tj-wuqing", 74)
    assert "probably the end-2024 stock" in note("tech-smes", "tianjin", 12000)


def test_rests_on_reaches_the_csv_and_the_api(db, monkeypatch, built_url):
    client = blueprint_client(monkeypatch, built_url, downloads.blueprint)
    rows = {(r["indicator_id"], r["region_id"]): r for r in csv.DictReader(io.StringIO(
        client.get("/download/progress.csv").data.decode("utf-8-sig")))}
    assert rows[("container-throughput", "tianjin-port")]["rests_on"] == "bound"
    assert rows[("pm25-annual-mean", "tianjin")]["rests_on"] == "change_statement"
    assert rows[("exports-value", "jjj")]["rests_on"] == "derived"
    assert rows[("hsr-intercity-rail-km", "tianjin")]["rests_on"] == ""  # not assessed: rests on nothing
    client = blueprint_client(monkeypatch, built_url, api.blueprint)
    body = json.loads(client.get("/api/indicators?limit=1000").data)  # one page holds them all
    (port,) = [r for i in body["indicators"] if i["id"] == "container-throughput" for r in i["regions"]]
    assert port["rests_on"] == ["bound"]
    detail = json.loads(client.get("/api/indicators/pm25-annual-mean?region=tianjin").data)
    assert detail["progress"][0]["rests_on"] == ["change_statement"]


def test_cards_say_what_the_status_rests_on_in_both_languages(db):
    p = progress_row(db, "container-throughput|tianjin-port")
    series = {"indicator": make(Indicator, id="container-throughput", unit="TEU", zh="集装箱吞吐量",
                                en="Container throughput"),
              "region": make(Region, id="tianjin-port", zh="天津港", en="Port of Tianjin"), "progress": p, "points": []}
    assert "Rests on a lower or upper bound" in text_of(indicator_card(series, "en"))
    assert "基于上限或下限" in text_of(indicator_card(series, "zh"))
    exact = {**series, "progress": replace(p, rests_on="")}
    assert "Rests on" not in text_of(indicator_card(exact, "en"))


def test_jjj_progress_names_the_change_statement_and_what_the_status_rests_on(built_url):
    from sqlalchemy import create_engine

    from cli.tables import progress_cells
    from db.queries import progress_list
    with create_engine(built_url).connect() as conn:
        rows = {(r[0], r[1]): r for r in map(progress_cells, progress_list(conn))}
    pm25 = rows[("pm25-annual-mean", "tianjin")]
    assert pm25[2] == "change 2014–2023" and pm25[9] == "substantial (rests on: change_statement)"
    assert rows[("container-throughput", "tianjin-port")][9] == "substantial (rests on: bound)"
    assert rows[("hsr-intercity-rail-km", "tianjin")][9] == "not_assessed"
