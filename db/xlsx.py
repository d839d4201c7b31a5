"""Excel workbooks of an export: the data, a sheet of column definitions, a sheet of sources.

openpyxl's write-only mode spools rows to disk, so a large export is not held in memory. Text
cells get the same formula-injection guard as the CSV (openpyxl stores a string starting with
'=' as a formula); numbers and booleans stay typed.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .columns import Column
from .csv_encoding import neutralize
from .export import SOURCE_COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_SHEET_HEADER = ("name", "type", "description", "unit")


def write_workbook(fh: BinaryIO, sheet: str, columns: Iterable[Column], rows: Iterable[dict],
                   sources: Iterable[dict]) -> int:
    """Write the workbook to a binary file; returns the number of data rows."""
    columns = list(columns)
    wb = Workbook(write_only=True)
    data = wb.create_sheet(sheet)
    data.freeze_panes = "A2"
    data.append([c.name for c in columns])
    count = 0
    for row in rows:
        data.append([xlsx_cell(row.get(c.name)) for c in columns])
        count += 1
    definitions = wb.create_sheet("columns")
    definitions.append(COLUMN_SHEET_HEADER)
    for c in columns:
        definitions.append([c.name, c.type, c.description, c.unit or ""])
    source_sheet = wb.create_sheet("sources")
    source_sheet.append(SOURCE_COLUMNS)
    for doc in sources:
        source_sheet.append([xlsx_cell(doc.get(name)) for name in SOURCE_COLUMNS])
    wb.save(fh)
    return count


def xlsx_cell(value):
    """Numbers and booleans as they are; text neutralized and stripped of characters XML forbids."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return neutralize(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


__all__ = ["XLSX_TYPE", "write_workbook", "xlsx_cell"]
