"""What changed: the builds recorded in the live database, and each one's change log (observations
and targets added, changed with old and new value, removed), CHANGES_PER_PAGE at a time (a first build
adds every statement: a million at scale). URL: /changes?run=<id>&page=<n>&lang=en.

Reads go through db_access (read-only, per-request connections) and are cached per data version,
so a database swapped in by `jjj refresh` is shown at once.
"""
from __future__ import annotations

import re

from dash import dcc, html

from dashboard import reads
from dashboard.components.messages import bad_params
from dashboard.components.tables import scrollable
from dashboard.db_access import refresh_log
from dashboard.formatting import format_built_at, format_count, format_value
from dashboard.i18n import normalize_lang, t
from dashboard.urls import page, route
from dashboard.urlstate import checked, single
from db.errors import MISSING_TABLE
from db.records import Change as ChangeRecord
from db.records import Run
from vocab import REFRESH_OUTCOMES, change_summary

CHANGES_PER_PAGE = 250  # a page of Dash components stays quick to render (8 per row)


def default_run(runs: list[Run]) -> int | None:
    """The newest run that changed something; else the newest run."""
    changed = [r for r in runs if r.n_changes]
    return (changed or runs)[0].id if runs else None


def label(row: ChangeRecord, field: str, lang: str) -> str:
    """The indicator's or region's name in `lang`; its id when the live data no longer has it."""
    return getattr(row, f"{field}_{lang}") or getattr(row, f"{field}_zh") or getattr(row, f"{field}_id")


def value_cell(change: ChangeRecord, side: str, lang: str) -> str:
    value = getattr(change, f"{side}_value")
    if value is None:
        return ""
    written = getattr(change, f"{side}_as_written")
    shown = format_value(value, change.unit, lang, getattr(change, f"{side}_qualifier") or "exact")
    return f"{shown} ({written})" if written and lang == "en" and written != shown else shown


def run_table(runs: list[Run], selected: int | None, lang: str) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t(lang, key)) for key in
                               ("changes.col.run", "changes.col.finished", "changes.col.status",
                                "changes.col.version", "changes.col.count")]))
    body = html.Tbody([html.Tr([
        html.Td(dcc.Link(f"#{r.id}", href=page("changes", lang, run=r.id), id=f"chg-run-{r.id}")),
        html.Td(format_built_at(r.finished_at or "")),
        html.Td(t(lang, f"changes.status.{r.status}") if r.status in REFRESH_OUTCOMES else r.status),
        html.Td(html.Code(r.data_version)),
        html.Td(str(r.n_changes)),
    ], className="table-active" if r.id == selected else None) for r in runs])
    return html.Table([head, body], className="table table-sm", id="chg-runs")


def change_table(changes: list[ChangeRecord], lang: str) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t(lang, key)) for key in
                               ("changes.col.change", "col.indicator", "col.region", "col.period", "col.kind",
                                "changes.col.old", "changes.col.new")]))
    body = html.Tbody([html.Tr([
        html.Td(t(lang, f"changes.change.{c.change}"), className=f"change-{c.change}"),
        html.Td(label(c, "indicator", lang)), html.Td(label(c, "region", lang)), html.Td(c.period),
        html.Td(t(lang, f"evidence.kind.{c.kind}")),
        html.Td(value_cell(c, "old", lang)), html.Td(value_cell(c, "new", lang)),
    ]) for c in changes])  # in db.queries.change_list's order: corrections first
    return html.Table([head, body], className="table table-sm table-striped", id="chg-table")


def refresh_table(log: list[dict], lang: str) -> html.Div:
    """Every refresh run, whatever its outcome: a failed or no-op run swaps nothing in, so only
    this log shows it. Messages are shown as text."""
    head = html.Thead(html.Tr([html.Th(t(lang, key)) for key in
                               ("changes.col.started", "changes.col.status", "changes.col.summary")]))

    def summary(r: dict) -> str:
        changes = r.get("changes") if isinstance(r.get("changes"), dict) else {}  # the log is hand-editable
        parts = [change_summary(name, c) for name, c in changes.items() if isinstance(c, dict)]
        error = [line.strip() for line in str(r.get("error") or "").splitlines() if line.strip()]
        message = " — ".join(error[:2])  # "catalog invalid (1 error):" and the first error
        return "; ".join(parts + ([message[:300]] if message else []))

    body = html.Tbody([html.Tr([
        html.Td(format_built_at(str(r.get("started_at") or ""))),
        html.Td(t(lang, f"changes.status.{r.get('status')}") if r.get("status") in REFRESH_OUTCOMES
                else str(r.get("status"))),
        html.Td(summary(r)),
    ], className=f"refresh-{r.get('status')}") for r in log])
    return html.Div([html.H2(t(lang, "changes.log_heading"), className="h4 mt-4"),
                     html.P(t(lang, "changes.log_intro"), className="text-muted"),
                     scrollable(html.Table([head, body], className="table table-sm", id="chg-refresh-log"),
                                t(lang, "changes.log_heading"))])


def run_size(runs: list[Run], run_id: int) -> int:
    """How many changes the run made (the run list counts them)."""
    return next(r.n_changes for r in runs if r.id == run_id)


def page_count(total: int) -> int:
    return max(1, -(-total // CHANGES_PER_PAGE))


def pager(run: int, page_no: int, total: int, lang: str) -> html.Nav:
    """Which of the run's changes are listed, and links to the first, previous, next and last pages (the
    first and last only when they are not the previous and next)."""
    pages = page_count(total)
    first, last = (page_no - 1) * CHANGES_PER_PAGE + 1, min(page_no * CHANGES_PER_PAGE, total)
    targets = {"first": 1 if page_no > 2 else 0, "previous": page_no - 1, "next": page_no + 1,
               "last": pages if page_no < pages - 1 else 0}
    links = [dcc.Link(t(lang, f"changes.{side}"), href=page("changes", lang, run=run, page=to if to > 1 else None),
                      id=f"chg-{side}", className="me-3")
             for side, to in targets.items() if 1 <= to <= pages]
    return html.Nav([html.Span(t(lang, "changes.range", first=format_count(first), last=format_count(last),
                                 total=format_count(total)), id="chg-range", className="me-3"), *links],
                    className="mb-2", **{"aria-label": t(lang, "changes.pager_label")})


def page_number(value, pages: int, problems: list[tuple]) -> int:
    """The page the URL asks for, 1 to `pages`; else 1, and the page says there is no such page."""
    if value in (None, ""):
        return 1
    value = single(value)
    if isinstance(value, str) and re.fullmatch(r"[1-9][0-9]{0,8}", value) and int(value) <= pages:
        return int(value)
    problems.append(("page", str(value), "changes.bad_page"))
    return 1


def changes_view(runs: list[Run], changes: list[ChangeRecord], selected: int | None, lang: str,
                 problems: list[tuple[str, str]], log: list[dict] = (), page_no: int = 1) -> html.Div:
    """The page from the records and the refresh log's rows (pure: tested without a database). `changes`
    are the selected run's changes on page `page_no` (CHANGES_PER_PAGE each)."""
    body: list = [html.H1(t(lang, "changes.heading"), className="h3"), html.P(t(lang, "changes.intro")),
                  html.P(html.A(t(lang, "feed.link"), href=route("feed", lang=lang), rel="alternate", id="chg-feed"))]
    tail = [refresh_table(list(log), lang)] if log else []
    if not runs:
        return html.Div(bad_params(problems, lang) + body + [html.P(t(lang, "changes.no_runs"), id="chg-empty")]
                        + tail, className="page-changes")
    body += [scrollable(run_table(runs, selected, lang), t(lang, "changes.heading")),
             html.H2(t(lang, "changes.of_run", run=selected), className="h4 mt-3")]
    total = run_size(runs, selected)
    if changes:
        if total > CHANGES_PER_PAGE:  # above the table: a link followed scrolls the page to its top
            body.append(pager(selected, page_no, total, lang))
        body.append(scrollable(change_table(changes, lang), t(lang, "changes.of_run", run=selected)))
    else:
        body.append(html.P(t(lang, "changes.none"), id="chg-empty"))
    return html.Div(bad_params(problems, lang) + body + tail, className="page-changes")


def changes_layout(lang=None, run=None, page=None, **_ignored):  # the URL's parameters (guard reads them)
    lang = normalize_lang(lang)
    try:
        runs = reads.runs()
    except MISSING_TABLE:  # a database built before the change log existed
        runs = []
    problems: list[tuple[str, str]] = []
    chosen = checked("run", run, [str(r.id) for r in runs], problems)
    selected = int(chosen) if chosen else default_run(runs)
    if selected is None:
        return changes_view(runs, [], None, lang, problems, refresh_log())
    page_no = page_number(page, page_count(run_size(runs, selected)), problems)
    changes = reads.changes(run_id=selected, limit=CHANGES_PER_PAGE, offset=(page_no - 1) * CHANGES_PER_PAGE)
    return changes_view(runs, changes, selected, lang, problems, refresh_log(), page_no)
