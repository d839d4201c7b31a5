"""A bad catalog: every error reported at once with file, line and field; nothing written."""
from __future__ import annotations

import hashlib
import re

import pytest
from typer.testing import CliRunner

from cli.main import app
from db.engine import sqlite_url
from etl.build import build, check
from etl.validate import CatalogInvalid


def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


OBS_A = "catalog/observations/doc-a.yaml"
IND = "catalog/indicators/base.yaml"

# (name, file, old, new, expected file, field, message fragment)
MISTAKES = [
    ("yaml syntax", OBS_A, 'value: "2200"', 'value: "2200', OBS_A, "", "YAML syntax"),
    ("unknown indicator", OBS_A, "indicator: container-throughput", "indicator: container-thruput", OBS_A,
     "indicator", "unknown indicator 'container-thruput'"),
    ("unknown region", OBS_A, "region: tianjin-port", "region: tianjin-harbour", OBS_A, "region",
     "unknown region 'tianjin-harbour'"),
    ("quote not in document", OBS_A, "quote: 2023年集装箱吞吐量突破2200万标准箱",
     "quote: 2023年集装箱吞吐量突破2500万标准箱", OBS_A, "quote", "quote not found in document doc-a"),
    ("value not in quote", OBS_A, 'value: "2200"', 'value: "2100"', OBS_A, "value", "does not occur in the quote"),
    ("unknown unit", OBS_A, "unit: 万标准箱", "unit: 万集装箱", OBS_A, "unit", "unknown unit"),
    ("unit of another dimension", IND, "unit: TEU", "unit: km", OBS_A, "unit", "normalizes to TEU"),
    ("bad period", OBS_A, 'period: "2023"', 'period: "2023年"', OBS_A, "period", "is not one of"),
    ("change without base period", OBS_A, '    base_period: "2014"\n', "", OBS_A, "base_period",
     "required for a change statement"),
    ("duplicate indicator id", IND, "id: exports-value", "id: pm25-annual-mean", IND, "id",
     "duplicate indicator id 'pm25-annual-mean'"),
    ("unknown theme", IND, "theme: transport", "theme: transportation", IND, "theme", "Input should be"),
    ("typo in a field name", OBS_A, "qualifier: more_than", "qualifer: more_than", OBS_A, "qualifer",
     "unknown field"),
    ("bad qualifier", OBS_A, "qualifier: more_than", "qualifier: over", OBS_A, "qualifier", "Input should be"),
    ("unknown parent region", "catalog/regions/base.yaml", "parent: tj-binhai", "parent: tj-binhia",
     "catalog/regions/base.yaml", "parent", "unknown region 'tj-binhia'"),
    ("document edited, hash not", "sources/a.txt", "世界一流港口", "世界一流大港", "sources/meta/doc-a.yaml",
     "sha256", "the document changed"),
    ("base period after period", OBS_A, 'base_period: "2014"', 'base_period: "2024"', OBS_A, "base_period",
     "is not before"),
]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name,file,old,new,where,field,fragment", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_reported_precisely_and_the_database_is_untouched(mini, name, file, old, new, where,
                                                                          field, fragment):
    entry, db = mini
    before = _digest(db)
    _replace(entry.parent / file, old, new)
    with pytest.raises(CatalogInvalid) as info:
        build(entry, sqlite_url(db))
    messages = [str(e) for e in info.value.errors]
    hits = [m for m in messages if fragment in m and m.startswith(where + ":")]
    assert hits, f"no error with {fragment!r} in {where}; got:\n" + "\n".join(messages)
    hit = hits[0]
    assert re.match(rf"{re.escape(where)}:\d+", hit), hit
    if field:
        assert f"[{field}]" in hit, hit
    assert _digest(db) == before, "the live database changed after a failed build"
    assert not list(db.parent.glob(".live.db.build-*")), "a half-built file was left behind"


def test_line_numbers_point_at_the_field(mini_catalog):
    entry = mini_catalog
    path = entry.parent / OBS_A
    _replace(path, "region: tianjin-port", "region: nowhere")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "region: nowhere" in text)
    with pytest.raises(CatalogInvalid) as info:
        check(entry)
    assert any(str(e).startswith(f"{OBS_A}:{line} [region]") for e in info.value.errors), info.value.report()


def test_all_errors_are_reported_at_once(mini_catalog):
    entry = mini_catalog
    _replace(entry.parent / OBS_A, "region: tianjin-port", "region: nowhere")
    _replace(entry.parent / IND, "theme: transport", "theme: nothing")
    _replace(entry.parent / "catalog/observations/doc-b.yaml", 'value: "2329"', 'value: "2330"')
    with pytest.raises(CatalogInvalid) as info:
        check(entry)
    report = info.value.report()
    assert "unknown region 'nowhere'" in report
    assert "catalog/indicators/base.yaml" in report and "[theme]" in report
    assert "catalog/observations/doc-b.yaml" in report and "value '2330'" in report


def test_missing_document_names_the_file(mini_catalog):
    entry = mini_catalog
    (entry.parent / "sources/b.txt").unlink()
    with pytest.raises(CatalogInvalid) as info:
        check(entry)
    assert any("sources/meta/doc-b.yaml" in str(e) and "sources/b.txt not found" in str(e)
               for e in info.value.errors), info.value.report()


def test_cli_exits_non_zero_and_says_nothing_was_written(mini):
    entry, db = mini
    before = _digest(db)
    _replace(entry.parent / OBS_A, "indicator: container-throughput", "indicator: nope")
    result = CliRunner().invoke(app, ["build", "--catalog", str(entry), "--db", str(db)])
    assert result.exit_code == 2
    assert "unknown indicator 'nope'" in result.output
    assert "Nothing was written" in result.output
    assert _digest(db) == before


def test_a_missing_entry_file_is_named_in_full(tmp_path):
    result = CliRunner().invoke(app, ["check", "--catalog", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'nowhere.yaml'}:0: the catalog's entry file is not there" in result.output


def test_an_unsupported_database_url_is_refused_clearly(monkeypatch):
    from db.engine import DatabaseConfigError, database_url
    monkeypatch.setenv("DATABASE_URL", "mysql://user@host/db")
    with pytest.raises(DatabaseConfigError, match="'mysql' is not supported"):
        database_url()


def test_an_unreachable_database_is_one_line_not_a_traceback():
    from tests.inprocess import jjj
    done = jjj("stats", DATABASE_URL="postgresql://nobody:secret@127.0.0.1:1/none")
    assert done.returncode == 1
    assert done.stderr.startswith("jjj: cannot use the database postgresql+psycopg://nobody:***@127.0.0.1:1/none: ")
    assert "Traceback" not in done.stderr and "secret" not in done.stderr
