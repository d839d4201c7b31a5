"""/changes lists a build's changes a page at a time: a first build adds every statement (a million at
scale), and a page of them all never finished rendering."""
from __future__ import annotations

import json

import pytest
from plotly.io.json import to_json_plotly

from dashboard.views import changes as changes_view
from dashboard.views.changes import pager

HOST = "http://localhost"


def _components(node):
    """Every component of a `_dash-layout` answer."""
    if isinstance(node, dict) and "props" in node and "type" in node:
        yield node
        for value in node["props"].values():
            yield from _components(value)
    elif isinstance(node, list):
        for item in node:
            yield from _components(item)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if isinstance(node, dict) and "props" in node:
        return _text(node["props"].get("children", ""))
    return ""


@pytest.fixture()
def layout_of(built_url, monkeypatch):
    """The changes page at an address, as Dash's first layout carries it, 5 changes a page."""
    from dashboard.app import create_app
    monkeypatch.setattr(changes_view, "CHANGES_PER_PAGE", 5)
    client = create_app(url=built_url).server.test_client()  # its own cache of rendered pages

    def layout_of(address: str) -> dict:
        """Its components by id, and under "warnings" the texts of its bad-parameter warnings."""
        response = client.get("/_dash-layout", headers={"Referer": HOST + address})
        assert response.status_code == 200
        components = list(_components(response.get_json()))
        found = {c["props"]["id"]: c for c in components if "id" in c["props"]}
        found["warnings"] = [_text(c) for c in components if "bad-param" in c["props"].get("className", "")]
        return found
    return layout_of


def _rows(found: dict) -> list:
    return found["chg-table"]["props"]["children"][1]["props"]["children"]


def test_a_page_of_a_builds_changes_and_links_to_its_neighbours(layout_of):
    first = layout_of("/changes?lang=en")
    total = int(_text(first["chg-range"]).rsplit(" of ", 1)[1].replace(",", ""))
    pages = -(-total // 5)
    assert pages > 4  # the session's build adds every statement
    assert len(_rows(first)) == 5 and _text(first["chg-range"]) == f"Changes 1–5 of {total:,}"
    assert {"chg-first", "chg-previous"}.isdisjoint(first)
    assert first["chg-next"]["props"]["href"] == "/changes?run=1&page=2&lang=en"
    assert first["chg-last"]["props"]["href"] == f"/changes?run=1&page={pages}&lang=en"

    second = layout_of("/changes?page=2&lang=en")
    assert len(_rows(second)) == 5 and _text(second["chg-range"]) == f"Changes 6–10 of {total:,}"
    assert second["warnings"] == []  # "page" is a parameter the page knows
    assert second["chg-previous"]["props"]["href"] == "/changes?run=1&lang=en"  # page 1 is the page's own address
    assert "chg-first" not in second  # the previous page is the first
    assert second["chg-next"]["props"]["href"] == "/changes?run=1&page=3&lang=en"

    last = layout_of(f"/changes?page={pages}&lang=en")
    assert len(_rows(last)) == total - (pages - 1) * 5
    assert _text(last["chg-range"]) == f"Changes {(pages - 1) * 5 + 1:,}–{total:,} of {total:,}"
    assert {"chg-next", "chg-last"}.isdisjoint(last) and last["chg-first"]["props"]["href"] == "/changes?run=1&lang=en"


def test_the_pages_together_are_the_whole_change_log_in_order(layout_of, built_url):
    """Every change once, in the order of the whole list: the order is total, so pages neither overlap nor skip."""
    from dashboard.views.changes import change_table
    from db.engine import read_engine
    from db.queries import change_list
    with read_engine(built_url).connect() as conn:
        whole = change_table(change_list(conn, run_id=1), "en").children[1].children
    pages = -(-len(whole) // 5)
    paged = [_text(row) for n in range(1, pages + 1) for row in _rows(layout_of(f"/changes?page={n}&lang=en"))]
    assert paged == [_text(json.loads(to_json_plotly(row))) for row in whole]


@pytest.mark.parametrize("bad", ["0", "9999", "two", "02"])
def test_a_page_number_out_of_range_is_named_and_the_first_page_shown(layout_of, bad):
    found = layout_of(f"/changes?page={bad}&lang=en")
    assert found["warnings"] == [f"There is no page {bad} of this build's changes; the first page is shown."]
    assert _text(found["chg-range"]).startswith("Changes 1–5 of ")
    assert found["chg-next"]["props"]["href"].endswith("page=2&lang=en")


def test_the_pager_in_chinese():
    nav = pager(run=3, page_no=1, total=1_000_001, lang="zh")
    text, following, last = nav.children
    assert text.children == "第 1–250 项，共 1,000,001 项变更"
    assert following.href == "/changes?run=3&page=2" and following.children == "下一页"
    assert last.href == "/changes?run=3&page=4001" and last.children == "最后一页"
    assert nav.to_plotly_json()["props"]["aria-label"] == "本次构建变更的分页"
