"""`make bench`'s wire rows and verdicts: a row fails when an answer is not compressed as asked or lacks its
ETag or 304, whatever its bytes (bench/wire_bytes.py, bench/table.py). No timing is asserted."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from flask import Flask, Response

from db.engine import sqlite_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import wire_bytes  # noqa: E402
from table import Row, count_label, not_run  # noqa: E402


@pytest.fixture(scope="module")
def measured(built_url):
    return wire_bytes.measure({"seed": sqlite_path(built_url)})


def test_every_kind_of_answer_is_measured_and_meets_the_issue(measured):
    assert [w.kind.name for w in measured] == [k.name for k in wire_bytes.SEED_KINDS]
    for w in measured:
        assert w.problems == [], (w.kind.name, w.problems)
        assert w.served["gzip"][0] == "gzip" and w.served[wire_bytes.BROWSER][0] == "br"
        assert w.served[wire_bytes.BROWSER][1] < w.plain
        if w.kind.validated:
            assert w.etag and w.not_modified, w.kind.name


def test_the_indicator_list_is_measured_a_page_at_a_time(measured):
    (api,) = [w for w in measured if w.kind.paged]
    shown, total = api.page.split(" of ")
    assert int(shown) < int(total.replace(",", ""))


def test_rows_fail_on_a_server_that_neither_compresses_nor_validates():
    plain = Flask(__name__)
    plain.add_url_rule("/data.json", "data", lambda: Response('{"v": 1}' * 200, content_type="application/json"))
    wire = wire_bytes.measure_one(plain.test_client(), wire_bytes.Kind("data", "/data.json", validated=True), "t")
    assert wire.problems == ["plain for 'gzip'", f"plain for '{wire_bytes.BROWSER}'", "no ETag"]
    row = wire_bytes.row_of(wire)
    assert row.passed is False and row.cells()[-1] == f"FAIL: {'; '.join(wire.problems)}"


def test_an_etag_without_its_304_fails():
    app = Flask(__name__)
    app.add_url_rule("/x", "x", lambda: Response("x" * 2000, headers={"ETag": '"always-new"'}))
    wire = wire_bytes.measure_one(app.test_client(), wire_bytes.Kind("x", "/x", validated=True), "t")
    assert "no 304" in wire.problems


def test_verdicts():
    assert Row("a", 1.0, 2.0, "s", "≤ 1×", 1).cells()[-1] == "pass"
    assert Row("a", 3.0, 2.0, "s", "≤ 1×", 1).cells()[-1] == "FAIL"
    assert Row("a", 3.0, 2.0, "s", "≥ 0.5×", 0.5, at_least=True).passed is True
    assert Row("a", 1.0, 2.0, "s", "", 0).cells()[-1] == "info"
    assert not_run("pg", "no PostgreSQL URL").cells()[-1] == "not run (no PostgreSQL URL)"
    assert (count_label(1_002_454), count_label(17_494)) == ("1.0 M", "17,494")
