"""The OpenAPI 3.1 description of the JSON API, the downloads and the change feed: /api/openapi.json.

True by construction where it can be: the parameters come from the tuples the routes validate
with (dashboard/api.py, dashboard/downloads.py, db/export_tables.py), their allowed values from the
same vocabulary (the live database's themes, regions, indicators and kinds), the row schemas from
the columns and types of the selects the routes run, the statuses from vocab.py. A test checks
that every route under /api and /download is described and every described path is served, and
Schemathesis checks the answers against it (tests/test_schemathesis.py).
"""
from __future__ import annotations

import json

from flask import Blueprint, Response
from sqlalchemy import Column
from sqlalchemy.engine import Connection

from db.api_queries import INDICATOR_FIELDS
from db.errors import QueryError
from db.export import SOURCE_COLUMNS, TIDY_COLUMNS, progress_query, target_query, tidy_query
from db.export_tables import EXPORT_TABLES
from db.filters import vocabulary
from db.schema import Document, Indicator
from db.xlsx import XLSX_TYPE
from vocab import RESTS_ON, STATUSES

from . import api, cite_routes, downloads
from .http_cache import versioned
from .i18n import LANGS
from .pagination import MAX_LIMIT, MAX_OFFSET
from .urls import FEED_PATH, OPENAPI_PATH, mount
from .versioned_cache import per_data_version

blueprint = Blueprint("openapi", __name__)

FEED_TYPE = "application/atom+xml"
CSV_MEDIA, TEXT_MEDIA, JSON_MEDIA = "text/csv", "text/plain", "application/json"
_PYTHON_TO_JSON = {int: "integer", float: "number", bool: "boolean", str: "string"}

# Summaries, one per operation: the human page (/method#api) shows them in zh and en from the i18n catalogs
# under api.op.<operationId>, so a new operation without a translation fails tests/test_openapi.py.
OPERATIONS = {
    "listIndicators": "A page of indicators: latest value, target and status per region",
    "getIndicator": "One indicator: metadata, a page of its observations, its targets and progress",
    "listSources": "The documents every number is quoted from",
    "getOpenAPI": "This description",
    "downloadTable": "A whole table as CSV or an Excel workbook",
    "downloadIndicator": "One indicator's statements as CSV or an Excel workbook",
    "getDataPackage": "A Frictionless Data Package describing the CSV downloads",
    "getChangeFeed": "An Atom feed: one entry per build that changed data, old → new with the quote",
    "citeIndicator": "The citation of one indicator and region, as BibTeX or plain text",
    "citeDataset": "The citation of the whole data set, as BibTeX or plain text",
}


def column_schemas(columns, nullable_everywhere: bool = True) -> dict[str, dict]:
    """JSON schemas of selected columns, from their SQL types; a union's labels lose NOT NULL, so such
    columns are said to be nullable."""
    out = {}
    for column in columns:
        try:
            kind = _PYTHON_TO_JSON.get(column.type.python_type, "string")
        except NotImplementedError:
            kind = "string"
        nullable = nullable_everywhere or not isinstance(column, Column) or column.nullable
        out[column.key] = {"type": [kind, "null"] if nullable else kind}
    return out


def _object(properties: dict) -> dict:
    """Every property required, and no other: objects are closed, so a field added to an answer without
    describing it fails Schemathesis and the description cannot fall behind the API."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _row(columns) -> dict:
    return _object(column_schemas(columns))


def _table_row(table, names) -> dict:
    return _object(column_schemas([table.c[n] for n in names], nullable_everywhere=False))


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def schemas() -> dict[str, dict]:
    rests_on = {"type": "array", "items": {"type": "string", "enum": list(RESTS_ON)},
                "description": "what the status rests on besides exact stated levels"}
    year_value = _object({"year": {"type": ["integer", "null"]}, "value": {"type": "number"}})
    paging = {
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "offset": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
        "next": {"type": ["string", "null"], "description": "URL of the next page; null on the last"},
        "previous": {"type": ["string", "null"], "description": "URL of the previous page; null on the first"},
    }
    provenance = {"data_version": {"type": ["string", "null"]}, "built_at": {"type": ["string", "null"]}}
    indicator = _table_row(Indicator.__table__, INDICATOR_FIELDS)
    indicator["properties"]["regions"] = {"type": "array", "items": _ref("RegionSummary")}
    indicator["required"].append("regions")
    detail_meta = _table_row(Indicator.__table__, [c.key for c in Indicator.__table__.columns])
    detail_meta["properties"].update(theme_zh={"type": "string"}, theme_en={"type": "string"})
    progress = _row(progress_query().selected_columns)
    progress["properties"]["status"] = {"type": ["string", "null"], "enum": [*STATUSES, None]}
    progress["properties"]["rests_on"] = rests_on  # a comma-joined column, a list in JSON (db.api_queries)
    return {
        "Error": {"type": "object", "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
                  "required": ["error"]},
        "RegionSummary": _object({
            "region_id": {"type": "string"}, "region_zh": {"type": "string"}, "region_en": {"type": "string"},
            "latest": _nullable(year_value), "target": _nullable(year_value),
            "status": {"type": ["string", "null"], "enum": [*STATUSES, None]}, "rests_on": rests_on}),
        "IndicatorSummary": indicator,
        "IndicatorPage": _object({**provenance, "total": {"type": "integer", "minimum": 0}, **paging,
                                  "indicators": {"type": "array", "items": _ref("IndicatorSummary")}}),
        # not the sort columns
        "Observation": _row([c for c in tidy_query().selected_columns if c.key in TIDY_COLUMNS]),
        "Target": _row(target_query().selected_columns),
        "Progress": progress,
        "IndicatorDetail": _object({**provenance, "indicator": detail_meta,
                                    "observations": {"type": "array", "items": _ref("Observation")},
                                    "observations_total": {"type": "integer", "minimum": 0}, **paging,
                                    "targets": {"type": "array", "items": _ref("Target")},
                                    "progress": {"type": "array", "items": _ref("Progress")}}),
        "Source": _table_row(Document.__table__, SOURCE_COLUMNS),
        "SourceList": _object({**provenance, "sources": {"type": "array", "items": _ref("Source")}}),
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _vocabulary_schema(values) -> dict:
    """A filter's value: one the database holds, or empty or spaces (no filter), as db.filters.check_filters
    accepts; any string when the database is away."""
    if values is None:
        return {"type": "string"}
    return {"type": "string", "anyOf": [{"enum": sorted(values)}, {"pattern": "^ *$"}]}


def _filter_parameters(names, known) -> list[dict]:
    return [{"name": n, "in": "query", "required": False, "schema": _vocabulary_schema(known.get(n)),
             "description": f"only this {n}; empty: no filter"} for n in names]


def _page_parameters(default: int) -> list[dict]:
    return [{"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": default},
             "description": "items per page"},
            {"name": "offset", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
             "description": "items to skip"}]


def _json_answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {JSON_MEDIA: {"schema": schema}}}


def _api_errors(*codes: int) -> dict:
    why = {400: "a bad parameter, named in `parameter`", 404: "no such indicator",
           503: "the database is not available"}
    return {str(c): _json_answer(why[c], _ref("Error")) for c in codes}


def _text_errors(*codes: int, busy: bool = False) -> dict:
    """Plain-text errors; `busy`: a download that may also be refused for want of a free export slot."""
    why = {400: "a bad filter, named in the message", 404: "no such indicator",
           503: "the database is not available" + (", or too many downloads at once (see Retry-After)" if busy else "")}
    out = {str(c): {"description": why[c], "content": {TEXT_MEDIA: {"schema": {"type": "string"}}}} for c in codes}
    if busy:
        out["503"]["headers"] = {"Retry-After": {"description": "seconds to wait, when busy",
                                                 "schema": {"type": "string"}}}
    return out


_LINK_HEADER = {"Link": {"description": "RFC 8288 links to the first, previous, next and last pages",
                         "required": True, "schema": {"type": "string"}}}


def _file_answer(fmt: str) -> dict:
    media = {"csv": CSV_MEDIA, "xlsx": XLSX_TYPE}[fmt]
    schema = {"type": "string"} if fmt == "csv" else {"type": "string", "contentMediaType": XLSX_TYPE}
    return {"description": f"the file ({fmt}), named in Content-Disposition", "content": {media: {"schema": schema}}}


def _operation(kind: str, responses: dict, parameters: list | None = None, tags: tuple = (),
               variant: str = "") -> dict:
    """A GET operation of one of the OPERATIONS; `variant` tells the table and format of one download
    apart (operationId `downloadTable_observations_csv`)."""
    return {"get": {"operationId": f"{kind}_{variant}" if variant else kind, "summary": OPERATIONS[kind],
                    "tags": list(tags), "parameters": parameters or [], "responses": responses}}


def paths(known: dict) -> dict:
    ids = known.get("indicator")
    indicator_id = {"name": "indicator_id", "in": "path", "required": True,
                    "schema": {"type": "string", **({"enum": sorted(ids)} if ids else {})}}
    out = {
        "/api/indicators": _operation("listIndicators", {
            "200": {**_json_answer("a page of indicators", _ref("IndicatorPage")), "headers": _LINK_HEADER},
            **_api_errors(400, 503)},
            _filter_parameters(api.INDICATOR_LIST_FILTERS, known) + _page_parameters(api.INDICATORS_PER_PAGE),
            ("api",)),
        "/api/indicators/{indicator_id}": _operation("getIndicator", {
            "200": {**_json_answer("the indicator", _ref("IndicatorDetail")), "headers": _LINK_HEADER},
            **_api_errors(400, 404, 503)},
            [indicator_id] + _filter_parameters(api.INDICATOR_DETAIL_FILTERS, known)
            + _page_parameters(api.OBSERVATIONS_PER_PAGE), ("api",)),
        "/api/sources": _operation("listSources", {"200": _json_answer("the documents", _ref("SourceList")),
                                                   **_api_errors(503)}, tags=("api",)),
        OPENAPI_PATH: _operation("getOpenAPI", {"200": _json_answer("this description", {"type": "object"})},
                                 tags=("api",)),
    }
    for name, table in EXPORT_TABLES.items():
        for fmt in downloads.FORMATS:
            op = _operation("downloadTable", {"200": _file_answer(fmt), **_text_errors(400, 503, busy=True)},
                            _filter_parameters(table.filters, known), ("downloads",), f"{name}_{fmt}")
            op["get"]["description"] = f"{table.title}. {table.description}"
            out[f"/download/{name}.{fmt}"] = op
    for fmt in downloads.FORMATS:
        out[f"/download/indicator/{{indicator_id}}.{fmt}"] = _operation(
            "downloadIndicator", {"200": _file_answer(fmt), **_text_errors(400, 404, 503, busy=True)},
            [indicator_id] + _filter_parameters(downloads.INDICATOR_FILTERS, known), ("downloads",), fmt)
    out["/download/datapackage.json"] = _operation("getDataPackage", {
        "200": _json_answer("the data package", {"type": "object", "required": ["resources"]}),
        "503": _text_errors(503)["503"]}, tags=("downloads",))
    out.update(_citations(known, indicator_id))
    out[FEED_PATH] = _operation("getChangeFeed", {
        "200": {"description": "the feed", "content": {FEED_TYPE: {"schema": {"type": "string"}}}},
        "503": _text_errors(503)["503"]}, tags=("feed",))
    return out


def _citations(known: dict, indicator_id: dict) -> dict:
    """The citation downloads (dashboard/cite_routes.py). A region is any the data holds or empty (the one
    the indicator page opens with); one the indicator has nothing about is a 400."""
    regions = known.get("region")
    schemas = {"region": {"type": "string", **({"enum": sorted(regions) + [""]} if regions else {})},
               "lang": {"type": "string", "enum": [*LANGS, ""]}}

    def parameters(names):
        return [{"name": n, "in": "query", "required": False, "schema": schemas[n]} for n in names]

    def answer(fmt):
        media = cite_routes.BIBTEX_TYPE.split(";")[0] if fmt == "bib" else TEXT_MEDIA
        return {"description": f"the citation ({fmt})", "content": {media: {"schema": {"type": "string"}}}}

    out = {}
    for fmt, variant in (("bib", "bib"), ("cite.txt", "text")):
        out[f"/download/indicator/{{indicator_id}}.{fmt}"] = _operation(
            "citeIndicator", {"200": answer(fmt), **_text_errors(400, 404, 503)},
            [indicator_id] + parameters(cite_routes.INDICATOR_PARAMS), ("downloads",), variant)
        out[f"/download/dataset.{fmt}"] = _operation(
            "citeDataset", {"200": answer(fmt), **_text_errors(400, 503)},
            parameters(cite_routes.DATASET_PARAMS), ("downloads",), variant)
    return out


def operation_key(operation: dict) -> str:
    """The OPERATIONS entry of an operation (the downloads of one kind share it)."""
    return operation["operationId"].split("_")[0]


def description(known: dict | None = None, server: str = "/") -> dict:
    """The whole document; `known`: filter name → the values the database holds (None: not available)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Jing-Jin-Ji indicators: JSON API and downloads",
            "version": "1",
            "description": (
                "Read-only. Every number traces to a verbatim quote in a source document. "
                "Answers carry the data version and build time. Lists that grow with the data come a page "
                "at a time (`limit`, `offset`; `next`/`previous` in the body and a `Link` header). "
                "A parameter an address does not accept, a value the data does not hold or a parameter "
                "given twice is a 400 that names it; an empty value means no filter. "
                "Methods other than GET and HEAD answer 405 with an Allow header."),
        },
        "servers": [{"url": server}],
        "tags": [{"name": "api", "description": "JSON"}, {"name": "downloads", "description": "files"},
                 {"name": "feed", "description": "the change feed"}],
        "paths": paths(known or {}),
        "components": {"schemas": schemas()},
    }


def described_json(conn: Connection, server: str) -> str:
    """The description with the live vocabulary, as served (cached per data version by the route)."""
    return json.dumps(description(vocabulary(conn), server), ensure_ascii=False, indent=1)


@per_data_version
def _described_json(conn: Connection, *, server: str) -> str:
    return described_json(conn, server)


@blueprint.get(OPENAPI_PATH)
@versioned  # the value lists come from the live data: a rebuild can change them
def openapi_json():
    server = mount().rstrip("/") or "/"  # the description's paths are the app's own, below its mount
    try:
        body = _described_json(server=server)
    except (FileNotFoundError, QueryError):  # still true without the database, only without the value lists
        body = json.dumps(description(None, server), ensure_ascii=False, indent=1)
    return Response(body, content_type=api.JSON_TYPE)


__all__ = ["blueprint", "OPENAPI_PATH", "FEED_PATH", "FEED_TYPE", "OPERATIONS", "description", "described_json",
           "column_schemas", "operation_key"]
