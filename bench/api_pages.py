"""Bytes per /api/indicators answer: the whole list against the default page, at the seed data and at
the shape of a million observations.

The list shows each indicator's latest value per region, so its size depends on how many
indicators and regions have data, not on how many periods each has: 58 external monthly series in
40 regions (how a deployment reaches a million observations, 432 months each) make the same list as
58 series with two years each in those regions. This script builds that: the seed catalog plus
`series` synthetic indicators with two yearly values in every region.

    .venv/bin/python bench/api_pages.py [series]     # default 58
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.engine import sqlite_url  # noqa: E402
from db.write import write_dataset  # noqa: E402
from etl.build import check, process  # noqa: E402
from etl.progress import progress_rows  # noqa: E402
from etl.transform import content_version, number_rows  # noqa: E402


def grown(base, series: int):
    """The seed dataset plus `series` indicators with two yearly values in every region."""
    template = next(o for o in base.observations if o["kind"] == "observed")
    like = next(i for i in base.indicators if i["id"] == template["indicator_id"])
    indicators = [{**like, "id": f"series-{s:03d}", "zh": f"序列{s}", "en": f"Series {s}"} for s in range(series)]
    rows = [{**template, "key": f"bench|{i['id']}|{r['id']}|{year}", "indicator_id": i["id"], "region_id": r["id"],
             "period": str(year), "period_start": f"{year}-01-01", "period_end": f"{year}-12-31", "year": year,
             "period_span": "year", "period_from_document": False, "value": 100.0 + year % 7,
             "value_low": 100.0 + year % 7, "value_high": 100.0 + year % 7}
            for i in indicators for r in base.regions for year in (2023, 2024)]
    base.indicators = base.indicators + indicators
    base.observations = number_rows(base.observations + rows)
    doc_dates = {d["id"]: d["date"] for d in base.documents}
    base.progress = number_rows(progress_rows(base.observations, base.targets, base.indicators, doc_dates))
    base.data_version = content_version(base)
    return base


def sizes(url: str) -> tuple[int, int, int, int]:
    """(bytes of the whole list, of the default first page, the largest default page, pages)."""
    os.environ["JJJ_DATABASE_URL"] = url
    import flask

    from dashboard import api
    from dashboard.pagination import MAX_LIMIT
    app = flask.Flask("bench")
    app.register_blueprint(api.blueprint)
    client = app.test_client()
    whole = len(client.get(f"/api/indicators?limit={MAX_LIMIT}").data)
    page_sizes, url_ = [], "/api/indicators"
    while url_:
        answer = client.get(url_)
        page_sizes.append(len(answer.data))
        url_ = json.loads(answer.data)["next"]
    return whole, page_sizes[0], max(page_sizes), len(page_sizes)


def main(series: int) -> None:
    print(f"{'data':>28} {'whole list KB':>14} {'first page KB':>14} {'largest page KB':>16} {'pages':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in (("seed", 0), (f"seed + {series} series × 40 regions", series)):
            ds = process(check(ROOT / "indicators.yaml"))
            if n:
                ds = grown(ds, n)
            url = sqlite_url(Path(tmp) / f"api-{n}.db")
            write_dataset(ds, url)
            whole, first, largest, pages = sizes(url)
            print(f"{label:>28} {whole / 1e3:>14.1f} {first / 1e3:>14.1f} {largest / 1e3:>16.1f} {pages:>6}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 58)
