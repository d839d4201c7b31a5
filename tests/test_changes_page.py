"""/changes lists a build's changes a page at a time: a first build adds every statement (a million at
scale), and a page of them all never finished rendering."""
from __future__ import annotations

import pytest

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
    assert total > 10  # the session's build adds every statement
    assert len(_rows(first)) == 5 and _text(first["chg-range"]) == f"Changes 1–5 of {total:,}"
    assert "chg-previous" not in first and first["chg-next"]["props"]["href"].endswith("page=2&lang=en")

    second = layout_of("/changes?page=2&lang=en")
    assert len(_rows(second)) == 5 and _text(second["chg-range"]) == f"Changes 6–10 of {total:,}"
    assert second["warnings"] == []  # "page" is a parameter the page knows
    assert second["chg-previous"]["props"]["href"] == "/changes?run=1&lang=en"  # page 1 is the page's own address
    assert second["chg-next"]["props"]["href"] == "/changes?run=1&page=3&lang=en"
    assert [_text(r) for r in _rows(first)] != [_text(r) for r in _rows(second)]

    last_page = -(-total // 5)
    last = layout_of(f"/changes?page={last_page}&lang=en")
    assert len(_rows(last)) == total - (last_page - 1) * 5 and "chg-next" not in last


@pytest.mark.parametrize("bad", ["0", "9999", "two"])
def test_a_page_number_out_of_range_is_named_and_the_first_page_shown(layout_of, bad):
    found = layout_of(f"/changes?page={bad}&lang=en")
    assert len(found["warnings"]) == 1 and "page" in found["warnings"][0] and bad in found["warnings"][0]
    assert _text(found["chg-range"]).startswith("Changes 1–5 of ")
    assert found["chg-next"]["props"]["href"].endswith("page=2&lang=en")


def test_the_pager_in_chinese():
    nav = pager(run=3, page_no=1, total=1_000_001, lang="zh")
    text, following = nav.children
    assert text.children == "第 1–250 项，共 1,000,001 项变更"
    assert following.href == "/changes?run=3&page=2" and following.children == "下一页 ›"
