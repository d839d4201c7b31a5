"""The JSON API: content, headers, filters, 404 and 400 as JSON, text returned as stored."""
from __future__ import annotations

import json

import pytest

from dashboard import api
from dashboard.pagination import MAX_LIMIT
from dashboard.params import FilterError, check_filters
from db.engine import sqlite_url
from tests.conftest import blueprint_client, client_fixture, tampered_copy

JSON_TYPE = "application/json; charset=utf-8"


client = client_fixture(api.blueprint)


def make_client(monkeypatch, url: str):
    return blueprint_client(monkeypatch, url, api.blueprint)


def get_json(client, url: str, status: int = 200) -> dict:
    r = client.get(url)
    assert r.status_code == status, r.data
    assert r.headers["Content-Type"] == JSON_TYPE
    return json.loads(r.data.decode("utf-8"))


def test_indicators_list_with_latest_value_target_and_status(client, db):
    r = client.get(f"/api/indicators?limit={MAX_LIMIT}")  # every indicator in one page
    assert r.headers["Content-Type"] == JSON_TYPE
    assert "集装箱吞吐量".encode() in r.data  # not \\u-escaped
    body = json.loads(r.data)
    assert body["data_version"] == db.execute("select value from meta where key = 'data_version'").fetchone()[0]
    items = {i["id"]: i for i in body["indicators"]}
    assert len(items) == body["total"] == db.execute("select count(*) from indicators").fetchone()[0]
    port = items["container-throughput"]
    assert (port["zh"], port["theme"], port["unit"], port["direction"]) == \
        ("集装箱吞吐量", "port-trade", "TEU", "higher_is_better")
    (region,) = [x for x in port["regions"] if x["region_id"] == "tianjin-port"]
    year, value, status = db.execute("select current_year, current_value, status from progress where "
                                     "indicator_id = 'container-throughput' and region_id = 'tianjin-port'").fetchone()
    assert region["latest"] == {"year": year, "value": value} and region["status"] == status
    assert region["target"] is None and region["region_zh"] == "天津港"
    (rail,) = [x for x in items["hsr-intercity-rail-km"]["regions"] if x["region_id"] == "tianjin"]
    assert rail["target"] == dict(zip(("year", "value"), db.execute(
        "select target_year, value from targets where indicator_id = 'hsr-intercity-rail-km' "
        "and region_id = 'tianjin'").fetchone()))


def test_indicators_filtered_by_theme_and_region(client, db):
    items = get_json(client, f"/api/indicators?theme=transport&limit={MAX_LIMIT}")["indicators"]
    assert {i["theme"] for i in items} == {"transport"}
    assert len(items) == db.execute("select count(*) from indicators where theme = 'transport'").fetchone()[0]
    items = get_json(client, f"/api/indicators?region=tianjin&limit={MAX_LIMIT}")["indicators"]
    assert items and all([r["region_id"] for r in i["regions"]] == ["tianjin"] for i in items)
    assert len(items) == db.execute("select count(*) from progress where region_id = 'tianjin'").fetchone()[0]


@pytest.mark.parametrize("url, parameter", [
    ("/api/indicators?theme=nope", "theme"),
    ("/api/indicators?region=atlantis", "region"),
    ("/api/indicators?kind=observed", "kind"),
    ("/api/indicators?theme=transport&theme=economy", "theme"),
    ("/api/indicators/container-throughput?region=atlantis", "region"),
    ("/api/indicators/container-throughput?theme=transport", "theme"),
    ("/api/sources?region=tianjin", "region"),
])
def test_bad_parameters_are_a_json_400(client, url, parameter):
    body = get_json(client, url, 400)
    assert body["parameter"] == parameter and parameter in body["error"]


@pytest.mark.parametrize("url", ["/api/indicators/nope", "/api/nothing-here", "/api/indicators/nope?region=tianjin"])
def test_unknown_addresses_are_a_json_404(client, url):
    body = get_json(client, url, 404)
    assert body["error"]


def test_indicator_detail(client, db):
    body = get_json(client, "/api/indicators/container-throughput")
    assert body["indicator"]["zh"] == "集装箱吞吐量" and body["indicator"]["theme_en"] == "Port & trade"
    assert body["indicator"]["definition"]
    n_obs = db.execute("select count(*) from observations where indicator_id = 'container-throughput'").fetchone()[0]
    assert len(body["observations"]) == n_obs
    assert {o["kind"] for o in body["observations"]} <= {"observed", "change", "derived"}
    assert all(o["indicator_id"] == "container-throughput" and o["quote"] for o in body["observations"])
    assert [p["region_id"] for p in body["progress"]] == [r for (r,) in db.execute(
        "select region_id from progress where indicator_id = 'container-throughput' order by region_id")]


def test_indicator_detail_by_region_has_targets(client, db):
    body = get_json(client, "/api/indicators/hsr-intercity-rail-km?region=tianjin")
    assert {o["region_id"] for o in body["observations"]} == {"tianjin"}
    (target,) = body["targets"]
    assert (target["target_year"], target["value"], target["unit_as_written"]) == \
        db.execute("select target_year, value, unit_as_written from targets where indicator_id = "
                   "'hsr-intercity-rail-km' and region_id = 'tianjin'").fetchone()
    (progress,) = body["progress"]
    assert progress["target_value"] == target["value"]


def test_a_known_region_without_data_gives_empty_lists(client):
    body = get_json(client, "/api/indicators/container-throughput?region=hebei")
    assert body["observations"] == [] and body["targets"] == [] and body["progress"] == []


def test_sources(client, db):
    sources = get_json(client, "/api/sources")["sources"]
    expected = db.execute("select id, title, date, sha256 from documents order by id").fetchall()
    assert [(s["id"], s["title"], s["date"], s["sha256"]) for s in sources] == expected


def test_text_is_returned_as_stored_not_spreadsheet_escaped(monkeypatch, built_db, tmp_path):
    """JSON is not a spreadsheet: a quote starting with '=' comes back unchanged."""
    path = tampered_copy(built_db, tmp_path, ("update observations set quote = '=1+1 <b>集装箱</b>' "
                                              "where indicator_id = 'container-throughput' and year = 2024",))
    body = get_json(make_client(monkeypatch, sqlite_url(path)), "/api/indicators/container-throughput")
    assert "=1+1 <b>集装箱</b>" in [o["quote"] for o in body["observations"]]


def test_a_missing_database_is_a_json_503(monkeypatch, tmp_path):
    body = get_json(make_client(monkeypatch, sqlite_url(tmp_path / "absent.db")), "/api/sources", 503)
    assert "not available" in body["error"]


def test_check_filters():
    known = {"region": {"tianjin"}, "theme": {"transport"}}
    assert check_filters({"region": ["tianjin"], "theme": [" "]}, ("region", "theme"), known) == {"region": "tianjin"}
    for args, parameter in (({"region": ["mars"]}, "region"), ({"theme": ["transport"]}, "theme"),
                            ({"region": ["tianjin", "tianjin"]}, "region"),
                            ({"region": [" tianjin"]}, "region"),  # a value is matched exactly
                            # found by Schemathesis: Python's strip() took it for empty
                            ({"region": ["\x85"]}, "region")):
        with pytest.raises(FilterError) as err:
            check_filters(args, ("region",), known)
        assert err.value.parameter == parameter


# --- caching per data version ---------------------------------------------------------------------

def own_copy(built_db, folder):
    """A private copy of the built database, with its own engine, so other tests' reads are not counted."""
    import shutil
    path = folder / "live.db"
    shutil.copy(built_db, path)
    return path


def count_connections(url: str) -> list:
    from sqlalchemy import event

    from dashboard.db_access import get_engine
    opened = []
    event.listen(get_engine(url), "connect", lambda *_: opened.append(1))
    return opened


@pytest.mark.parametrize("url", ["/api/indicators", "/api/indicators?theme=transport&region=tianjin",
                                 "/api/indicators/container-throughput?region=tianjin-port", "/api/sources",
                                 "/api/indicators/nope"])
def test_a_repeated_request_is_answered_from_the_cache_without_opening_the_database(monkeypatch, built_db,
                                                                                    tmp_path, url):
    live = sqlite_url(own_copy(built_db, tmp_path))
    client = make_client(monkeypatch, live)
    opened = count_connections(live)
    first = client.get(url)
    assert opened, "the first request must read the database"
    opened.clear()
    second = client.get(url)
    assert (second.status_code, second.data) == (first.status_code, first.data)
    assert opened == []


def test_a_swapped_in_database_is_served_at_once(monkeypatch, built_db, tmp_path):
    """A build replaces the file by rename: the next request sees the new data, filters included."""
    import os
    import sqlite3
    live_path = own_copy(built_db, tmp_path)
    client = make_client(monkeypatch, sqlite_url(live_path))
    before = get_json(client, "/api/indicators")
    get_json(client, "/api/indicators?theme=brand-new", 400)
    assert get_json(client, "/api/indicators/container-throughput")["indicator"]["zh"] == "集装箱吞吐量"
    (tmp_path / "next").mkdir()
    rebuilt = tampered_copy(built_db, tmp_path / "next",
                            ("update meta set value = 'v-next' where key = 'data_version'",),
                            ("update indicators set zh = '集装箱吞吐量（新）' where id = 'container-throughput'",),
                            ("insert into themes (id, zh, en, position) values ('brand-new', '新', 'New', 99)",))
    os.replace(rebuilt, live_path)
    after = get_json(client, f"/api/indicators?limit={MAX_LIMIT}")
    assert after["data_version"] == "v-next" != before["data_version"]
    assert {i["id"]: i["zh"] for i in after["indicators"]}["container-throughput"] == "集装箱吞吐量（新）"
    assert get_json(client, "/api/indicators/container-throughput")["indicator"]["zh"] == "集装箱吞吐量（新）"
    assert get_json(client, "/api/indicators?theme=brand-new")["indicators"] == []
    with sqlite3.connect(live_path) as db:
        assert db.execute("select value from meta where key = 'data_version'").fetchone() == ("v-next",)


@pytest.mark.postgres
def test_on_postgresql_a_rebuild_is_served_at_once(monkeypatch, catalog_entry, pg_url):
    """PostgreSQL swaps schemas inside the server, where no stat can see it: each request asks for the version."""
    from sqlalchemy import create_engine, text

    from etl.build import build
    build(catalog_entry, pg_url)
    client = make_client(monkeypatch, pg_url)
    first = get_json(client, "/api/indicators")
    assert get_json(client, "/api/indicators") == first
    engine = create_engine(pg_url)
    with engine.begin() as conn:  # what a swap changes; in place here, so the test needs no second build
        conn.execute(text("update jjj.meta set value = 'v-next' where key = 'data_version'"))
    engine.dispose()
    assert get_json(client, "/api/indicators")["data_version"] == "v-next" != first["data_version"]
