"""Bytes on the wire, per kind of answer (issue 11: "every text response compressed, gzip and brotli where
the browser asks; ETag and 304 on the API, downloads, data package and static assets; large lists paginated").

For each kind the answer is asked for three times through the app's own WSGI stack (Flask's test client):
with no Accept-Encoding (the plain body), with `gzip`, and with `br, gzip` as Chromium asks; then once more
with If-None-Match set to the ETag it got. The floor is the plain body gzipped by Python at level 6: what
any server's gzip gives. bench/bench.py prints one row per kind; this script prints the same figures.

    .venv/bin/python bench/wire_bytes.py SEED_DB [LARGE_DB]
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from db.engine import sqlite_url  # noqa: E402

BROWSER = "br, gzip"  # the encodings every browser offers, brotli among them (Chromium sends more; br wins)
FLOOR_LEVEL = 6  # gzip's default level, what nginx or Apache would serve
GZIP_SLACK = 1.1  # our gzip may be this much above the floor: a streamed CSV pays a flush per batch of rows

OVERVIEW_CALL = {"output": ".._pages_content.children..._pages_store.data..",
                 "outputs": [{"id": "_pages_content", "property": "children"},
                             {"id": "_pages_store", "property": "data"}],
                 "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                            {"id": "_pages_location", "property": "search", "value": ""}],
                 "changedPropIds": ["_pages_location.pathname"], "state": []}


@dataclass(frozen=True)
class Kind:
    name: str
    path: str  # an address, or "index:<regex>" for one the index page links to (its version in it)
    validated: bool  # the issue asks for ETag and 304 here
    post: dict | None = None  # a callback's request body
    paged: bool = False  # /api/indicators: must come a page at a time
    status: int = 200


SEED_KINDS = (
    Kind("HTML page /", "/", validated=False),
    Kind("overview callback answer", "/_dash-update-component", validated=False, post=OVERVIEW_CALL),
    Kind("plotly.js bundle", r'index:src="([^"]*plotly[^"]*\.js[^"]*)"', validated=True),
    Kind("Dash renderer (component suite)", r'index:src="([^"]*/dash_renderer[^"]*\.js)"', validated=True),
    Kind("CSS, Bootstrap", r'index:href="([^"]*/vendor/bootstrap[^"]*)"', validated=True),
    Kind("CSS, assets/style.css", r'index:href="([^"]*/assets/style\.css[^"]*)"', validated=True),
    Kind("/api/indicators, first page", "/api/indicators", validated=True, paged=True),
    Kind("/download/observations.csv", "/download/observations.csv", validated=True),
    Kind("/download/datapackage.json", "/download/datapackage.json", validated=True),
    Kind("/api/openapi.json", "/api/openapi.json", validated=True),
    Kind("/changes.atom (change feed)", "/changes.atom", validated=True),
    Kind("not-found page", "/no-such-page", validated=False, status=404),
)
LARGE_KINDS = (Kind("/api/indicators, first page", "/api/indicators", validated=True, paged=True),)


@dataclass
class Wire:
    kind: Kind
    database: str
    status: int
    plain: int
    floor: int  # the plain body, gzip level 6
    served: dict[str, tuple[str | None, int]]  # Accept-Encoding → (Content-Encoding, bytes)
    etag: bool
    not_modified: bool | None  # a conditional GET answered 304 with no body; None when not tried
    page: str = ""  # a paged list: "20 of 180"
    problems: list[str] = field(default_factory=list)

    def check(self) -> Wire:
        for asked, (encoding, size) in self.served.items():
            wanted = asked.split(",")[0].strip()
            if encoding != wanted:
                self.problems.append(f"{encoding or 'plain'} for '{asked}'")
            elif wanted == "gzip" and size > GZIP_SLACK * self.floor:
                self.problems.append(f"gzip {size / self.floor:.2f}× Python's")
        if self.kind.validated and not self.etag:
            self.problems.append("no ETag")
        if self.kind.validated and self.etag and not self.not_modified:
            self.problems.append("no 304")
        return self


def _resolve(client, path: str) -> str:
    if not path.startswith("index:"):
        return path
    found = re.search(path[len("index:"):], client.get("/").get_data(as_text=True))
    if found is None:
        raise LookupError(f"the index page links to nothing like {path[len('index:'):]}")
    return found.group(1)


def _ask(client, kind: Kind, path: str, **headers):
    if kind.post is not None:
        return client.post(path, json=kind.post, headers=headers)
    return client.get(path, headers=headers)


def measure_one(client, kind: Kind, database: str) -> Wire:
    path = _resolve(client, kind.path)
    plain = _ask(client, kind, path)
    body = plain.get_data()
    served = {}
    for asked in ("gzip", BROWSER):
        answer = _ask(client, kind, path, **{"Accept-Encoding": asked})
        served[asked] = (answer.headers.get("Content-Encoding"), len(answer.get_data()))
    tag = answer.headers.get("ETag")
    not_modified = None
    if tag and kind.post is None:
        again = _ask(client, kind, path, **{"Accept-Encoding": BROWSER, "If-None-Match": tag})
        not_modified = again.status_code == 304 and not again.get_data()
    page = ""
    if kind.paged:
        got = json.loads(body)
        page = f"{len(got['indicators'])} of {got['total']:,}"
    wire = Wire(kind, database, plain.status_code, len(body), len(gzip.compress(body, FLOOR_LEVEL)), served,
                bool(tag), not_modified, page)
    if plain.status_code != kind.status:
        wire.problems.append(f"HTTP {plain.status_code}")
    if kind.paged and (got["total"] > got["limit"]) != ("next" in plain.headers.get("Link", "")):
        wire.problems.append("no Link rel=next")
    return wire.check()


def measure(databases: dict[str, Path]) -> list[Wire]:
    """The seed kinds on the first database, the large kinds on the others (label → SQLite file)."""
    from dashboard.app import create_app
    out = []
    for i, (label, db) in enumerate(databases.items()):
        client = create_app(url=sqlite_url(db)).server.test_client()
        out += [measure_one(client, kind, label) for kind in (SEED_KINDS if i == 0 else LARGE_KINDS)]
    return out


def row_of(w: Wire):
    """bench/bench.py's row for one answer: the bytes a browser gets (br) against gzip level 6 of the same body;
    it fails when an encoding asked for is not served, or an ETag or its 304 is missing where asked."""
    from table import Row
    page = f" ({w.page})" if w.page else ""
    validators = ", ETag, 304" if w.kind.validated else ""
    return Row(f"bytes (br), {w.kind.name}{page}, {w.database} (plain {w.plain / 1024:,.1f} KB, "
               f"gzip {w.served['gzip'][1] / 1024:,.1f} KB)", w.served[BROWSER][1] / 1024, w.floor / 1024, "KB",
               f"≤ 1×; br, gzip{validators}", 1.0, problems=w.problems)


def rows(databases: dict[str, Path]) -> list:
    return [row_of(w) for w in measure(databases)]


def main(paths: list[Path]) -> None:
    databases = {"seed": paths[0], **{p.name: p for p in paths[1:]}}
    print(f"{'answer':34} {'db':>12} {'plain':>11} {'gzip-6':>9} {'gzip':>9} {'br, gzip':>9}  ETag 304  problems")
    for w in measure(databases):
        print(f"{w.kind.name:34} {w.database:>12} {w.plain:>11,} {w.floor:>9,} {w.served['gzip'][1]:>9,} "
              f"{w.served[BROWSER][1]:>9,}  {'yes' if w.etag else 'no':4} {str(w.not_modified or '-'):5} "
              f"{'; '.join(w.problems) or 'none'}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main([Path(p) for p in sys.argv[1:]])
