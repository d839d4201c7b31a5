"""Citation downloads, beside the data downloads:

    /download/indicator/<id>.bib        ?region= &lang=   BibTeX (@misc)
    /download/indicator/<id>.cite.txt   ?region= &lang=   the same citation as plain text
    /download/dataset.bib, dataset.cite.txt      ?lang=   the whole data set (every other download)

Unknown indicator → 404, a region the indicator has nothing about or a bad parameter → 400, text/plain.
Without `region`: the region the indicator page opens with.
"""
from __future__ import annotations

from flask import Blueprint, Response, request

from db.errors import QueryError

from . import reads
from .citation import Citation, citation_bibtex, citation_text
from .http_cache import versioned
from .http_headers import content_disposition
from .i18n import DEFAULT_LANG, LANGS
from .urls import DOWNLOAD_AREA
from .views.cite import dataset_citation, indicator_citation
from .views.indicator import default_region

blueprint = Blueprint("citations", __name__, url_prefix=DOWNLOAD_AREA)

TEXT_TYPE = "text/plain; charset=utf-8"
BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
INDICATOR_PARAMS = ("region", "lang")
DATASET_PARAMS = ("lang",)


@blueprint.get("/indicator/<indicator_id>.bib")
@versioned
def indicator_bibtex(indicator_id: str):
    return _indicator(indicator_id, "bib")


@blueprint.get("/indicator/<indicator_id>.cite.txt")
@versioned
def indicator_cite_text(indicator_id: str):
    return _indicator(indicator_id, "cite.txt")


@blueprint.get("/dataset.<any(bib, 'cite.txt'):fmt>")
@versioned
def dataset_cite(fmt: str):
    problem = _bad_params(DATASET_PARAMS)
    if problem:
        return problem
    return _answer(dataset_citation(_lang()), "jjj-dataset", fmt)


def _lang() -> str:
    return request.args.get("lang") or DEFAULT_LANG


def _bad_params(known: tuple[str, ...]) -> Response | None:
    unknown = sorted(set(request.args) - set(known))
    if unknown:
        return _text(f"Bad request: unknown parameter {unknown[0]!r} (known: {', '.join(known)})\n", 400)
    if _lang() not in LANGS:
        return _text(f"Bad request: lang must be one of {', '.join(LANGS)} (parameter: lang)\n", 400)
    return None


def _indicator(indicator_id: str, fmt: str) -> Response:
    if indicator_id not in reads.indicators_by_id():
        return _text(f"Not found: no indicator {indicator_id!r}\n", 404)
    problem = _bad_params(INDICATOR_PARAMS)
    if problem:
        return problem
    counts = reads.statement_counts(indicator_id=indicator_id)
    progress = [p for p in reads.progress() if p.indicator_id == indicator_id]
    regions = set(counts) | {p.region_id for p in progress}
    region = request.args.get("region") or default_region(counts, progress)
    if region not in regions:
        return _text(f"Bad request: indicator {indicator_id!r} has no data for region {region!r} "
                     "(parameter: region)\n", 400)
    return _answer(indicator_citation(indicator_id, region, _lang()), f"{indicator_id}-{region}", fmt)


def _answer(citation: Citation, name: str, fmt: str) -> Response:
    body = citation_bibtex(citation) if fmt == "bib" else citation_text(citation) + "\n"
    response = Response(body, content_type=BIBTEX_TYPE if fmt == "bib" else TEXT_TYPE)
    response.headers["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-cache"  # the access date and the data change behind the same URL
    return response


@blueprint.errorhandler(FileNotFoundError)
@blueprint.errorhandler(QueryError)
def _no_database(_error):
    return _text("The database is not available; try again later.\n", 503)


def _text(message: str, status: int) -> Response:
    return Response(message, status=status, content_type=TEXT_TYPE)


__all__ = ["blueprint", "INDICATOR_PARAMS", "DATASET_PARAMS", "BIBTEX_TYPE"]
