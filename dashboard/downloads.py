"""Download routes: the data as CSV (streamed) and xlsx, and a Frictionless data package.

    /download/observations.{csv,xlsx}     ?indicator= &region= &theme= &kind=
    /download/indicator/<id>.{csv,xlsx}   ?region= &kind=
    /download/targets.{csv,xlsx}          ?indicator= &region= &theme=
    /download/progress.{csv,xlsx}         ?indicator= &region= &theme=
    /download/datapackage.json

The dashboard's download buttons link here with the view's filters, so a file matches the
screen. A bad filter is a 400 and an unknown indicator a 404, both text/plain. Every file has an ETag
on the data version (If-None-Match: 304, dashboard.http_cache); CSVs are compressed as they stream.

Each process streams a few downloads at once (dashboard.export_slots) and answers more with a
503 and Retry-After, leaving its other threads to the pages.

The database comes from dashboard.db_access.get_engine(): JJJ_DATABASE_URL (set by `jjj serve`;
tests set it with monkeypatch), else DATABASE_URL, else data/jjj.db.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, current_app, request, send_file, stream_with_context
from sqlalchemy.engine import Connection

from db import queries
from db.columns import describe
from db.datapackage import datapackage
from db.errors import QueryError
from db.export import iter_source_rows
from db.export_tables import EXPORT_TABLES, ExportTable
from db.filenames import data_date, export_filename
from db.xlsx import XLSX_TYPE, write_workbook

from . import reads
from .db_access import get_engine
from .export_slots import export_slots, once
from .http_cache import versioned
from .http_headers import content_disposition
from .params import FilterError, check_filters
from .urls import DOWNLOAD_AREA
from .versioned_cache import per_data_version

blueprint = Blueprint("downloads", __name__, url_prefix=DOWNLOAD_AREA)

CSV_TYPE = "text/csv; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
INDICATOR_FILTERS = ("region", "kind")  # the indicator itself is in the path
FORMATS = ("csv", "xlsx")
_FORMAT = f"<any({', '.join(FORMATS)}):fmt>"
RETRY_AFTER_SECONDS = 5


@blueprint.get(f"/<any({', '.join(EXPORT_TABLES)}):name>.{_FORMAT}")
@versioned
def table_download(name: str, fmt: str):
    table = EXPORT_TABLES[name]
    return _download(table, name, fmt, table.filters)


@blueprint.get(f"/indicator/<indicator_id>.{_FORMAT}")
@versioned
def indicator_download(indicator_id: str, fmt: str):
    return _download(EXPORT_TABLES["observations"], f"indicator-{indicator_id}", fmt, INDICATOR_FILTERS,
                     indicator=indicator_id)


@blueprint.get("/datapackage.json")
@versioned
def datapackage_json():
    return Response(_datapackage_json(), content_type="application/json; charset=utf-8")


@per_data_version
def _datapackage_json(conn: Connection) -> str:
    package = datapackage(queries.meta(conn), EXPORT_TABLES.values(), list(iter_source_rows(conn)))
    return json.dumps(package, ensure_ascii=False, indent=1)


@blueprint.errorhandler(FilterError)
def _bad_filter(error: FilterError):
    return _text(f"Bad request: {error.message} (parameter: {error.parameter})\n", 400)


@blueprint.errorhandler(FileNotFoundError)
@blueprint.errorhandler(QueryError)
def _no_database(_error):
    return _text("The database is not available; try again later.\n", 503)


def _download(table: ExportTable, content: str, fmt: str, allowed: tuple[str, ...], indicator: str | None = None):
    """Validate, name and serve one download; the connection and the export slot are held while a CSV streams."""
    known = reads.vocabulary()  # cached per data version: a bad request costs no connection
    if indicator is not None and indicator not in known["indicator"]:
        return _text(f"Not found: no indicator {indicator!r}\n", 404)
    chosen = check_filters(request.args.to_dict(flat=False), allowed, known)
    filters = {**chosen, **({"indicator": indicator} if indicator else {})}
    release = export_slots(current_app).take()
    if release is None:
        return _busy()
    try:
        conn = get_engine().connect()
    except BaseException:
        release()
        raise
    finish = _closing_then(conn, release)
    streaming = False
    try:
        filename = export_filename(content, chosen, data_date(queries.meta(conn)), fmt)  # the date of these rows
        if fmt == "xlsx":
            return _xlsx(conn, table, filters, filename)
        chunks = _finishing(finish, (data for _n, data in table.csv_bytes(conn, **filters)))
        response = Response(stream_with_context(chunks), content_type=CSV_TYPE)
        response.call_on_close(finish)  # _finishing's finally does not run if streaming never starts
        streaming = True
        return _attachment(response, filename)
    finally:
        if not streaming:
            finish()


def _finishing(finish: Callable[[], None], chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Close the connection and free the slot when streaming ends, even if the server drops the response unclosed."""
    try:
        yield from chunks
    finally:
        finish()


def _closing_then(conn: Connection, release: Callable[[], None]) -> Callable[[], None]:
    """Close the connection, then free the slot even if closing failed; once."""
    def finish() -> None:
        try:
            conn.close()
        finally:
            release()
    return once(finish)


def _busy() -> Response:
    response = _text("Too many downloads at once; please try again in a few seconds.\n", 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _xlsx(conn: Connection, table: ExportTable, filters: dict, filename: str) -> Response:
    """A zip cannot be streamed row by row: spool the workbook to a temporary file, then send it."""
    spool = tempfile.TemporaryFile()
    try:
        write_workbook(spool, table.name, describe(table.columns), table.rows(conn, **filters),
                       list(iter_source_rows(conn)))
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = send_file(spool, mimetype=XLSX_TYPE, as_attachment=True, download_name=filename,
                         max_age=0, conditional=False)
    return _attachment(response, filename)


def _attachment(response: Response, filename: str) -> Response:
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


def _text(message: str, status: int) -> Response:
    return Response(message, status=status, content_type=TEXT_TYPE)


__all__ = ["blueprint"]
