"""Bytes on the wire: what the browser downloads for the heaviest answers, plain, gzip and brotli,
and whether a repeat with the ETag costs a 304 (no body).

    .venv/bin/python bench/wire_bytes.py [DB]     # DB: a SQLite file; by default one built from the catalog
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.engine import sqlite_url  # noqa: E402

OVERVIEW_CALL = {"output": ".._pages_content.children..._pages_store.data..",
                 "outputs": [{"id": "_pages_content", "property": "children"},
                             {"id": "_pages_store", "property": "data"}],
                 "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                            {"id": "_pages_location", "property": "search", "value": ""}],
                 "changedPropIds": ["_pages_location.pathname"], "state": []}


def main(db: Path) -> None:
    from dashboard.app import create_app
    client = create_app(url=sqlite_url(db)).server.test_client()
    bundle = re.search(r'src="([^"]*plotly[^"]*\.js[^"]*)"', client.get("/").get_data(as_text=True)).group(1)
    measures = {"plotly.js bundle": ("GET", bundle), "overview callback answer": ("POST", "/_dash-update-component"),
                "/api/indicators": ("GET", "/api/indicators"),
                "/download/observations.csv": ("GET", "/download/observations.csv")}
    print(f"{'answer':28} {'plain':>11} {'gzip':>11} {'brotli':>11}  repeat with ETag")
    for name, (method, path) in measures.items():
        sizes = []
        for encoding in ("identity", "gzip", "br"):
            headers = {"Accept-Encoding": encoding}
            response = (client.post(path, json=OVERVIEW_CALL, headers=headers) if method == "POST"
                        else client.get(path, headers=headers))
            sizes.append(len(response.get_data()))
            tag = response.headers.get("ETag")
        repeat = (client.get(path, headers={"If-None-Match": tag, "Accept-Encoding": "br"}).status_code
                  if tag and method == "GET" else "-")
        print(f"{name:28} {sizes[0]:>11,} {sizes[1]:>11,} {sizes[2]:>11,}  {repeat}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        from etl.build import build
        with tempfile.TemporaryDirectory() as tmp:
            build(ROOT / "indicators.yaml", sqlite_url(Path(tmp) / "jjj.db"))
            main(Path(tmp) / "jjj.db")
