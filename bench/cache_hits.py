"""What a cache hit costs, and what the API's answers cost with and without the cache, in this process.

    .venv/bin/python bench/cache_hits.py [DB]     # DB: a SQLite file; by default one built from the catalog

1. reads.themes() hits (a @per_data_version read): the old way read the version on a new connection
   for every hit; now a stat of the file says whether the version read last is still the live one.
2. /api/indicators and friends through a Flask test client: computed every time (as before) vs
   served from the cache.
3. A crawl of every API address: how many cache keys and characters it adds (for CACHE_SIZE).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask  # noqa: E402

from dashboard import api, reads, versioned_cache  # noqa: E402
from dashboard.db_access import get_engine  # noqa: E402
from dashboard.versioned_cache import cache_token  # noqa: E402
from db.engine import sqlite_url  # noqa: E402


def per_call(fn, n: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def old_hit(url: str):
    """A hit as it was: open a connection, read the version, look the key up."""
    with get_engine(url).connect() as conn:
        key = (url, cache_token(conn), reads.themes.uncached, ())
    return versioned_cache._cache.get(key)


def uncached(path: str):
    """The request computed every time: the cache emptied before each call."""
    def run(client):
        versioned_cache.clear()
        return client.get(path)
    return run


def crawl_urls(client) -> list[str]:
    body = client.get("/api/indicators").get_json()
    urls = ["/api/indicators", "/api/sources"]
    for item in body["indicators"]:
        urls.append(f"/api/indicators/{item['id']}")
        urls += [f"/api/indicators/{item['id']}?region={r['region_id']}" for r in item["regions"]]
    themes = {i["theme"] for i in body["indicators"]}
    regions = {r["region_id"] for i in body["indicators"] for r in i["regions"]}
    urls += [f"/api/indicators?theme={t}" for t in themes] + [f"/api/indicators?region={r}" for r in regions]
    return urls


def main(db: Path) -> None:
    url = sqlite_url(db)
    os.environ["JJJ_DATABASE_URL"] = url
    app = flask.Flask(__name__)
    app.register_blueprint(api.blueprint)
    client = app.test_client()

    reads.themes()
    t_old, t_new = per_call(lambda: old_hit(url), 300), per_call(reads.themes, 3000)
    print(f"reads.themes() hit: {t_old * 1e3:.3f} ms with a connection, {t_new * 1e3:.3f} ms with a stat: "
          f"{t_old / t_new:.0f}x")

    for path in ("/api/indicators", "/api/indicators?region=tianjin", "/api/indicators/container-throughput",
                 "/api/sources"):
        t_cold = per_call(lambda: uncached(path)(client), 20)
        t_hot = per_call(lambda: client.get(path), 500)
        print(f"{path:<40} computed {t_cold * 1e3:7.2f} ms, cached {t_hot * 1e3:6.3f} ms: {t_cold / t_hot:5.0f}x")

    versioned_cache.clear()
    urls = crawl_urls(client)
    for path in urls:
        assert client.get(path).status_code == 200, path
    values = list(versioned_cache._cache.items.values())
    size = sum(len(v) for v in values if isinstance(v, str))
    print(f"API crawl: {len(urls)} addresses, {len(values)} cache keys, {size / 1e6:.1f} M characters of JSON "
          f"(CACHE_SIZE = {versioned_cache.CACHE_SIZE})")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        from etl.build import build
        with tempfile.TemporaryDirectory() as tmp:
            build(ROOT / "indicators.yaml", sqlite_url(Path(tmp) / "jjj.db"))
            main(Path(tmp) / "jjj.db")
