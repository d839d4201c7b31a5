"""A page whose database cannot be read says so in the page, instead of failing the request."""
from __future__ import annotations

import functools
import logging

from dash import html
from sqlalchemy.exc import SQLAlchemyError

from ..i18n import normalize_lang, t
from ..urlstate import single

log = logging.getLogger(__name__)
# What a missing, unreadable, corrupt or half-migrated database raises through SQLAlchemy or the OS.
DATA_ERRORS = (SQLAlchemyError, OSError)


def unavailable(lang) -> html.Div:
    return html.Div([html.H1(t(lang, "error.db_title"), className="h3"), html.P(t(lang, "error.db_text"))],
                    className="db-unavailable alert alert-warning", role="alert")


def guarded(layout):
    """`layout`, or the notice above when the database cannot be read (logged with the cause)."""
    @functools.wraps(layout)
    def page(**params):
        try:
            return layout(**params)
        except DATA_ERRORS as exc:
            log.warning("page %s: database not available: %s", layout.__name__, exc)
            return unavailable(normalize_lang(single(params.get("lang"))))
    return page
