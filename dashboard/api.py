"""The read-only JSON API (/api/...).

    /api/indicators            ?theme= &region= &limit= &offset=   a page of indicators: latest value, target,
                                                                   status per region
    /api/indicators/<id>       ?region= &limit= &offset=           metadata, a page of observations, targets, progress
    /api/sources                                                   the documents every number is quoted from
    /api/openapi.json                                              the OpenAPI 3.1 description of all of it

Every answer carries the data's version and build time, and an ETag on them
(If-None-Match: 304, dashboard.http_cache). The two growing lists come a page at a
time: `total` (or `observations_total`), `limit`, `offset`, `next` and `previous` URLs in the body
and a `Link` header (dashboard/pagination.py). Unknown id: 404; bad parameter: 400 naming it; no
database: 503; all as JSON. Text is returned exactly as stored: JSON is not a spreadsheet, so the
downloads' formula neutralization does not apply here.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, request
from sqlalchemy.engine import Connection
from werkzeug.exceptions import HTTPException, NotFound

from db import api_queries, queries
from db.errors import QueryError

from . import reads
from .http_cache import versioned
from .http_status import api_not_found_message
from .pagination import PAGE_PARAMETERS, Page, link_header, page_links, parse_page
from .params import FilterError, check_filters
from .urls import API_AREA
from .versioned_cache import per_data_version

blueprint = Blueprint("api", __name__, url_prefix=API_AREA)

JSON_TYPE = "application/json; charset=utf-8"
INDICATOR_LIST_FILTERS = ("theme", "region")
INDICATOR_DETAIL_FILTERS = ("region",)
# Default page sizes (bench/api_pages.py): an indicator carries a summary per region with data, so a
# page's bytes grow with limit × regions: 20 indicators in 40 regions each are about 150 KB, where the
# whole list of the seed data is 74 KB (8 KB a page) and at a million observations' shape 507 KB or more.
INDICATORS_PER_PAGE = 20
OBSERVATIONS_PER_PAGE = 500


@blueprint.get("/indicators")
@versioned
def indicators():
    filters, page = _paged_request(INDICATOR_LIST_FILTERS, INDICATORS_PER_PAGE)
    body, links = _indicators_json(path=_own_path(), theme=filters.get("theme"), region=filters.get("region"),
                                   limit=page.limit, offset=page.offset)
    return _answer(body, links=links)


@blueprint.get("/indicators/<indicator_id>")
@versioned
def indicator(indicator_id: str):
    filters, page = _paged_request(INDICATOR_DETAIL_FILTERS, OBSERVATIONS_PER_PAGE)
    if indicator_id not in reads.indicators_by_id():  # unknown ids never take a place in the shared cache
        raise NotFound(f"no indicator {indicator_id!r}")
    found = _indicator_json(path=_own_path(), indicator_id=indicator_id, region=filters.get("region"),
                            limit=page.limit, offset=page.offset)
    if found is None:
        raise NotFound(f"no indicator {indicator_id!r}")
    body, links = found
    return _answer(body, links=links)


@blueprint.get("/sources")
@versioned
def sources():
    _filters(())
    return _answer(_sources_json())


@per_data_version
def _indicators_json(conn: Connection, *, path: str, theme: str | None, region: str | None,
                     limit: int, offset: int) -> tuple[str, str]:
    items, total = api_queries.indicator_page(conn, theme=theme, region=region, limit=limit, offset=offset)
    links = page_links(path, _given(theme=theme, region=region), Page(limit, offset), total)
    return _dumps({**_provenance(conn), **_paging(total, limit, offset, links), "indicators": items}), \
        link_header(links)


@per_data_version
def _indicator_json(conn: Connection, *, path: str, indicator_id: str, region: str | None,
                    limit: int, offset: int) -> tuple[str, str] | None:
    detail = api_queries.indicator_detail(conn, indicator_id, region=region, limit=limit, offset=offset)
    if detail is None:
        return None
    links = page_links(path, _given(region=region), Page(limit, offset), detail["observations_total"])
    paging = _paging(detail["observations_total"], limit, offset, links)
    del paging["total"]  # named observations_total here: the page is of observations, not of indicators
    return _dumps({**_provenance(conn), **detail, **paging}), link_header(links)


@per_data_version
def _sources_json(conn: Connection) -> str:
    return _dumps({**_provenance(conn), "sources": api_queries.sources(conn)})


@blueprint.route("/<path:_unknown>")
def unknown(_unknown: str):
    raise NotFound(api_not_found_message())


@blueprint.errorhandler(FilterError)
def _bad_filter(error: FilterError):
    return _json({"error": error.message, "parameter": error.parameter}, 400)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return _json({"error": error.description or error.name}, error.code or 500)


@blueprint.errorhandler(FileNotFoundError)
@blueprint.errorhandler(QueryError)
def _no_database(_error):
    return _json({"error": "the database is not available; try again later"}, 503)


def _filters(allowed: tuple[str, ...], others: tuple[str, ...] = ()) -> dict[str, str]:
    return check_filters(request.args.to_dict(flat=False), allowed, reads.vocabulary(), others)


def _paged_request(allowed: tuple[str, ...], default_limit: int) -> tuple[dict[str, str], Page]:
    """The request's filters and page; FilterError (a 400) if any parameter is bad."""
    page = parse_page(request.args.to_dict(flat=False), default_limit)
    return _filters(allowed, PAGE_PARAMETERS), page


def _own_path() -> str:
    """This request's path, mount prefix included: the page links point back at the same address."""
    return request.script_root + request.path


def _given(**filters: str | None) -> dict[str, str]:
    return {k: v for k, v in filters.items() if v}


def _paging(total: int, limit: int, offset: int, links: dict) -> dict:
    return {"total": total, "limit": limit, "offset": offset, "next": links["next"], "previous": links["previous"]}


def _provenance(conn: Connection) -> dict:
    meta = queries.meta(conn)
    return {"data_version": meta.get("data_version"), "built_at": meta.get("built_at")}


def _dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _answer(body: str, status: int = 200, links: str = "") -> Response:
    response = Response(body, status=status, content_type=JSON_TYPE)
    if links:
        response.headers["Link"] = links
    return response


def _json(payload: dict, status: int = 200) -> Response:
    return _answer(_dumps(payload), status)


__all__ = ["blueprint", "JSON_TYPE", "INDICATOR_LIST_FILTERS", "INDICATOR_DETAIL_FILTERS", "INDICATORS_PER_PAGE",
           "OBSERVATIONS_PER_PAGE"]
