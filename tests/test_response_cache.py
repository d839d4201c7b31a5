"""Rendered page-callback answers kept per data version (dashboard/response_cache.py): a repeat is answered
with the same bytes and headers without running Dash, before the admission gate; a new data version,
an error, a page rendered without its database or a page outside the allowlist is rendered afresh."""
from __future__ import annotations

import copy
import gzip
import os
import shutil

import brotli
import pytest
from sqlalchemy.exc import OperationalError

from dashboard import reads, response_cache
from dashboard.response_cache import HEADER_OUTPUT, PAGE_OUTPUT, ResponseCache, Stored
from tests.conftest import tampered_copy

CALLBACK = "/_dash-update-component"
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


def page_call(pathname: str, search: str = "") -> dict:
    return {"output": PAGE_OUTPUT,
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def header_call(pathname: str = "/", search: str = "") -> dict:
    return {"output": HEADER_OUTPUT, "outputs": {"id": "site-header", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": pathname},
                       {"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"]}


CALLS = {"overview": page_call("/", "?lang=zh"),
         "indicator": page_call("/indicator/hsr-intercity-rail-km", "?region=tianjin&lang=en"),
         "header": header_call("/compare", "?lang=en")}


def _app(url: str):
    from dashboard.app import create_app
    return create_app(url=url)


@pytest.fixture()
def live(built_db, tmp_path):
    """A copy of the built database that the test may swap, and a fresh app (its own empty cache) over it."""
    path = tmp_path / "live.db"
    shutil.copy(built_db, path)
    from db.engine import sqlite_url
    app = _app(sqlite_url(path))
    return path, app


def _cache(app) -> ResponseCache:
    return app.server.extensions[response_cache.EXTENSION]


def _post(client, body: dict, encoding: str | None = "br"):
    return client.post(CALLBACK, json=body, headers={"Accept-Encoding": encoding} if encoding else {})


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("encoding", ["br", "gzip", None])
def test_a_hit_returns_the_bytes_and_headers_of_the_miss_it_replays(live, call, encoding):
    _path, app = live
    cache, client = _cache(app), app.server.test_client()
    miss = _post(client, CALLS[call], encoding)
    assert miss.status_code == 200 and (cache.misses, cache.hits, len(cache)) == (1, 0, 1)
    hit = _post(client, CALLS[call], encoding)
    assert (cache.misses, cache.hits) == (1, 1)
    assert hit.status_code == 200 and hit.get_data() == miss.get_data()
    assert sorted(hit.headers.items()) == sorted(miss.headers.items())
    # the after_request hooks ran on the hit: compression as asked, the security headers
    assert hit.headers.get("Content-Encoding") == encoding and "Accept-Encoding" in hit.headers["Vary"]
    assert "default-src" in hit.headers["Content-Security-Policy"]
    assert hit.headers["X-Content-Type-Options"] == "nosniff" and hit.headers["X-Frame-Options"] == "DENY"


def test_each_encoding_language_and_page_is_its_own_entry(live):
    _path, app = live
    client = app.server.test_client()
    zh, en = _post(client, page_call("/", "?lang=zh"), None), _post(client, page_call("/", "?lang=en"), None)
    assert zh.get_data() != en.get_data() and b"Indicators" not in zh.get_data()
    packed = _post(client, page_call("/", "?lang=zh"), "gzip")
    assert gzip.decompress(packed.get_data()) == zh.get_data()
    assert len(_cache(app)) == 3 and _cache(app).hits == 0


def test_a_hit_is_answered_when_every_admission_slot_is_taken(live):
    """A hit costs microseconds: it never waits behind the rendering misses (dashboard/admission.py)."""
    _path, app = live
    client = app.server.test_client()
    _post(client, CALLS["overview"])
    gate = app.server.extensions["jjj_admission"]
    taken = 0
    while gate.enter():
        taken += 1
    try:
        assert _post(client, CALLS["overview"]).status_code == 200  # kept: answered at once
        missed = client.post(CALLBACK, json=CALLS["header"])  # not kept yet: must wait for a slot, then 503
        assert missed.status_code == 503 and missed.headers["Retry-After"]
    finally:
        for _ in range(taken):
            gate.leave()


def test_a_new_data_version_misses_under_the_running_app(live, built_db, tmp_path):
    path, app = live
    client = app.server.test_client()
    before = DECODE["br"](_post(client, CALLS["overview"]).get_data()).decode()
    assert "Renamed theme" not in before
    (tmp_path / "next").mkdir()
    os.replace(tampered_copy(built_db, tmp_path / "next",
                             ("update meta set value = 'v2' where key = 'data_version'",),
                             ("update themes set zh = 'Renamed theme'",)), path)  # a rebuild swapped in
    after = DECODE["br"](_post(client, CALLS["overview"]).get_data()).decode()
    assert "Renamed theme" in after and _cache(app).hits == 0 and len(_cache(app)) == 2
    assert DECODE["br"](_post(client, CALLS["overview"]).get_data()).decode() == after  # and the new one is kept


def test_an_error_answer_is_not_kept(live, monkeypatch):
    _path, app = live
    client = app.server.test_client()

    def broken():
        raise RuntimeError("a bug in the header")
    monkeypatch.setattr(reads, "header", broken)
    assert _post(client, CALLS["header"]).status_code == 500
    assert len(_cache(app)) == 0
    monkeypatch.undo()
    assert _post(client, CALLS["header"]).status_code == 200 and len(_cache(app)) == 1


@pytest.mark.parametrize("call, read", [("overview", "progress"), ("header", "header")])
def test_an_answer_rendered_without_the_database_is_not_kept(live, monkeypatch, call, read):
    _path, app = live
    client = app.server.test_client()

    def unreadable(**_kwargs):
        raise OperationalError("select", {}, Exception("database disk image is malformed"))
    monkeypatch.setattr(reads, read, unreadable)
    outage = _post(client, CALLS[call], None)
    assert outage.status_code == 200 and len(_cache(app)) == 0
    monkeypatch.undo()
    healthy = _post(client, CALLS[call], None)
    assert healthy.get_data() != outage.get_data() and len(_cache(app)) == 1


def test_an_answer_rendered_across_a_swap_is_not_kept(live, monkeypatch):
    _path, app = live
    tokens = iter(["v1@a", "v2@b"])
    monkeypatch.setattr(response_cache, "data_token", lambda: next(tokens))
    assert _post(app.server.test_client(), CALLS["overview"]).status_code == 200
    assert len(_cache(app)) == 0


def test_only_the_allowlisted_outputs_and_pages_are_kept(live):
    _path, app = live
    client = app.server.test_client()
    assert _post(client, page_call("/changes", "?lang=en")).status_code == 200  # also reads the refresh log
    region_callback = next(k for k, spec in app.callback_map.items()
                           if k.startswith("url.search@") and spec["inputs"][0]["id"] == "ind-region")
    url_writer = {"output": region_callback,
                  "outputs": {"id": "url", "property": "search"},
                  "inputs": [{"id": "ind-region", "property": "value", "value": "beijing"}],
                  "state": [{"id": "ind-rendered", "property": "data", "value": {"region": "tianjin"}},
                            {"id": "url", "property": "search", "value": "?region=tianjin"}],
                  "changedPropIds": ["ind-region.value"]}
    assert client.post(CALLBACK, json=url_writer).status_code == 200  # writes the URL: no page to keep
    assert len(_cache(app)) == 0
    for output in response_cache.CACHED_OUTPUTS:
        assert output in app.callback_map  # Dash still names its router's outputs so


def test_a_malformed_body_is_still_refused(live):
    _path, app = live
    client = app.server.test_client()
    bad = copy.deepcopy(CALLS["overview"])
    bad["inputs"][0]["value"] = 7
    for _ in range(2):
        assert client.post(CALLBACK, json=bad).status_code == 400
    for inputs in (5, {"a": 1}, [5, None], [{"id": "_pages_location", "property": "pathname", "value": ["/"]}]):
        assert client.post(CALLBACK, json={**CALLS["overview"], "inputs": inputs}).status_code == 400
    for output in ([PAGE_OUTPUT], {"a": 1}, 7, None):
        assert client.post(CALLBACK, json={**CALLS["overview"], "output": output}).status_code == 400
    assert client.post(CALLBACK, data=b"\xff not json", content_type="application/json").status_code == 400
    assert len(_cache(app)) == 0


def test_the_cache_off_gives_identical_answers(live, monkeypatch):
    path, cached_app = live
    monkeypatch.setenv(response_cache.SIZE_ENV, "0")
    from db.engine import sqlite_url
    plain_app = _app(sqlite_url(path))
    assert plain_app.server.extensions[response_cache.EXTENSION] is None
    cached, plain = cached_app.server.test_client(), plain_app.server.test_client()
    for body in CALLS.values():
        _post(cached, body)
        hit, fresh = _post(cached, body), _post(plain, body)
        assert hit.status_code == fresh.status_code == 200
        assert DECODE["br"](hit.get_data()) == DECODE["br"](fresh.get_data())
        assert sorted(hit.headers.items()) == sorted(fresh.headers.items())
    assert _cache(cached_app).hits == len(CALLS)


def _stored(n: int) -> Stored:
    return Stored(200, (("Content-Type", "application/json"),), bytes(n))


def test_the_byte_bound_evicts_the_least_recently_used():
    item = _stored(1000)
    cache = ResponseCache(max_bytes=3 * item.size)
    for key in "abc":
        cache.put((key,), item)
    assert cache.get(("a",)) is item  # a is now the most recently used
    cache.put(("d",), item)
    assert cache.get(("b",)) is None and cache.evictions == 1
    assert all(cache.get((k,)) is item for k in "acd") and cache.bytes == 3 * item.size <= cache.max_bytes
    cache.put(("huge",), _stored(10 * 1000))  # larger than the whole bound: not kept, nothing evicted
    assert cache.get(("huge",)) is None and len(cache) == 3


def test_the_bound_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(response_cache.SIZE_ENV, "1.5")
    assert response_cache.size_from_env() == int(1.5 * 1024 * 1024)
    monkeypatch.delenv(response_cache.SIZE_ENV)
    assert response_cache.size_from_env() == response_cache.DEFAULT_MB * 1024 * 1024
    for bad in ("lots", "-1"):
        monkeypatch.setenv(response_cache.SIZE_ENV, bad)
        with pytest.raises(ValueError, match=f"{response_cache.SIZE_ENV} must be .*{bad!r}"):
            response_cache.size_from_env()


def test_a_padded_body_is_neither_parsed_before_the_gate_nor_kept(live):
    """A page call padded past MAX_KEYED_BODY is rendered like any call but never kept, so a replay of it
    cannot pass the admission gate as a hit."""
    _path, app = live
    client = app.server.test_client()
    padded = {**CALLS["header"], "padding": "x" * response_cache.MAX_KEYED_BODY}
    assert _post(client, padded).status_code == 200
    assert _post(client, padded).status_code == 200
    cache = _cache(app)
    assert (len(cache), cache.hits) == (0, 0)


def test_spellings_of_one_encoding_choice_share_one_entry(live):
    _path, app = live
    client = app.server.test_client()
    first = _post(client, CALLS["header"], "gzip, br")
    again = _post(client, CALLS["header"], "br,gzip" + " " * 4000)  # the same choice, a longer header
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert (len(_cache(app)), _cache(app).hits) == (1, 1)


def test_each_kept_answer_counts_its_overhead_against_the_bound():
    stored = Stored(200, (("Content-Type", "application/json"),), b"x" * 10)
    assert stored.size == 10 + len("Content-Type") + len("application/json") + response_cache.ENTRY_OVERHEAD
