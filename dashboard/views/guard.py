"""Around every page: a database that cannot be read is said in the page, instead of failing the
request; URL parameters the page does not know (or a language it does not speak) are named, not
silently dropped."""
from __future__ import annotations

import functools
import inspect
import logging

from dash import html

from db.errors import UNAVAILABLE

from ..components.messages import bad_params
from ..i18n import LANGS, normalize_lang, t
from ..response_cache import mark_uncacheable
from ..urlstate import single

log = logging.getLogger(__name__)
DATA_ERRORS = UNAVAILABLE  # a missing, unreadable, corrupt or half-migrated database


def unavailable(lang) -> html.Div:
    return html.Div([html.H1(t(lang, "error.db_title"), className="h3"), html.P(t(lang, "error.db_text"))],
                    className="db-unavailable alert alert-warning", role="alert")


def unused_params(params: dict, known: set[str]) -> list[tuple[str, str]]:
    """(name, value) of each parameter the page does not read, and of a language it does not speak."""
    out = [(k, str(single(v))) for k, v in params.items() if k not in known and k != "lang"]
    lang = single(params.get("lang"))
    if lang not in (None, "", *LANGS):
        out.append(("lang", str(lang)))
    return out


def guarded(layout):
    """`layout`, with a notice for unused parameters; or the notice above when the database cannot
    be read (logged with the cause)."""
    known = {name for name, p in inspect.signature(layout).parameters.items() if p.kind is p.POSITIONAL_OR_KEYWORD}

    @functools.wraps(layout)
    def page(**params):
        lang = normalize_lang(single(params.get("lang")))
        try:
            body = layout(**params)
        except DATA_ERRORS as exc:
            log.warning("page %s: database not available: %s", layout.__name__, exc)
            mark_uncacheable()  # the answer says so: it must not outlive the outage
            return unavailable(lang)
        notices = bad_params(unused_params(params, known), lang)
        return html.Div([*notices, body]) if notices else body
    return page
