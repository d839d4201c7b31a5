"""The records the reads return (db/records.py) name the same columns as the tables they are read from
(db/schema.py), the progress rows the build writes (etl/progress_rows.py) and the exports (db/export.py)."""
from __future__ import annotations

import dataclasses
import re

import pytest

from db import records, schema
from db.export import PROGRESS_COLUMNS, SOURCE_COLUMNS, TARGET_COLUMNS
from db.queries import level_points_query
from db.records import field_names

DOCUMENT_OF_STATEMENT = ("document_title", "document_title_en", "document_date")
NAMES = ("indicator_zh", "indicator_en", "region_zh", "region_en")


def columns(table) -> tuple[str, ...]:
    return tuple(c.name for c in table.__table__.columns)


@pytest.mark.parametrize(("record", "table", "extra"), [
    (records.ProgressRow, schema.Progress, ()),
    (records.Conflict, schema.Conflict, ()),
    (records.Target, schema.Target, ()),
    (records.Document, schema.Document, ("n_figures", "n_targets")),
    (records.Run, schema.EtlRun, ("n_changes",)),
    (records.Change, schema.Change, NAMES),
])
def test_a_record_is_its_table_row_in_column_order(record, table, extra):
    assert field_names(record) == columns(table) + extra


@pytest.mark.parametrize(("record", "table"), [(records.Theme, schema.Theme), (records.Region, schema.Region),
                                                (records.Indicator, schema.Indicator),
                                                (records.SeriesDocument, schema.SeriesDocument)])
def test_a_lookup_record_holds_columns_of_its_table(record, table):
    assert set(field_names(record)) <= set(columns(table))


def test_a_statement_holds_every_column_of_observations_and_targets_and_its_document():
    expected = set(columns(schema.Observation)) | set(columns(schema.Target)) | set(DOCUMENT_OF_STATEMENT)
    assert set(field_names(records.Statement)) == expected


def test_a_series_point_is_what_the_level_points_query_selects():
    assert field_names(records.SeriesPoint) == tuple(c.name for c in level_points_query().selected_columns)


def test_the_build_writes_every_field_of_a_progress_row():
    from etl.progress_rows import progress_row
    indicator = {"id": "x", "unit": "km", "direction": "higher_is_better"}
    row = progress_row(indicator, "tianjin", [], [], {})
    assert ("id", *row) == field_names(records.ProgressRow)  # the id is the row's number, given on writing


def test_the_exports_name_only_columns_the_records_know():
    assert set(PROGRESS_COLUMNS) <= set(field_names(records.ProgressRow)) | set(NAMES)
    assert set(TARGET_COLUMNS) - {"theme", "source_id", "source_title", "source_date"} <= \
        set(field_names(records.Target)) | set(NAMES)
    assert SOURCE_COLUMNS == field_names(records.Document)[:len(SOURCE_COLUMNS)]


def test_records_are_frozen():
    theme = records.Theme(id="t", zh="交通", en="Transport")
    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.zh = "x"


def test_records_built_from_rows_equal_those_built_by_init_and_stay_frozen():
    row = ("t", "交通", "Transport")
    built, = records.from_rows(records.Theme, ("id", "zh", "en"), [row])
    assert built == records.Theme(*row) and hash(built) == hash(records.Theme(*row))
    assert vars(built) == vars(records.Theme(*row))
    reordered, = records.from_rows(records.Theme, ("en", "id", "zh"), [("Transport", "t", "交通")])
    assert reordered == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.zh = "x"


def test_a_record_built_from_rows_gets_the_defaults_of_the_columns_left_out():
    statement = {f.name: f"v-{f.name}" for f in dataclasses.fields(records.Statement)
                 if f.default is dataclasses.MISSING}
    built, = records.from_rows(records.Statement, tuple(statement), [tuple(statement.values())])
    assert built == records.Statement(**statement)
    assert vars(built) == vars(records.Statement(**statement))
    assert built.target_year is None and built.formula is None


@pytest.mark.parametrize(("columns", "named"), [(("id", "zh"), "missing ['en']"),
                                                (("id", "zh", "en", "colour"), "unknown ['colour']"),
                                                (("id", "zh", "zh", "en"), "do not match")])
def test_rows_whose_columns_do_not_match_the_record_are_refused_by_name(columns, named):
    with pytest.raises(TypeError, match=re.escape(named)):
        records.from_rows(records.Theme, columns, [])
