"""Bytes on the wire: brotli/gzip on every text response, CSVs compressed as they stream, ETag/304
keyed on the data version, versioned static files cacheable for a year."""
from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from dashboard.http_cache import ONE_YEAR, etag_for

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.fixture(scope="module")
def client(built_url):
    from dashboard.app import create_app
    return create_app(url=built_url).server.test_client()


def _overview_call() -> dict:
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def _plotly_bundle(client) -> str:
    return re.search(r'src="([^"]*plotly[^"]*\.js[^"]*)"', client.get("/").get_data(as_text=True)).group(1)


def _get(client, path, encoding=None, **headers):
    if encoding:
        headers["Accept-Encoding"] = encoding
    return client.get(path, headers=headers)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize("path", ["/", "/api/indicators", "/download/datapackage.json", "/assets/style.css",
                                  "/vendor/bootstrap.min.css", "bundle"])
def test_text_responses_are_compressed_as_asked(client, path, encoding):
    path = _plotly_bundle(client) if path == "bundle" else path
    plain = _get(client, path).get_data()
    response = _get(client, path, encoding)
    assert response.headers["Content-Encoding"] == encoding and "Accept-Encoding" in response.headers["Vary"]
    assert _stable(DECODE[encoding](response.get_data())) == _stable(plain) and len(response.get_data()) < len(plain)


def _stable(body: bytes) -> bytes:
    """The index page carries a per-request id in Dash's config; the rest must be the same bytes."""
    return re.sub(rb'"end_id":"[^"]*"', b"", body)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_the_change_feed_is_compressed(client, encoding):
    plain = _get(client, "/changes.atom")
    packed = _get(client, "/changes.atom", encoding)
    assert packed.mimetype == "application/atom+xml" and packed.headers["Content-Encoding"] == encoding
    assert DECODE[encoding](packed.get_data()) == plain.get_data()


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_the_not_found_page_is_compressed_and_still_a_404(client, encoding):
    plain = _get(client, "/no-such-page")
    packed = _get(client, "/no-such-page", encoding)
    assert plain.status_code == packed.status_code == 404 and "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding and "Accept-Encoding" in packed.headers["Vary"]
    assert _stable(DECODE[encoding](packed.get_data())) == _stable(plain.get_data())


def test_a_small_error_answer_is_left_plain(client):
    response = _get(client, "/api/indicators?theme=nope", "br")  # a 400 of a hundred bytes
    assert response.status_code == 400 and "Content-Encoding" not in response.headers


def test_without_a_database_the_description_is_served_with_no_etag(tmp_path):
    from dashboard.app import create_app
    bare = create_app(url=f"sqlite:///{tmp_path / 'absent.db'}").server.test_client()
    response = _get(bare, "/api/openapi.json", "br")
    assert response.status_code == 200 and "ETag" not in response.headers
    assert _get(bare, "/api/indicators").status_code == 503  # the API still says the data is unavailable


def test_brotli_is_preferred_when_the_browser_offers_both(client):
    assert _get(client, "/api/indicators", "gzip, deflate, br, zstd").headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in _get(client, "/api/indicators").headers


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_callback_answer_is_compressed(client, encoding):
    plain = client.post("/_dash-update-component", json=_overview_call())
    packed = client.post("/_dash-update-component", json=_overview_call(), headers={"Accept-Encoding": encoding})
    assert plain.status_code == packed.status_code == 200
    # the same answer; compared as JSON, since two renders may order a component's props differently
    assert json.loads(DECODE[encoding](packed.get_data())) == json.loads(plain.get_data())
    print(f"\noverview callback answer: {len(plain.get_data()):,} B, {encoding} {len(packed.get_data()):,} B")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_csv_download_is_compressed_while_it_streams(client, encoding):
    plain = _get(client, "/download/observations.csv").get_data()
    response = _get(client, "/download/observations.csv", encoding)
    assert response.is_streamed and "Content-Length" not in response.headers  # never buffered whole
    assert response.headers["Content-Encoding"] == encoding
    assert DECODE[encoding](b"".join(response.response)) == plain


@pytest.mark.parametrize("path", ["/api/indicators", "/api/indicators/hsr-intercity-rail-km?region=tianjin",
                                  "/api/sources", "/api/openapi.json", "/changes.atom?lang=en",
                                  "/download/observations.csv?theme=transport",
                                  "/download/targets.xlsx", "/download/datapackage.json",
                                  "/download/indicator/hsr-intercity-rail-km.bib", "/download/dataset.cite.txt"])
def test_the_api_and_downloads_answer_304_to_their_etag(client, path):
    first = _get(client, path, "br")
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag.startswith('W/"') and first.headers["Cache-Control"] == "no-cache"
    again = _get(client, path, "gzip", **{"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
    assert _get(client, path, **{"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_etag_follows_the_data_version_and_the_address(client):
    assert etag_for("v1@t1", "/api/sources?") != etag_for("v2@t1", "/api/sources?")  # a rebuild: new tags
    assert etag_for("v1@t1", "/api/sources?") != etag_for("v1@t2", "/api/sources?")
    assert (_get(client, "/api/indicators").headers["ETag"]
            != _get(client, "/api/indicators?theme=transport").headers["ETag"])
    assert _get(client, "/api/indicators").headers["ETag"] == _get(client, "/api/indicators").headers["ETag"]


def test_errors_carry_no_etag(client):
    response = _get(client, "/api/indicators?theme=nope")
    assert response.status_code == 400 and "ETag" not in response.headers


def test_versioned_static_files_are_cached_for_a_year_and_revalidate(client):
    page = client.get("/").get_data(as_text=True)
    bootstrap = re.search(r'href="(/vendor/bootstrap[^"]+)"', page).group(1)
    for path in (_plotly_bundle(client), bootstrap, re.search(r'href="(/assets/style.css[^"]+)"', page).group(1)):
        response = _get(client, path, "br")
        assert response.cache_control.max_age == ONE_YEAR and response.cache_control.public, path
        assert _get(client, path, "br", **{"If-None-Match": response.headers["ETag"]}).status_code == 304, path
    assert client.get("/assets/style.css").cache_control.max_age != ONE_YEAR  # no version in the address


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_dash_component_suites_carry_a_content_tag_and_answer_304(client, encoding):
    page = client.get("/").get_data(as_text=True)
    suites = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(suites) >= 5
    tags = set()
    for path in suites:
        plain, packed = _get(client, path), _get(client, path, encoding)
        tag = packed.headers["ETag"]
        assert tag.startswith('W/"') and plain.headers["ETag"] == tag, path  # the content's, whatever the encoding
        assert DECODE[encoding](packed.get_data()) == plain.get_data()
        again = _get(client, path, encoding, **{"If-None-Match": tag})
        assert again.status_code == 304 and again.get_data() == b"", path
        tags.add(tag)
    assert len(tags) == len(set(suites))  # one tag per file
    renamed = re.sub(r"\.v([\w-]+)m[0-9a-f]+\.", ".v\\1m123abc.", suites[0], count=1)  # another fingerprint
    assert renamed != suites[0] and _get(client, renamed).headers["ETag"] == _get(client, suites[0]).headers["ETag"]


def test_a_compressed_csv_closed_early_frees_its_export_slot(built_url):
    from dashboard.app import create_app
    app = create_app(url=built_url)
    app.server.config["JJJ_MAX_EXPORTS"] = 1
    client = app.server.test_client()
    held = _get(client, "/download/observations.csv", "br")
    assert held.headers["Content-Encoding"] == "br"
    first = brotli.Decompressor().process(next(iter(held.response)))  # the reader stops after one chunk
    assert first.startswith(b"\xef\xbb\xbf") and first.count(b"\r\n") == 1  # the header arrives alone, at once
    assert _get(client, "/download/targets.csv").status_code == 503  # the stream still holds the slot
    held.close()
    freed = _get(client, "/download/targets.csv", "gzip")
    assert freed.status_code == 200 and gzip.decompress(freed.get_data()).startswith(b"\xef\xbb\xbf")
    freed.close()


def _component_suite(client) -> str:
    return re.search(r'src="(/_dash-component-suites/dash/dcc/[^"]+)"', client.get("/").get_data(as_text=True)).group(1)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_fixed_static_file_is_compressed_once_per_process(built_url, monkeypatch, encoding):
    from dashboard import http_cache
    from dashboard.app import create_app
    client = create_app(url=built_url).server.test_client()
    made = []
    real = http_cache._flushing_compressor
    monkeypatch.setattr(http_cache, "_flushing_compressor", lambda name: made.append(name) or real(name))
    for path in (_plotly_bundle(client), _component_suite(client)):
        plain = _get(client, path).get_data()
        first, second = _get(client, path, encoding), _get(client, path, encoding)
        assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == encoding
        assert DECODE[encoding](first.get_data()) == DECODE[encoding](second.get_data()) == plain
        tag = first.headers["ETag"]  # send_file's strong one on the plotly bundle; a component suite's weak content tag
        assert tag == second.headers["ETag"] and (tag.startswith('W/"') or tag.endswith(f':{encoding}"'))
    assert made == [encoding, encoding]  # one compression per file, none for the repeated requests
    _get(client, "/assets/style.css", encoding)  # no version in the address: not kept, compressed as it goes
    assert made == [encoding, encoding]


def test_made_up_versions_of_a_static_file_share_one_compressed_copy(app):
    from dashboard.http_cache import StaticCompression
    server = app.server
    hook = next(h for h in server.after_request_funcs[None] if isinstance(h, StaticCompression))
    client = server.test_client()
    answers = [client.get(f"/assets/style.css?m={n}", headers={"Accept-Encoding": "gzip"}) for n in (1, 2, 3)]
    kept = len(hook.bodies)
    answers.append(client.get("/assets/x/../style.css?m=4", headers={"Accept-Encoding": "gzip"}))  # served, not kept
    assert {a.status_code for a in answers} == {200} and len({a.get_data() for a in answers}) == 1
    assert len(hook.bodies) == kept
