"""The read-only JSON API (/api/...).

    /api/indicators            ?theme= &region=   each indicator: latest value, target, status per region
    /api/indicators/<id>       ?region=           metadata, observations, targets, progress
    /api/sources                                  the documents every number is quoted from

Every answer carries the data's version and build time. Unknown id: 404; bad parameter: 400
with {"error": ..., "parameter": ...}; both JSON. Text is returned as stored (UTF-8, not escaped).

Answers are JSON text cached per data version (dashboard.cached_queries): a repeated request
costs a stat of the database file and a lookup, and a swapped-in database gets new keys at once.

The database comes from dashboard.db_access.get_engine(): JJJ_DATABASE_URL (set by `jjj serve`;
tests set it with monkeypatch), else DATABASE_URL, else data/jjj.db.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, request
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, NotFound

from db import api_queries, queries
from db.filters import FilterError, check_filters

from .cached_queries import cached, fetch

blueprint = Blueprint("api", __name__, url_prefix="/api")

JSON_TYPE = "application/json; charset=utf-8"


@blueprint.get("/indicators")
def indicators():
    filters = _filters(("theme", "region"))
    return _answer(cached("api/indicators", _indicators_json, filters.get("theme"), filters.get("region")))


@blueprint.get("/indicators/<indicator_id>")
def indicator(indicator_id: str):
    filters = _filters(("region",))
    body = cached("api/indicator", _indicator_json, indicator_id, filters.get("region"))
    if body is None:
        raise NotFound(f"no indicator {indicator_id!r}")
    return _answer(body)


@blueprint.get("/sources")
def sources():
    _filters(())
    return _answer(cached("api/sources", _sources_json))


def _indicators_json(conn: Connection, theme: str | None, region: str | None) -> str:
    return _dumps({**_provenance(conn), "indicators": api_queries.indicator_list(conn, theme=theme, region=region)})


def _indicator_json(conn: Connection, indicator_id: str, region: str | None) -> str | None:
    detail = api_queries.indicator_detail(conn, indicator_id, region=region)
    return None if detail is None else _dumps({**_provenance(conn), **detail})


def _sources_json(conn: Connection) -> str:
    return _dumps({**_provenance(conn), "sources": api_queries.sources(conn)})


@blueprint.route("/<path:_unknown>")
def unknown(_unknown: str):
    raise NotFound("no such API address; see /api/indicators, /api/indicators/<id>, /api/sources")


@blueprint.errorhandler(FilterError)
def _bad_filter(error: FilterError):
    return _json({"error": error.message, "parameter": error.parameter}, 400)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return _json({"error": error.description or error.name}, error.code or 500)


@blueprint.errorhandler(FileNotFoundError)
@blueprint.errorhandler(SQLAlchemyError)
def _no_database(_error):
    return _json({"error": "the database is not available; try again later"}, 503)


def _filters(allowed: tuple[str, ...]) -> dict[str, str]:
    return check_filters(request.args.to_dict(flat=False), allowed, fetch("vocabulary"))


def _provenance(conn: Connection) -> dict:
    meta = queries.meta(conn)
    return {"data_version": meta.get("data_version"), "built_at": meta.get("built_at")}


def _dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _answer(body: str, status: int = 200) -> Response:
    return Response(body, status=status, content_type=JSON_TYPE)


def _json(payload: dict, status: int = 200) -> Response:
    return _answer(_dumps(payload), status)


__all__ = ["blueprint"]
