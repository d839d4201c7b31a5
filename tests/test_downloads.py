"""The /download/ routes: content, headers, BOM, filters, neutralized text, errors, xlsx."""
from __future__ import annotations

import csv
import io
import shutil
import threading
import time
import urllib.request

import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from werkzeug.serving import make_server

from dashboard import downloads
from dashboard.db_access import get_engine
from dashboard.export_slots import ExportSlots, export_slots
from dashboard.http_headers import content_disposition
from db.csv_encoding import csv_chunks
from db.engine import sqlite_url
from db.export import PROGRESS_COLUMNS, TARGET_COLUMNS, TIDY_COLUMNS, iter_tidy_rows
from db.filenames import export_filename
from db.xlsx import xlsx_cell
from tests.conftest import blueprint_client, client_fixture, tampered_copy

BOM = b"\xef\xbb\xbf"
EVIL_QUOTE = '=HYPERLINK("http://example.invalid","点击")集装箱'


client = client_fixture(downloads.blueprint)


def make_client(monkeypatch, url: str):
    return blueprint_client(monkeypatch, url, downloads.blueprint)


@pytest.fixture(scope="module")
def data_date(db):
    return db.execute("select value from meta where key = 'built_at'").fetchone()[0][:10]


@pytest.fixture()
def tampered_url(built_db, tmp_path):
    """A copy of the built database whose text cells start with formula triggers."""
    path = tampered_copy(
        built_db, tmp_path,
        ("update observations set quote = ?, note = '@SUM(A1)' where indicator_id = 'container-throughput' "
         "and year = 2024", (EVIL_QUOTE,)),
        ("update targets set quote = '+1 到2030年' where indicator_id = 'hsr-intercity-rail-km'",),
        ("update progress set reason = '-1 原因' where indicator_id = 'container-throughput'",),
        ("update documents set title = '=cmd|calc 标题' where id = 'tianjin-ten-years-review'",))
    return sqlite_url(path)


def read_csv(response) -> list[dict]:
    assert response.data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def tidy_count(db, where_obs="1", where_tgt="1", params=()) -> int:
    """Observations plus targets, counted straight from the tables."""
    obs = db.execute(f"select count(*) from observations o join indicators i on i.id = o.indicator_id "
                     f"where {where_obs}", params).fetchone()[0]
    tgt = db.execute(f"select count(*) from targets t join indicators i on i.id = t.indicator_id "
                     f"where {where_tgt}", params).fetchone()[0]
    return obs + tgt


# --- CSV --------------------------------------------------------------------------------------

def test_observations_csv_is_the_tidy_export_with_bom_and_a_dated_name(client, db, built_url, data_date):
    r = client.get("/download/observations.csv")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"] == f'attachment; filename="jjj-observations-{data_date}.csv"'
    assert r.is_streamed
    assert header(r) == list(TIDY_COLUMNS)
    rows = read_csv(r)
    assert len(rows) == tidy_count(db)
    assert any(row["indicator_zh"] == "集装箱吞吐量" for row in rows)
    # byte for byte the rows of the SQL join, encoded from dicts (the names filled in by lookups here)
    with get_engine(built_url).connect() as conn:
        expected = "".join(csv_chunks(iter_tidy_rows(conn), TIDY_COLUMNS))
    assert r.data.decode("utf-8") == expected


@pytest.mark.parametrize("query, where_obs, where_tgt, params", [
    ("theme=transport", "i.theme = ?", "i.theme = ?", ("transport",)),
    ("region=tianjin", "o.region_id = ?", "t.region_id = ?", ("tianjin",)),
    ("indicator=container-throughput", "o.indicator_id = ?", "t.indicator_id = ?", ("container-throughput",)),
    ("kind=change", "o.kind = ?", "0 and ? is not null", ("change",)),
    ("kind=target", "0 and ? is not null", "1 or ? is null", ("target",)),
    ("theme=transport&region=tianjin", "i.theme = ? and o.region_id = ?", "i.theme = ? and t.region_id = ?",
     ("transport", "tianjin")),
])
def test_observations_csv_filters(client, db, query, where_obs, where_tgt, params):
    rows = read_csv(client.get(f"/download/observations.csv?{query}"))
    assert rows and len(rows) == tidy_count(db, where_obs, where_tgt, params)
    for name, value in (part.split("=") for part in query.split("&")):
        column = {"indicator": "indicator_id", "region": "region_id"}.get(name, name)
        assert {row[column] for row in rows} == {value}


def test_filters_are_named_in_the_file_name_in_a_fixed_order(client, data_date):
    r = client.get("/download/observations.csv?theme=transport&region=tianjin")
    assert r.headers["Content-Disposition"] == \
        f'attachment; filename="jjj-observations-region-tianjin-theme-transport-{data_date}.csv"'


def test_an_empty_filter_means_no_filter(client, db):
    assert len(read_csv(client.get("/download/observations.csv?region=&theme="))) == tidy_count(db)


@pytest.mark.parametrize("url, parameter", [
    ("/download/observations.csv?theme=nope", "theme"),
    ("/download/observations.csv?region=atlantis", "region"),
    ("/download/observations.csv?kind=guess", "kind"),
    ("/download/observations.csv?indicator=nope", "indicator"),
    ("/download/observations.csv?regoin=tianjin", "regoin"),
    ("/download/observations.csv?region=tianjin&region=beijing", "region"),
    ("/download/targets.xlsx?kind=target", "kind"),
    ("/download/progress.csv?theme=nope", "theme"),
    ("/download/indicator/container-throughput.csv?theme=transport", "theme"),
])
def test_bad_filters_are_a_400_naming_the_parameter(client, url, parameter):
    r = client.get(url)
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = r.data.decode()
    assert f"(parameter: {parameter})" in text and "Traceback" not in text


def test_one_indicator(client, db, data_date):
    r = client.get("/download/indicator/container-throughput.csv")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"] == \
        f'attachment; filename="jjj-indicator-container-throughput-{data_date}.csv"'
    rows = read_csv(r)
    assert {row["indicator_id"] for row in rows} == {"container-throughput"}
    assert len(rows) == tidy_count(db, "o.indicator_id = ?", "t.indicator_id = ?", ("container-throughput",))
    by_region = read_csv(client.get("/download/indicator/container-throughput.csv?region=tianjin-port&kind=observed"))
    assert sorted(row["period"] for row in by_region) == ["2023", "2024"]
    assert by_region[-1]["value"] == "23290000"


@pytest.mark.parametrize("url", ["/download/indicator/nope.csv", "/download/indicator/nope.xlsx"])
def test_unknown_indicator_is_a_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "nope" in r.data.decode()


def test_targets_csv(client, db, data_date):
    r = client.get("/download/targets.csv")
    assert r.headers["Content-Disposition"] == f'attachment; filename="jjj-targets-{data_date}.csv"'
    assert header(r) == list(TARGET_COLUMNS)
    assert len(read_csv(r)) == db.execute("select count(*) from targets").fetchone()[0]
    (rail,) = read_csv(client.get("/download/targets.csv?indicator=hsr-intercity-rail-km&region=tianjin"))
    assert (rail["target_year"], rail["value"], rail["unit"], rail["unit_as_written"]) == ("2030", "510", "km", "公里")


def test_progress_csv(client, db):
    r = client.get("/download/progress.csv")
    assert header(r) == ["indicator_id", "indicator_zh", "indicator_en", "region_id", "region_zh", "region_en",
                         "baseline_year", "baseline_value", "current_year", "current_value", "target_year",
                         "target_value", "unit", "observed_rate", "required_rate", "rate_now_required", "ratio",
                         "projected_value", "status", "reason", "rests_on_bound", "baseline_qualifier",
                         "baseline_kind", "current_qualifier", "current_kind", "rate_from_year", "rate_to_year",
                         "from_change_statement", "rests_on"]
    rows = read_csv(r)
    (rail,) = [row for row in rows if row["indicator_id"] == "hsr-intercity-rail-km"]
    assert rail["rate_now_required"].startswith("0.0370") and rail["status"] == "not_assessed"
    assert len(rows) == db.execute("select count(*) from progress").fetchone()[0]
    current, status = db.execute("select current_value, status from progress where indicator_id = "
                                 "'container-throughput' and region_id = 'tianjin-port'").fetchone()
    (port,) = read_csv(client.get("/download/progress.csv?indicator=container-throughput&region=tianjin-port"))
    assert float(port["current_value"]) == current and port["status"] == status
    assert port["rests_on_bound"] in ("true", "false") and port["region_zh"] == "天津港"


def test_text_cells_starting_with_formula_triggers_arrive_neutralized(monkeypatch, tampered_url):
    client = make_client(monkeypatch, tampered_url)
    rows = read_csv(client.get("/download/observations.csv?indicator=container-throughput"))
    evil = next(row for row in rows if row["period"] == "2024")
    assert evil["quote"] == "'" + EVIL_QUOTE and evil["note"] == "'@SUM(A1)"
    (target,) = read_csv(client.get("/download/targets.csv?indicator=hsr-intercity-rail-km"))
    assert target["quote"] == "'+1 到2030年"
    (port,) = read_csv(client.get("/download/progress.csv?indicator=container-throughput"))
    assert port["reason"] == "'-1 原因"
    # negative numbers stay numbers
    pm25 = read_csv(client.get("/download/observations.csv?indicator=pm25-annual-mean&kind=change"))
    assert float(pm25[0]["value"]) < 0 and pm25[0]["value"].startswith("-")


def test_a_missing_database_is_a_503_without_traceback(monkeypatch, tmp_path):
    client = make_client(monkeypatch, sqlite_url(tmp_path / "absent.db"))
    r = client.get("/download/observations.csv")
    assert r.status_code == 503 and "Traceback" not in r.data.decode()


# --- xlsx -------------------------------------------------------------------------------------

def open_xlsx(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


@pytest.mark.parametrize("url, sheet, columns", [
    ("/download/observations.xlsx", "observations", TIDY_COLUMNS),
    ("/download/indicator/container-throughput.xlsx", "observations", TIDY_COLUMNS),
    ("/download/targets.xlsx", "targets", TARGET_COLUMNS),
    ("/download/progress.xlsx", "progress", PROGRESS_COLUMNS),
])
def test_xlsx_has_data_columns_and_sources_and_keeps_chinese(client, db, url, sheet, columns):
    r = client.get(url)
    wb = open_xlsx(r)
    assert r.headers["Content-Disposition"].endswith('.xlsx"')
    assert wb.sheetnames == [sheet, "columns", "sources"]
    data = list(wb[sheet].values)
    assert list(data[0]) == list(columns)
    assert len(data) - 1 == len(read_csv(client.get(url.replace(".xlsx", ".csv"))))
    rows = [dict(zip(columns, row)) for row in data[1:]]
    zh = dict(db.execute("select id, zh from indicators").fetchall())
    assert rows and all(row["indicator_zh"] == zh[row["indicator_id"]] for row in rows)
    definitions = list(wb["columns"].values)
    assert definitions[0] == ("name", "type", "description", "unit")
    assert [d[0] for d in definitions[1:]] == list(columns) and all(d[2] for d in definitions[1:])
    titles = {row[0]: row[2] for row in list(wb["sources"].values)[1:]}
    assert titles == dict(db.execute("select id, title from documents").fetchall())


def test_xlsx_numbers_are_numbers(client, db):
    wb = open_xlsx(client.get("/download/progress.xlsx?indicator=container-throughput&region=tianjin-port"))
    cells = dict(zip(PROGRESS_COLUMNS, next(wb["progress"].iter_rows(min_row=2))))
    current, rate = db.execute("select current_value, observed_rate from progress where indicator_id = "
                               "'container-throughput' and region_id = 'tianjin-port'").fetchone()
    assert cells["current_value"].data_type == "n" and cells["current_value"].value == current
    assert cells["observed_rate"].data_type == "n" and cells["observed_rate"].value == pytest.approx(rate)
    assert cells["rests_on_bound"].data_type == "b"


def test_xlsx_text_is_neutralized_not_a_formula(monkeypatch, tampered_url):
    client = make_client(monkeypatch, tampered_url)
    wb = open_xlsx(client.get("/download/observations.xlsx?indicator=container-throughput"))
    quotes = [c for c in wb["observations"].iter_rows(min_row=2) if c[TIDY_COLUMNS.index("quote")].value]
    cells = [row[TIDY_COLUMNS.index("quote")] for row in quotes]
    evil = next(c for c in cells if "HYPERLINK" in c.value)
    assert evil.value == "'" + EVIL_QUOTE and evil.data_type == "s"
    titles = [row[2] for row in wb["sources"].iter_rows(min_row=2)]
    assert any(c.value == "'=cmd|calc 标题" and c.data_type == "s" for c in titles)


# --- pure helpers -----------------------------------------------------------------------------

def test_export_filename_orders_filters_and_replaces_unsafe_characters():
    assert export_filename("observations", {"kind": "target", "theme": "transport"}, "2026-11-22", "csv") == \
        "jjj-observations-theme-transport-kind-target-2026-11-22.csv"
    assert export_filename("a/b", {"region": 'x"; y'}, "2026-11-22", "xlsx") == "jjj-a_b-region-x_y-2026-11-22.xlsx"


def test_content_disposition_gives_non_ascii_names_an_ascii_fallback():
    assert content_disposition("jjj-a.csv") == 'attachment; filename="jjj-a.csv"'
    header_value = content_disposition("jjj-天津-2026.csv")
    assert header_value.isascii()
    assert 'filename="jjj-__-2026.csv"' in header_value
    assert "filename*=UTF-8''jjj-%E5%A4%A9%E6%B4%A5-2026.csv" in header_value


def test_xlsx_cell():
    assert xlsx_cell("=1+1") == "'=1+1" and xlsx_cell(-3.5) == -3.5 and xlsx_cell(True) is True
    assert xlsx_cell("a\x0bb") == "ab" and xlsx_cell(None) is None


def test_a_download_dropped_midway_releases_its_connection(monkeypatch, built_db, tmp_path):
    """A client that stops reading must not leave a database connection open on the server."""
    path = tmp_path / "own.db"  # its own engine, so other tests' connections are not counted
    shutil.copy(built_db, path)
    client = make_client(monkeypatch, sqlite_url(path))
    engine = get_engine(sqlite_url(path))
    open_connections = []
    event.listen(engine, "checkout", lambda *_: open_connections.append(1))
    event.listen(engine, "checkin", lambda *_: open_connections.pop())
    server = make_server("127.0.0.1", 0, client.application, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        response = urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/download/observations.csv")
        assert response.read(3) == BOM
        response.close()
        deadline = time.monotonic() + 5
        while open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert open_connections == []
    finally:
        server.shutdown()


# --- concurrent exports -------------------------------------------------------------------------

def test_exports_beyond_the_cap_are_a_503_with_retry_after_until_one_finishes(client):
    client.application.config["JJJ_MAX_EXPORTS"] = 1
    first = client.get("/download/observations.csv")  # streaming, not yet read: holds the one slot
    assert first.status_code == 200
    for url in ("/download/targets.csv", "/download/progress.xlsx", "/download/indicator/container-throughput.csv"):
        busy = client.get(url)
        assert busy.status_code == 503, url
        assert busy.headers["Retry-After"].isdigit() and int(busy.headers["Retry-After"]) > 0
        assert busy.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert "try again" in busy.data.decode()
    # requests that need no export still get their answer
    assert client.get("/download/observations.csv?theme=nope").status_code == 400
    assert client.get("/download/indicator/nope.csv").status_code == 404
    assert client.get("/download/datapackage.json").status_code == 200
    assert first.data.startswith(BOM)  # the held download is whole
    first.close()
    second = client.get("/download/targets.csv")
    assert second.status_code == 200 and len(read_csv(second)) > 0
    second.close()


def test_an_xlsx_frees_its_slot_once_built_and_a_refused_request_takes_none(client):
    client.application.config["JJJ_MAX_EXPORTS"] = 1
    assert client.get("/download/progress.xlsx").status_code == 200
    held = client.get("/download/observations.csv")
    assert client.get("/download/targets.csv").status_code == 503
    held.close()
    for _ in range(3):  # a freed slot is freed once: closing twice must not make room for two
        r = client.get("/download/targets.csv")
        assert r.status_code == 200
        r.close()
        r.close()
    held, extra = client.get("/download/observations.csv"), client.get("/download/targets.csv")
    assert (held.status_code, extra.status_code) == (200, 503)
    held.close()


def test_the_cap_comes_from_the_environment(monkeypatch, built_url):
    monkeypatch.setenv("JJJ_MAX_EXPORTS", "2")
    client = make_client(monkeypatch, built_url)
    held = [client.get("/download/observations.csv") for _ in range(2)]
    assert [r.status_code for r in held] == [200, 200]
    assert client.get("/download/targets.csv").status_code == 503
    for r in reversed(held):  # each holds its request context, pushed in this one thread: last in, first out
        r.close()
    assert export_slots(client.application).size == 2


def test_export_slots_never_wait_and_release_once():
    slots = ExportSlots(2)
    a, b = slots.take(), slots.take()
    assert a and b and slots.take() is None
    a()
    a()
    c = slots.take()
    assert c and slots.take() is None



def test_datapackage_is_cached_per_data_version(monkeypatch, built_db, tmp_path):
    import json
    import os
    live = tmp_path / "live.db"
    shutil.copy(built_db, live)
    client = make_client(monkeypatch, sqlite_url(live))
    opened = []
    event.listen(get_engine(sqlite_url(live)), "connect", lambda *_: opened.append(1))
    first = client.get("/download/datapackage.json")
    assert first.status_code == 200 and opened
    opened.clear()
    assert client.get("/download/datapackage.json").data == first.data and opened == []
    (tmp_path / "next").mkdir()
    os.replace(tampered_copy(built_db, tmp_path / "next",  # a build: new content, new version
                             ("update documents set title = '新标题' where id = 'tianjin-ten-years-review'",),
                             ("update meta set value = 'v-next' where key = 'data_version'",)), live)
    package = json.loads(client.get("/download/datapackage.json").data)
    assert "新标题" in json.dumps(package, ensure_ascii=False) and "新标题" not in first.data.decode()
    assert package["version"] == "v-next"
