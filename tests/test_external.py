"""External series: a CSV over a local HTTP server (200, 304, 500, timeout), validation, provenance."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from db.engine import sqlite_url
from db.schema import Document, Observation
from etl.build import build
from etl.external import ExternalSeries, cache_paths, parse_rows
from etl.refresh import EXIT_CODES, RefreshOptions, refresh
from tests.minicatalog import write_mini_catalog

CSV_V1 = "月份,吞吐量\n2024-01,190\n2024-02,185.5\n"
CSV_V2 = CSV_V1 + "2024-03,201\n"


class Upstream:
    """What the fake statistics bureau serves, and what it was asked."""

    def __init__(self):
        self.body, self.etag, self.delay = CSV_V1, '"v1"', 0.0
        self.requests: list[dict] = []


def handler_for(upstream: Upstream):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            upstream.requests.append({"path": self.path, "if_none_match": self.headers.get("If-None-Match")})
            if self.path == "/fail.csv":
                return self._send(500, b"boom")
            if self.path == "/slow.csv":
                time.sleep(upstream.delay)
            if self.headers.get("If-None-Match") == upstream.etag:
                return self._send(304, b"")
            self._send(200, upstream.body.encode("utf-8"), {"ETag": upstream.etag})

        def _send(self, code, body, headers=None):
            self.send_response(code)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    return Handler


@pytest.fixture()
def upstream():
    state = Upstream()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_port}"
    yield state
    server.shutdown()
    server.server_close()


def series_yaml(source: str) -> str:
    return ("series:\n  - id: port-monthly\n    indicator: container-throughput\n    region: tianjin-port\n"
            f"    source: {source}\n    title: 天津港集装箱吞吐量月度数据\n    publisher: 测试统计局\n"
            "    columns: {period: 月份, value: 吞吐量}\n    unit: 万标准箱\n    qualifier: exact\n")


def catalog_with_series(root: Path, source: str) -> Path:
    entry = write_mini_catalog(root)
    entry.write_text(entry.read_text(encoding="utf-8") + "  external: catalog/external/*.yaml\n", encoding="utf-8")
    (root / "catalog/external").mkdir(parents=True)
    (root / "catalog/external/port.yaml").write_text(series_yaml(source), encoding="utf-8")
    return entry


def options(tmp_path: Path, entry: Path) -> RefreshOptions:
    return RefreshOptions(entry=entry, url=sqlite_url(tmp_path / "data" / "jjj.db"), keep=2,
                          fetch_timeout=0.3, fetch_attempts=3, fetch_backoff=0.01)


def external_rows(url: str) -> list[dict]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            select(Observation.period, Observation.value, Observation.quote, Document.file, Document.sha256,
                   Document.date_evidence).join(Document, Document.id == Observation.document_id)
            .where(Observation.document_id == "external-port-monthly").order_by(Observation.period)).mappings()]
    engine.dispose()
    return rows


SERIES = ExternalSeries(id="s", indicator="container-throughput", region="tianjin-port", source="x.csv",
                        title="t", publisher="p", columns={"period": "月份", "value": "吞吐量"}, unit="万标准箱")


def test_rows_are_checked_like_hand_coded_statements():
    rows, errors = parse_rows(SERIES, CSV_V1, {"tianjin-port"}, "TEU")
    assert errors == [] and [(r.line, r.period, r.value, r.text) for r in rows] == \
        [(2, "2024-01", "190", "2024-01,190"), (3, "2024-02", "185.5", "2024-02,185.5")]
    bad = "月份,吞吐量\n2024-13,190\n2024-02,多\n2024-03,1\n2024-03,2\n"
    _rows, errors = parse_rows(SERIES, bad, {"tianjin-port"}, "TEU")
    assert [line for line, _ in errors] == [2, 3, 5]
    assert "month 13" in errors[0][1] and "not a number" in errors[1][1] and "already given" in errors[2][1]
    _rows, errors = parse_rows(SERIES, CSV_V1, {"tianjin-port"}, "km")  # 万标准箱 does not measure km
    assert errors and "normalizes to TEU" in errors[0][1]
    _rows, errors = parse_rows(SERIES, "month,value\n2024-01,1\n", {"tianjin-port"}, "TEU")
    assert errors == [(1, "column(s) 月份, 吞吐量 not in the header ['month', 'value']")]


def test_200_then_304_with_etag_and_provenance(tmp_path, upstream):
    opts = options(tmp_path, catalog_with_series(tmp_path / "cat", f"{upstream.base}/port.csv"))
    first = refresh(opts)
    assert first.status == "ok", first.error
    assert first.external[0]["status"] == "fetched"
    rows = external_rows(opts.url)
    assert [(r["period"], r["value"], r["quote"]) for r in rows] == \
        [("2024-01", 1_900_000, "2024-01,190"), ("2024-02", 1_855_000, "2024-02,185.5")]
    csv_path, meta_path = cache_paths(opts.entry.parent, "port-monthly")
    sidecar = json.loads(meta_path.read_text(encoding="utf-8"))
    assert csv_path.read_text(encoding="utf-8") == CSV_V1 and sidecar["etag"] == '"v1"'
    assert rows[0]["file"] == f"{upstream.base}/port.csv" and rows[0]["sha256"] == sidecar["sha256"]
    assert sidecar["fetched_at"] in rows[0]["date_evidence"] and upstream.base in rows[0]["date_evidence"]

    second = refresh(opts)
    assert upstream.requests[-1]["if_none_match"] == '"v1"'
    assert second.external[0]["status"] == "unchanged" and second.status == "no-op"

    upstream.body, upstream.etag = CSV_V2, '"v2"'
    third = refresh(opts)
    assert third.external[0]["status"] == "fetched" and third.swapped
    assert [(c["change"], c["period"]) for c in third.change_log] == [("added", "2024-03")]


def test_500_keeps_the_last_good_copy_and_marks_the_run_degraded(tmp_path, upstream):
    entry = catalog_with_series(tmp_path / "cat", f"{upstream.base}/port.csv")
    opts = options(tmp_path, entry)
    assert refresh(opts).status == "ok"
    (entry.parent / "catalog/external/port.yaml").write_text(series_yaml(f"{upstream.base}/fail.csv"), encoding="utf-8")
    upstream.requests.clear()
    record = refresh(opts)
    assert record.status == "degraded" and EXIT_CODES[record.status] != 0
    assert record.external[0]["status"] == "failed" and "HTTP 500" in record.external[0]["message"]
    assert len(upstream.requests) == 3  # three attempts, then give up
    assert [r["period"] for r in external_rows(opts.url)] == ["2024-01", "2024-02"]  # still served


def test_a_timeout_with_no_earlier_copy_fails_the_run_and_leaves_the_live_database(tmp_path, upstream):
    entry = write_mini_catalog(tmp_path / "cat")
    opts = options(tmp_path, entry)
    assert refresh(opts).status == "ok"
    live = Path(opts.url.removeprefix("sqlite:///"))
    before = live.read_bytes()
    entry.write_text(entry.read_text(encoding="utf-8") + "  external: catalog/external/*.yaml\n", encoding="utf-8")
    (entry.parent / "catalog/external").mkdir()
    (entry.parent / "catalog/external/port.yaml").write_text(series_yaml(f"{upstream.base}/slow.csv"),
                                                            encoding="utf-8")
    upstream.delay = 1.0
    started = time.monotonic()
    record = refresh(opts)
    assert time.monotonic() - started < 5
    assert record.status == "failed" and "no earlier copy" in record.error
    assert "timed out" in record.external[0]["message"] or "Timeout" in record.external[0]["message"]
    assert live.read_bytes() == before


def test_rejected_new_content_keeps_the_last_good_copy(tmp_path, upstream):
    opts = options(tmp_path, catalog_with_series(tmp_path / "cat", f"{upstream.base}/port.csv"))
    assert refresh(opts).status == "ok"
    upstream.body, upstream.etag = "月份,吞吐量\n2024-01,不详\n", '"v3"'
    record = refresh(opts)
    assert record.status == "degraded" and "not a number" in record.external[0]["message"]
    csv_path, _ = cache_paths(opts.entry.parent, "port-monthly")
    assert csv_path.read_text(encoding="utf-8") == CSV_V1


def test_a_local_file_source_builds_without_a_fetch(tmp_path):
    entry = catalog_with_series(tmp_path / "cat", "tables/port.csv")
    (entry.parent / "tables").mkdir()
    (entry.parent / "tables/port.csv").write_text(CSV_V1, encoding="utf-8")
    dataset, _run = build(entry, sqlite_url(tmp_path / "jjj.db"))
    assert [r["period"] for r in external_rows(sqlite_url(tmp_path / "jjj.db"))] == ["2024-01", "2024-02"]
    assert "tables/port.csv" in dataset.input_hashes


def test_old_catalogs_without_the_external_key_still_load(tmp_path):
    entry = write_mini_catalog(tmp_path)
    dataset, _run = build(entry, sqlite_url(tmp_path / "jjj.db"))
    assert not any(d["id"].startswith("external-") for d in dataset.documents)


def test_a_badly_declared_series_is_reported_with_its_line(tmp_path):
    from etl.build import check
    from etl.validate import CatalogInvalid
    entry = catalog_with_series(tmp_path / "cat", "tables/port.csv")
    path = entry.parent / "catalog/external/port.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    publisher: 测试统计局\n", ""), encoding="utf-8")
    with pytest.raises(CatalogInvalid) as exc:
        check(entry)
    assert "catalog/external/port.yaml" in exc.value.report() and "publisher" in exc.value.report()


def test_serve_does_not_rebuild_when_nothing_changed_with_external_series(tmp_path):
    """Issue 12, item 9: the up-to-date check compared the catalog's hashes without the series' with the
    live build's, which include them, so every `jjj serve` start rebuilt."""
    from etl.build import needs_build
    entry = catalog_with_series(tmp_path / "cat", "tables/port.csv")
    (entry.parent / "tables").mkdir()
    (entry.parent / "tables/port.csv").write_text(CSV_V1, encoding="utf-8")
    url = sqlite_url(tmp_path / "jjj.db")
    build(entry, url)
    assert needs_build(entry, url) is None
    (entry.parent / "tables/port.csv").write_text(CSV_V2, encoding="utf-8")  # a changed series is still seen
    assert needs_build(entry, url) == "the catalog or a document changed since it was built"
