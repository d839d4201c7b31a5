"""Sources: documents `jjj draft` proposed that wait for a curator's review, with their draft counts.
Their figures are not in the data until accepted; the build records the list in `meta`."""
from __future__ import annotations

import json

from dash import html

from .. import reads
from ..i18n import t


def pending_drafts() -> list[dict]:
    try:
        rows = json.loads(reads.meta().get("pending_drafts") or "[]")
    except ValueError:
        return []
    return [r for r in rows if isinstance(r, dict) and isinstance(r.get("document"), str)]


def pending_section(lang: str) -> html.Section | None:
    rows = pending_drafts()
    if not rows:
        return None
    return html.Section([
        html.H2(t(lang, "sources.pending.heading"), className="h5", id="sources-pending-heading"),
        html.P(t(lang, "sources.pending.intro")),
        html.Ul([html.Li([
            html.Code(r["document"]), " ", r.get("file") or "",
            " — ", t(lang, "sources.pending.counts", statements=r.get("statements", 0),
                     indicators=r.get("indicators", 0), regions=r.get("regions", 0)),
            " ", html.Code(f"jjj draft --accept {r['document']}"),
        ], id=f"sources-pending-{r['document']}") for r in rows]),
    ], className="pending-drafts", id="sources-pending", **{"aria-labelledby": "sources-pending-heading"})
