"""Browser-tab titles: the page's name in both languages, then the site's (a tab is shared before
its reader picks a language, and the query string is not passed to Dash's title functions)."""
from __future__ import annotations

from .i18n import t

SITE = "京津冀协同发展指标 · Jing-Jin-Ji indicators"


def page_title(nav_key: str) -> str:
    return f"{t('zh', nav_key)} {t('en', nav_key)} · {SITE}"


def indicator_title(indicator_id=None, **_ignored) -> str:
    """The indicator's own names where the database knows it; "page not found" for an id it does not."""
    try:
        from . import reads
        row = reads.indicators_by_id().get(indicator_id)
    except Exception:  # noqa: BLE001 — a title must never break the page; the page reports the problem
        row = None
    if row:
        return f"{row.zh} · {row.en} · {SITE}"
    return page_title("nav.not_found") if indicator_id else page_title("nav.indicator")
