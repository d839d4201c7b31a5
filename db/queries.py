"""Read queries shared by the CLI, the exports and the dashboard. Each takes a Connection."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from .schema import Conflict, Document, Indicator, Meta, Observation, Progress, Target, Theme

KINDS = ("observed", "change", "derived", "target")


def meta(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(Meta.key, Meta.value)).all())


def stats(conn: Connection) -> dict:
    """Counts per document, theme and kind; the targets; the conflicts."""
    obs = conn.execute(select(Observation.document_id, Indicator.theme, Observation.kind, func.count())
                       .join(Indicator, Indicator.id == Observation.indicator_id)
                       .group_by(Observation.document_id, Indicator.theme, Observation.kind)).all()
    tgt = conn.execute(select(Target.document_id, Indicator.theme, func.count())
                       .join(Indicator, Indicator.id == Target.indicator_id)
                       .group_by(Target.document_id, Indicator.theme)).all()
    counts = [(doc, theme, kind, n) for doc, theme, kind, n in obs] + \
             [(doc, theme, "target", n) for doc, theme, n in tgt]
    docs = conn.execute(select(Document.id, Document.date).order_by(Document.id)).all()
    themes = conn.execute(select(Theme.id, func.count(Indicator.id))
                          .join(Indicator, Indicator.theme == Theme.id, isouter=True)
                          .group_by(Theme.id, Theme.position).order_by(Theme.position)).all()

    def row(label, extra, match):
        per = [sum(n for d, t, k, n in counts if match(d, t) and k == kind) for kind in KINDS]
        return (label, extra, *per, sum(per))

    return {
        "meta": meta(conn),
        "per_document": [row(d, date, lambda doc, _t, d=d: doc == d) for d, date in docs],
        "per_theme": [row(t, n, lambda _d, theme, t=t: theme == t) for t, n in themes],
        "targets": [tuple(r) for r in conn.execute(
            select(Target.indicator_id, Target.region_id, Target.target_year, Target.value, Target.unit,
                   Target.value_as_written + Target.unit_as_written)
            .order_by(Target.indicator_id, Target.region_id, Target.target_year)).all()],
        "conflicts": [tuple(r) for r in conn.execute(
            select(Conflict.indicator_id, Conflict.region_id, Conflict.period, Conflict.kind, Conflict.status,
                   Conflict.note).order_by(Conflict.indicator_id, Conflict.region_id, Conflict.period)).all()],
    }


def _fmt(value, unit=None) -> str:
    if value is None:
        return ""
    text = f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return f"{text} {unit}" if unit else text


def _pct(rate) -> str:
    return "" if rate is None else f"{rate:+.2%}"


def progress_table(conn: Connection, with_target_only: bool = True) -> list[tuple]:
    """Rows for `jjj progress`: indicator, region, baseline, current, target, rates, projection, status."""
    q = select(Progress.__table__).order_by(Progress.indicator_id, Progress.region_id)
    if with_target_only:
        q = q.where(Progress.target_value.is_not(None))
    out = []
    for p in conn.execute(q).mappings():
        out.append((
            p["indicator_id"], p["region_id"],
            f"{_fmt(p['baseline_value'])} ({p['baseline_year']})" if p["baseline_year"] else "",
            f"{_fmt(p['current_value'])} ({p['current_year']})" if p["current_year"] else "",
            f"{_fmt(p['target_value'])} ({p['target_year'] or 'no year'})" if p["target_value"] is not None else "",
            _pct(p["required_rate"]), _pct(p["observed_rate"]), _fmt(p["projected_value"]),
            p["status"], p["reason"],
        ))
    return out


__all__ = ["stats", "meta", "progress_table"]
