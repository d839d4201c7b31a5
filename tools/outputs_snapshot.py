"""Write what the product shows and serves for one database into a folder, to diff two versions of
the code (a refactor must leave every file identical):

    python tools/outputs_snapshot.py data/jjj.db /tmp/before   # on the old code
    python tools/outputs_snapshot.py data/jjj.db /tmp/after    # on the new code, same database
    diff -r /tmp/before /tmp/after

Pages are written as their layout's JSON (every component, text and figure: what the browser draws),
with the header; API answers and CSV files as served; workbooks as their cells (the zip carries a
timestamp); the CLI's stats and progress tables as printed.
"""
from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path


def main(db: Path, out: Path) -> None:
    import dash
    import openpyxl
    import plotly.utils
    from typer.testing import CliRunner

    from cli.main import app as cli
    from dashboard.app import create_app
    from dashboard.callbacks import render_header
    from db.engine import sqlite_url

    out.mkdir(parents=True, exist_ok=True)
    app = create_app(sqlite_url(db))
    client = app.server.test_client()

    def save(name: str, data: bytes | str) -> None:
        path = out / (name.strip("/").replace("/", "~").replace("?", "@") or "index")
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    indicators = json.loads(client.get("/api/indicators?limit=1000").get_data())["indicators"]
    ids = [i["id"] for i in indicators]
    documents = [s["id"] for s in json.loads(client.get("/api/sources").get_data())["sources"]]
    urls = ["/api/indicators", "/api/sources", "/download/datapackage.json", "/", "/nope", "/api/nope"]
    urls += [f"/api/indicators/{i}" for i in ids]
    urls += ["/api/openapi.json", "/changes.atom", "/changes.atom?lang=en", "/download/dataset.bib",
             "/download/dataset.cite.txt?lang=en", f"/download/indicator/{ids[0]}.bib",
             f"/download/indicator/{ids[0]}.cite.txt?lang=en", "/download/nope", "/vendor/bootstrap.min.css"]
    for fmt in ("csv", "xlsx"):
        urls += [f"/download/{t}.{fmt}" for t in ("observations", "targets", "progress")]
        urls += [f"/download/indicator/{i}.{fmt}" for i in ids[:20]]
        urls += [f"/download/observations.{fmt}?kind=change", f"/download/observations.{fmt}?regoin=x"]
    for url in urls:
        response = client.get(url)
        body = response.get_data()
        if url.split("?")[0].endswith(".xlsx") and response.status_code == 200:
            book = openpyxl.load_workbook(io.BytesIO(body))
            body = json.dumps({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book},
                              ensure_ascii=False, default=str).encode()
        # what differs between two runs of the same code: times, and the assets' mtimes in the index page
        body = re.sub(rb"\?m=[0-9.]+", b"?m=MTIME", body)
        body = re.sub(rb"\"end_id\":\"[^\"]+\"", b"\"end_id\":\"RANDOM\"", body)
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("date", "last-modified", "etag", "expires", "content-length")}
        save(url, f"{response.status_code} {json.dumps(headers, sort_keys=True)}\n".encode() + body)

    pages = {p.get("path_template") or p["path"]: p for p in dash.page_registry.values()}
    views = [("/", {}), ("/", {"status": "achieved"}), ("/compare", {}), ("/compare", {"mode": "indexed"}),
             ("/data", {}), ("/data", {"kind": "target"}), ("/method", {}), ("/changes", {}),
             ("/sources", {}), *[("/sources", {"doc": d}) for d in documents], ("/404", {}),
             ("/embed/compare", {}), ("/embed/compare", {"mode": "indexed"})]
    views += [("/indicator/<indicator_id>", {"indicator_id": i}) for i in ids]
    views += [("/embed/indicator/<indicator_id>", {"indicator_id": i}) for i in ids[:5]]
    with app.server.test_request_context("/"):
        for lang in ("zh", "en"):
            for path, params in views:
                layout = pages[path]["layout"]
                rendered = layout(lang=lang, **params) if callable(layout) else layout
                name = f"page{path}@{lang}&" + "&".join(f"{k}={v}" for k, v in params.items())
                save(name, json.dumps(rendered, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True,
                                      ensure_ascii=False))
                shown = path.replace("<indicator_id>", params.get("indicator_id", ""))
                save(f"header{shown}@{lang}", json.dumps(render_header(shown, f"?lang={lang}"),
                                                        cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True,
                                                        ensure_ascii=False))
    for command in (["stats"], ["progress"], ["progress", "--all"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(db)])
        save("cli~" + "_".join(command), f"{result.exit_code}\n{result.output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
