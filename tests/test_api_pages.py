"""Pages of the API's growing lists: limit/offset, totals, next/previous URLs, the Link header, and
bad paging parameters as a JSON 400."""
from __future__ import annotations

import json
import re

import pytest

from dashboard import api
from dashboard.pagination import MAX_LIMIT, MAX_OFFSET, Page, link_header, page_links
from tests.conftest import client_fixture

client = client_fixture(api.blueprint)


def get_json(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, r.data
    assert r.headers["Content-Type"] == api.JSON_TYPE
    return json.loads(r.data), r.headers


def links_of(headers) -> dict[str, str]:
    """rel → URL from a Link header."""
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="([a-z]+)"', headers.get("Link", ""))}


def follow(client, url: str, items: str) -> list[dict]:
    """Every item of a paged list, following `next` from `url`."""
    out, seen = [], set()
    while url:
        assert url not in seen, "the pages loop"
        seen.add(url)
        body, headers = get_json(client, url)
        out += body[items]
        assert links_of(headers).get("next") == body["next"]
        url = body["next"]
    return out


def test_the_default_page_has_totals_and_no_links_past_the_ends(client, db):
    body, headers = get_json(client, "/api/indicators")
    n = db.execute("select count(*) from indicators").fetchone()[0]
    assert (body["total"], body["limit"], body["offset"]) == (n, api.INDICATORS_PER_PAGE, 0)
    assert len(body["indicators"]) == min(n, api.INDICATORS_PER_PAGE) and body["previous"] is None
    assert links_of(headers)["first"] == f"/api/indicators?limit={api.INDICATORS_PER_PAGE}&offset=0"
    assert "prev" not in links_of(headers)


def test_following_next_yields_every_indicator_once_in_order(client, db):
    body, headers = get_json(client, "/api/indicators?limit=5")
    assert [i["id"] for i in body["indicators"]] == [r for (r,) in db.execute(
        "select id from indicators order by id limit 5")]
    assert body["next"] == "/api/indicators?limit=5&offset=5"
    n = body["total"]
    assert links_of(headers)["last"] == f"/api/indicators?limit=5&offset={(n - 1) // 5 * 5}"
    ids = [i["id"] for i in follow(client, "/api/indicators?limit=5", "indicators")]
    assert ids == [r for (r,) in db.execute("select id from indicators order by id")]
    whole, _ = get_json(client, f"/api/indicators?limit={MAX_LIMIT}")
    assert follow(client, "/api/indicators?limit=7", "indicators") == whole["indicators"]


def test_the_middle_page_links_both_ways_and_keeps_the_filters(client, db):
    body, headers = get_json(client, "/api/indicators?region=tianjin&limit=2&offset=2")
    assert body["previous"] == "/api/indicators?region=tianjin&limit=2&offset=0"
    assert body["next"] == "/api/indicators?region=tianjin&limit=2&offset=4"
    assert links_of(headers)["prev"] == body["previous"]
    assert body["total"] == db.execute("select count(distinct indicator_id) from progress "
                                       "where region_id = 'tianjin'").fetchone()[0]
    items = follow(client, "/api/indicators?region=tianjin&limit=2", "indicators")
    assert len(items) == body["total"] and all([r["region_id"] for r in i["regions"]] == ["tianjin"] for i in items)
    transport = follow(client, "/api/indicators?theme=transport&limit=1", "indicators")
    assert len(transport) == db.execute("select count(*) from indicators where theme = 'transport'").fetchone()[0]


def test_an_offset_past_the_end_is_an_empty_page_that_links_back(client):
    body, _ = get_json(client, f"/api/indicators/exports-value?offset={MAX_OFFSET}")
    assert body["observations"] == [] and body["next"] is None
    body, _ = get_json(client, "/api/indicators?limit=10&offset=10000")
    assert body["indicators"] == [] and body["next"] is None
    assert body["previous"] == "/api/indicators?limit=10&offset=9990"


def test_an_indicators_observations_come_in_pages(client, db):
    n = db.execute("select count(*) from observations where indicator_id = 'exports-value'").fetchone()[0]
    assert n > 3
    body, headers = get_json(client, "/api/indicators/exports-value?limit=3")
    assert len(body["observations"]) == 3 and body["observations_total"] == n and "total" not in body
    assert body["next"] == "/api/indicators/exports-value?limit=3&offset=3" == links_of(headers)["next"]
    assert body["targets"] == get_json(client, "/api/indicators/exports-value")[0]["targets"]
    paged = follow(client, "/api/indicators/exports-value?limit=3", "observations")
    whole, _ = get_json(client, f"/api/indicators/exports-value?limit={MAX_LIMIT}")
    assert paged == whole["observations"] and len(paged) == n


@pytest.mark.parametrize("query, parameter", [
    ("limit=0", "limit"), ("limit=abc", "limit"), (f"limit={MAX_LIMIT + 1}", "limit"), ("limit=1.5", "limit"),
    ("offset=-1", "offset"), ("limit=1&limit=2", "limit"), ("offset=%EF%BC%91", "offset"),  # a full-width digit
    ("limit=", "limit"), ("limit=%205", "limit"),
    (f"offset={MAX_OFFSET + 1}", "offset"),  # found by Schemathesis: a huge offset overflowed SQLite (a 500)
])
@pytest.mark.parametrize("path", ["/api/indicators", "/api/indicators/exports-value"])
def test_bad_paging_parameters_are_a_json_400_naming_them(client, path, query, parameter):
    body, _ = get_json(client, f"{path}?{query}", 400)
    assert body["parameter"] == parameter and parameter in body["error"]


def test_an_unknown_parameter_names_the_paging_ones_as_accepted(client):
    body, _ = get_json(client, "/api/indicators?page=2", 400)
    assert body["parameter"] == "page" and "theme, region, limit, offset" in body["error"]
    body, _ = get_json(client, "/api/sources?limit=5", 400)  # the document list is short: not paged
    assert body["parameter"] == "limit"


def test_page_links_and_link_header():
    links = page_links("/x", {"theme": "a b"}, Page(limit=10, offset=10), total=25)
    assert links == {"first": "/x?theme=a+b&limit=10&offset=0", "previous": "/x?theme=a+b&limit=10&offset=0",
                     "next": "/x?theme=a+b&limit=10&offset=20", "last": "/x?theme=a+b&limit=10&offset=20"}
    assert page_links("/x", {}, Page(10, 0), total=0)["last"] == "/x?limit=10&offset=0"
    assert page_links("/x", {}, Page(10, 0), total=10)["next"] is None
    assert link_header({"first": "/a", "previous": None, "next": "/b", "last": "/c"}) == \
        '</a>; rel="first", </b>; rel="next", </c>; rel="last"'
