"""Records for tests of pure functions: the fields a test gives, every other one None (or, for a progress
row, what a row without a verdict holds), so a test names only what it is about."""
from __future__ import annotations

from dataclasses import fields

from db import records

_NEUTRAL = {records.ProgressRow: {"status": "not_assessed", "rests_on": "", "rests_on_bound": False,
                                  "from_change_statement": False, "reason_codes": "[]"}}


def make(record_type, **given):
    values = {f.name: None for f in fields(record_type)} | _NEUTRAL.get(record_type, {}) | given
    return record_type(**values)


def point(**given) -> records.SeriesPoint:
    return make(records.SeriesPoint, **given)


def progress_row(**given) -> records.ProgressRow:
    return make(records.ProgressRow, **given)


def statement(**given) -> records.Statement:
    return make(records.Statement, **given)
