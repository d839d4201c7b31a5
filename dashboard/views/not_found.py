"""The page for a path no page serves."""
from __future__ import annotations

from ..components.messages import not_found
from ..i18n import normalize_lang, t


def not_found_layout(lang=None, **_ignored):
    lang = normalize_lang(lang)
    return not_found(t(lang, "error.page_not_found"), lang)
