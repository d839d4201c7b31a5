"""Interface strings in Chinese and English, one JSON catalog per language.

Names of indicators, regions and themes are not here: they come from the database's zh/en columns.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.records import Indicator, ProgressRow, Region, Theme

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
# each language's code for HTML `lang` attributes (on <html>, and on text in the other language)
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
_DIR = Path(__file__).parent


@cache
def catalog(lang: str) -> dict[str, str]:
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def normalize_lang(value) -> str:
    """The language a URL asks for (the first, if given twice); anything unknown falls back to Chinese."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value if value in LANGS else DEFAULT_LANG


def t(lang: str, key: str, **values) -> str:
    """The interface string `key` in `lang`, with {placeholders} filled in."""
    text = catalog(normalize_lang(lang)).get(key)
    if text is None:
        raise KeyError(f"no interface string {key!r}")
    return text.format(**values) if values else text


def reason_text(progress: ProgressRow, lang: str) -> str:
    """A verdict's reasons in `lang`, from the codes the build stored (English text as a fallback)."""
    try:
        codes = json.loads(progress.reason_codes or "[]")
    except ValueError:
        codes = []
    if not codes:
        return progress.reason or ""
    parts = [t(lang, f"reason.{r['code']}", **{k: v for k, v in r.items() if k != "code"}) for r in codes]
    # each reason is written as a sentence; after the separator only the first keeps its capital
    return t(lang, "reason.separator").join([parts[0]] + [p[:1].lower() + p[1:] for p in parts[1:]])


def definition(indicator: Indicator, lang: str) -> str:
    """The indicator's definition in `lang`, falling back to English where no Chinese one is written."""
    if normalize_lang(lang) == "zh" and indicator.definition_zh:
        return indicator.definition_zh
    return indicator.definition or ""


def definition_lang(indicator: Indicator, lang: str) -> str:
    """The HTML lang of the text definition() gives (English where the Chinese one is missing)."""
    return HTML_LANG["zh" if normalize_lang(lang) == "zh" and indicator.definition_zh else "en"]


def name(row: Theme | Region | Indicator, lang: str) -> str:
    """A name from the data in the right language (row.zh / row.en), Chinese where no English one is written."""
    return (row.en if normalize_lang(lang) == "en" else row.zh) or row.zh or ""


DROPDOWN_LABELS = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                   "no_options_found")


def dropdown_labels(lang: str) -> dict[str, str]:
    """dcc.Dropdown's own words ("3 selected", "Search") in the reader's language."""
    return {key: t(lang, f"dropdown.{key}") for key in DROPDOWN_LABELS}
