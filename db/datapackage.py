"""A Frictionless Data Package describing the CSV downloads (https://datapackage.org).

Each resource's path is the CSV's download address relative to the descriptor, so the same
descriptor works served beside the CSVs at /download/ and saved beside them in a folder.
"""
from __future__ import annotations

from collections.abc import Iterable

from .columns import Column, describe
from .export_tables import ExportTable

PACKAGE_NAME = "jjj-indicators"
# db/csv_encoding writes a BOM (for Excel), quotes minimally and ends lines with CRLF.
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def field(column: Column) -> dict:
    out = {"name": column.name, "type": column.type, "description": column.description}
    if column.unit:
        out["unit"] = column.unit  # a custom property: Table Schema has no unit of its own
    if column.type == "boolean":
        out.update(trueValues=["true"], falseValues=["false"])
    return out


def resource(table: ExportTable) -> dict:
    schema = {"fields": [field(c) for c in describe(table.columns)], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    return {"name": table.name, "path": f"{table.name}.csv", "title": table.title,
            "description": table.description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig", "dialect": CSV_DIALECT, "schema": schema}


def datapackage(meta: dict[str, str], tables: Iterable[ExportTable], sources: Iterable[dict]) -> dict:
    """The descriptor: one resource per table; the documents as sources; the build as version."""
    return {
        "name": PACKAGE_NAME,
        "title": "Beijing–Tianjin–Hebei coordinated development: indicators from official Tianjin documents",
        "description": "Every number is a statement quoted from a document listed in sources; values are "
                       "normalized to canonical units. Text cells that a spreadsheet would read as a formula "
                       "(starting with = + - @ tab CR LF) are prefixed with an apostrophe.",
        "version": meta["data_version"],
        "created": meta["built_at"],
        "sources": [{"title": f"{d['title']} ({d['title_en']}), {d['date']}"} for d in sources],
        "resources": [resource(t) for t in tables],
    }


__all__ = ["PACKAGE_NAME", "datapackage", "resource", "field"]
