"""Malformed catalog input: each mistake is one clear error naming file and line, never a traceback,
and the live database is left as it was."""
from __future__ import annotations

import hashlib

import pytest
from typer.testing import CliRunner

from cli.main import app
from etl.build import check
from etl.validate import CatalogInvalid
from tests.minicatalog import write_mini_catalog


def errors_of(entry) -> list[str]:
    with pytest.raises(CatalogInvalid) as info:
        check(entry)
    return [str(e) for e in info.value.errors]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_included_file_is_one_error_and_exit_2(mini, text):
    entry, db = mini
    before = digest(db)
    (entry.parent / "catalog/regions/empty.yaml").write_text(text, encoding="utf-8")
    assert errors_of(entry) == ["catalog/regions/empty.yaml:1: empty file"]
    result = CliRunner().invoke(app, ["build", "--catalog", str(entry), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "catalog/regions/empty.yaml:1: empty file" in result.output
    assert digest(db) == before


def test_an_empty_entry_file_is_one_error(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    entry.write_text("", encoding="utf-8")
    assert errors_of(entry) == ["indicators.yaml:1: empty file"]


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


OBS_A = "catalog/observations/doc-a.yaml"


@pytest.mark.parametrize("value,fragment", [
    ("inf", "'inf' is not a finite number"),
    ("NaN", "'NaN' is not a finite number"),
    ("1e400", "'1e400' 万标准箱 is too large to store"),
    ("-2200", "'-2200': a level in TEU cannot be negative"),
])
def test_a_value_must_be_a_finite_number_and_a_count_not_negative(mini_catalog, value, fragment):
    entry = mini_catalog
    replace(entry.parent / OBS_A, 'value: "2200"', f'value: "{value}"')
    errors = errors_of(entry)
    assert any(e.startswith(f"{OBS_A}:7 [value]: {fragment}") for e in errors), errors


def test_normalize_keeps_negative_changes_and_rejects_zero_fractions():
    from etl.normalize import NormalizationError, normalize
    assert normalize("-5", "家", "enterprises", relative=True).value == -5
    assert normalize("-0.5", "%", "percent").value == -0.5  # a percentage level may be negative
    with pytest.raises(NormalizationError, match="a fraction of zero parts"):
        normalize("零分之一", "", "percent")


META_A = "sources/meta/doc-a.yaml"


def test_an_uppercase_sha256_is_accepted(mini_catalog):
    entry = mini_catalog
    path = entry.parent / META_A
    text = path.read_text(encoding="utf-8")
    sha = text.split("sha256: ")[1].strip()
    path.write_text(text.replace(sha, sha.upper()), encoding="utf-8")
    assert len(check(entry).statements) > 0


def test_invalid_document_metadata_is_one_error_not_one_per_statement(mini_catalog):
    entry = mini_catalog
    replace(entry.parent / META_A, "date_precision: month", "date_precision: monthly")
    errors = errors_of(entry)
    assert len(errors) == 1 and errors[0].startswith(f"{META_A}:") and "[date_precision]" in errors[0], errors


def test_a_document_id_that_is_not_its_file_name_is_flagged(mini_catalog):
    entry = mini_catalog
    meta = entry.parent / META_A
    meta.rename(meta.with_name("document-a.yaml"))
    assert errors_of(entry) == ["sources/meta/document-a.yaml:1 [id]: id 'doc-a' differs from the file's name "
                                "(document-a): statements find a document's metadata by its id, so name the file "
                                "doc-a.yaml"]


def test_a_region_cycle_is_reported_once(mini_catalog):
    entry = mini_catalog
    replace(entry.parent / "catalog/regions/base.yaml", "level: region}", "level: region, parent: tianjin-port}")
    errors = errors_of(entry)
    assert [e for e in errors if "cycle" in e] == [
        "catalog/regions/base.yaml:2 [parent]: regions form a parent cycle: "
        "jjj → tianjin-port → tj-binhai → tianjin → jjj"]
    assert len(errors) == 1, errors


@pytest.mark.parametrize("file,old,new,hint", [
    (OBS_A, "qualifier: more_than", "qualifier: no", "YAML read this as the boolean false: put the value in quotes"),
    (META_A, 'date: "2024-03"', "date: 2024-03-01",
     'YAML read this as the date 2024-03-01: put the value in quotes, e.g. "2024-03-01"'),
])
def test_a_value_yaml_read_as_bool_or_date_hints_to_quote_it(mini_catalog, file, old, new, hint):
    entry = mini_catalog
    replace(entry.parent / file, old, new)
    errors = errors_of(entry)
    assert any(e.startswith(f"{file}:") and hint in e for e in errors), errors


@pytest.mark.parametrize("file_value,fragment", [
    ("../indicators.yaml", "'../indicators.yaml' is outside sources/"),
    ("/etc/hostname", "'/etc/hostname' is outside sources/"),
    ("meta", "sources/meta is a folder, not a document"),
])
def test_a_document_file_must_be_a_file_inside_sources(mini_catalog, file_value, fragment):
    entry = mini_catalog
    replace(entry.parent / META_A, "file: a.txt", f"file: {file_value}")
    errors = errors_of(entry)
    assert any(e.startswith(f"{META_A}:2 [file]: {fragment}") for e in errors), errors


@pytest.mark.parametrize("pattern", ["/etc/*.yaml", "../cat/catalog/regions/*.yaml"])
def test_an_include_pattern_must_stay_inside_the_catalog(mini_catalog, pattern):
    entry = mini_catalog
    replace(entry, "regions: catalog/regions/*.yaml", f"regions: {pattern}")
    assert [e for e in errors_of(entry) if "[include.regions]" in e] == [
        f"indicators.yaml:6 [include.regions]: pattern {pattern!r} must be relative to the catalog's folder "
        "and stay inside it"]


@pytest.mark.parametrize("text,message", [
    ("regions:\n  - " + "[" * 5000 + "]" * 5000 + "\n", "YAML syntax: nested deeper than 50 levels"),
    ("regions:\n  - &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
     "YAML syntax: aliases (*name) are not allowed in the catalog: write the value out"),
])
def test_deep_nesting_and_aliases_are_refused(mini_catalog, text, message):
    entry = mini_catalog
    (entry.parent / "catalog/regions/bad.yaml").write_text(text, encoding="utf-8")
    errors = errors_of(entry)
    assert [e.split(": ", 1)[1] for e in errors if e.startswith("catalog/regions/bad.yaml:")] == [message], errors


def test_a_non_mapping_entry_is_named_by_its_type_not_its_contents(mini_catalog):
    entry = mini_catalog
    (entry.parent / "catalog/regions/list.yaml").write_text("regions:\n  - [" + "1, " * 10000 + "1]\n",
                                                            encoding="utf-8")
    assert errors_of(entry) == ["catalog/regions/list.yaml:1 [regions]: each entry must be a mapping, got a list"]


def test_a_document_left_uncoded_on_purpose_says_why(mini_catalog):
    """The opt-out from "a document must have statements": `statements: []` with the reason."""
    entry = mini_catalog
    (entry.parent / "catalog/observations/doc-b.yaml").write_text(
        "document: doc-b\nstatements: []\nno_statements: to be coded after the 2026 review\n", encoding="utf-8")
    catalog = check(entry)
    assert "doc-b" in {d.id for d in catalog.documents}
    assert not [s for s in catalog.statements if s.document == "doc-b"]
