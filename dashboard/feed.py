"""The change feed, /changes.atom (?lang=en): one Atom entry per build that changed data, listing
what changed (old → new, with the sentence quoted before and after), so readers subscribe instead
of checking /changes every week.

Built with feedgen, which writes the XML and escapes every text: the quotes are document text and
go into the feed as text (type="text"), never as HTML. Entry ids are tag: URIs made of the run's
start time and data version, both carried from database to database, so an entry keeps its id
across requests and rebuilds; `updated` is the run's finish time. Read from the change log
(etl_runs, changes) through the per-data-version cache.
"""
from __future__ import annotations

from datetime import UTC, datetime

from dash import Dash
from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request
from sqlalchemy.engine import Connection

from db import queries
from db.errors import QueryError
from db.records import Change as ChangeRecord
from db.records import Run

from .http_cache import versioned
from .i18n import normalize_lang, t
from .openapi import FEED_TYPE
from .urls import FEED_PATH, mount, mounted, page, route
from .versioned_cache import per_data_version
from .views.changes import label, value_cell

blueprint = Blueprint("feed", __name__)

FEED_RUNS = 20  # entries: the newest builds that changed data
CHANGES_PER_ENTRY = 100  # a first build adds every statement; the rest is one link away
TAG_AUTHORITY = "jjj-indicators"  # tag: URIs (RFC 4151) need a name and a date; stable, not the request's host


@blueprint.get(FEED_PATH)
@versioned
def change_feed():
    lang = normalize_lang(request.args.get("lang"))
    try:
        # the mount is part of the key: links differ between two apps mounted apart in one process
        body = _feed_xml(root=request.host_url, mount=mount(), lang=lang)
    except (FileNotFoundError, QueryError):
        return Response("The database is not available; try again later.\n", status=503,
                        content_type="text/plain; charset=utf-8")
    return Response(body, content_type=f"{FEED_TYPE}; charset=utf-8")


@per_data_version
def _feed_xml(conn: Connection, *, root: str, mount: str, lang: str) -> bytes:  # noqa: ARG001 — mount: the key
    runs = [r for r in queries.run_list(conn) if r.n_changes][:FEED_RUNS]
    changes = {r.id: queries.change_list(conn, run_id=r.id, limit=CHANGES_PER_ENTRY) for r in runs}
    return atom(runs, changes, root, lang, queries.meta(conn).get("built_at"))


def _absolute(root: str, url: str) -> str:
    """`url` (from dashboard.urls, mount included) on the host `root` ("http://host/")."""
    return root.rstrip("/") + url


def _when(stamp: str | None) -> datetime:
    """An ISO time from the run records, as an aware datetime (UTC when the record has no zone)."""
    moment = datetime.fromisoformat(stamp) if stamp else datetime(1970, 1, 1)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def entry_id(run: Run) -> str:
    return f"tag:{TAG_AUTHORITY},{run.started_at[:10]}:run/{run.started_at}/{run.data_version}"


def change_line(change: ChangeRecord, lang: str) -> str:
    """One change as text: what, old → new, and the quotes."""
    what = " · ".join([label(change, "indicator", lang), label(change, "region", lang), change.period or "—",
                       t(lang, f"evidence.kind.{change.kind}")])
    old, new = value_cell(change, "old", lang), value_cell(change, "new", lang)
    values = {"added": new, "removed": old, "changed": f"{old} → {new}"}[change.change]
    kind_of_change = change.change
    lines = [f"{t(lang, f'changes.change.{kind_of_change}')}: {what}: {values}"]
    for side in ("old", "new"):
        quote = getattr(change, f"{side}_quote")
        if quote and (side == "new" or quote != change.new_quote):  # an unchanged quote once
            lines.append(f"  {t(lang, f'feed.quote_{side}')}: «{quote}»")
    return "\n".join(lines)


def entry_text(run: Run, changes: list[ChangeRecord], lang: str, more_link: str) -> str:
    lines = [change_line(c, lang) for c in changes]  # in db.queries.change_list's order: corrections first
    rest = run.n_changes - len(changes)
    if rest > 0:
        lines.append(t(lang, "feed.more", n=rest, url=more_link))
    return "\n\n".join(lines)


def atom(runs: list[Run], changes: dict[int, list[ChangeRecord]], root: str, lang: str,
         built_at: str | None) -> bytes:
    """The feed from the change log's records (pure: tested without a server)."""
    feed = FeedGenerator()
    feed.id(f"tag:{TAG_AUTHORITY},2024:changes{'/en' if lang == 'en' else ''}")
    feed.title(t(lang, "feed.title"))
    feed.subtitle(t(lang, "feed.subtitle"))
    feed.language("en" if lang == "en" else "zh-Hans")
    feed.link(href=_absolute(root, route("feed", lang=lang)), rel="self", type=FEED_TYPE)
    feed.link(href=_absolute(root, page("changes", lang)), rel="alternate", type="text/html")
    feed.updated(_when(runs[0].finished_at if runs else built_at))
    for run in reversed(runs):  # feedgen lists the last added first: newest first in the file
        entry = feed.add_entry()
        run_page = _absolute(root, page("changes", lang, run=run.id))
        entry.id(entry_id(run))
        entry.title(t(lang, "feed.entry_title", run=run.id, n=run.n_changes))
        entry.link(href=run_page, rel="alternate", type="text/html")
        entry.published(_when(run.started_at))
        entry.updated(_when(run.finished_at or run.started_at))
        entry.content(entry_text(run, changes.get(run.id, []), lang, run_page), type="text")
    return feed.atom_str(pretty=True)


def add_autodiscovery(app: Dash) -> None:
    """<link rel="alternate" type="application/atom+xml"> in every page's <head>, so a feed reader
    given any page finds the feed; markup only, no script."""
    href = mounted(FEED_PATH, app.config.requests_pathname_prefix)
    tag = f'<link rel="alternate" type="{FEED_TYPE}" title="Changes · 变化" href="{href}">'
    app.index_string = app.index_string.replace("{%metas%}", "{%metas%}\n        " + tag, 1)


__all__ = ["blueprint", "atom", "entry_id", "change_line", "add_autodiscovery", "FEED_RUNS", "CHANGES_PER_ENTRY"]
