"""Accessibility in the rendered components: text in the other language carries its lang, wide tables
are focusable named regions, the header has a skip link and a named navigation."""
from __future__ import annotations

from dataclasses import replace

from dash import html

from dashboard.components.evidence import statement_item
from dashboard.components.header import MAIN_ID, header
from dashboard.components.tables import scrollable
from dashboard.i18n import definition_lang, t
from db.records import HeaderFacts, Indicator
from tests.record_factories import make, statement


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            yield from walk(child)


def test_definition_lang_follows_the_text_shown():
    both = make(Indicator, definition="Length of lines", definition_zh="线路长度")
    assert definition_lang(both, "zh") == "zh-Hans"
    assert definition_lang(both, "en") == "en"
    assert definition_lang(make(Indicator, definition="Length of lines", definition_zh=None), "zh") == "en"


def test_evidence_marks_quote_title_and_note_languages():
    row = statement(key="k", kind="observed", period="2024", quote="全年完成2329万标准箱", value=23290000.0,
                    unit="TEU", qualifier="exact", value_as_written="2329", unit_as_written="万标准箱",
                    document_title="天津市政府工作报告", document_title_en=None, document_date="2025-01-15",
                    note="curator note")
    langs = {(c.__class__.__name__, str(c.children)[:12]): getattr(c, "lang", None)
             for c in walk(statement_item(row, "en"))}
    assert langs[("Span", "天津市政府工作报告")] == "zh-Hans"  # no English title: the Chinese one, marked
    assert langs[("Span", "curator note")] == "en"
    assert any(name == "Blockquote" and lang == "zh-Hans" for (name, _), lang in langs.items())
    titled = replace(row, document_title_en="Tianjin government work report")
    assert any(getattr(c, "lang", None) == "en" and c.children == "Tianjin government work report"
               for c in walk(statement_item(titled, "en")))


def test_scrollable_table_is_a_focusable_named_region():
    box = scrollable(html.Table(id="t"), "Definitions")
    assert (box.tabIndex, box.role, getattr(box, "aria-label")) == ("0", "region", "Definitions")


def test_header_starts_with_a_skip_link_and_names_its_navigation():
    for lang in ("zh", "en"):
        top = header(HeaderFacts(built_at="", data_version="", indicators=1, documents=1), "/", "", lang)
        skip = top.children[0]
        assert (skip.href, skip.children) == (f"#{MAIN_ID}", t(lang, "header.skip"))
        nav = next(c for c in walk(top) if isinstance(c, html.Nav))
        assert getattr(nav, "aria-label") == t(lang, "header.nav_label")
