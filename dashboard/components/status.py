"""The progress status as icon + text (colour only reinforces it)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from ..figures.style import STATUS_STYLE
from ..i18n import t

if TYPE_CHECKING:
    from db.records import ProgressRow


def status_badge(status: str, lang: str) -> html.Span:
    status = status if status in STATUS_STYLE else "not_assessed"
    icon = STATUS_STYLE[status][1]
    return html.Span([html.Span(icon, className="status-icon", **{"aria-hidden": "true"}),
                      t(lang, f"status.{status}")], className=f"status status-{status}")


def rests_on(progress: ProgressRow) -> list[str]:
    """What the status rests on besides exact stated levels (etl.progress.RESTS_ON), from the progress row."""
    return [x for x in (progress.rests_on or "").split(",") if x]


def rests_on_words(progress: ProgressRow, lang: str) -> str:
    """"a lower or upper bound, a change statement" / "上限或下限、变化表述"; "" when nothing else."""
    return t(lang, "rests_on.separator").join(t(lang, f"rests_on.{x}") for x in rests_on(progress))


def rests_on_note(progress: ProgressRow, lang: str, sentence: str = "rests_on.sentence") -> html.Span | None:
    """The caveat shown beside a status wherever it appears; None when there is none."""
    words = rests_on_words(progress, lang)
    if not words:
        return None
    return html.Span(t(lang, sentence, what=words), className="status-rests-on",
                     **{"data-rests-on": ",".join(rests_on(progress))})
