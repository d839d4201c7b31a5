"""Citations (text and BibTeX, special characters escaped), what a chart image carries, and the
embed code: pure functions."""
import re

import pytest

from dashboard.citation import (
    Citation,
    CitedSource,
    bibtex_escape,
    bibtex_key,
    citation_bibtex,
    citation_text,
    cited_sources,
)
from dashboard.components.chart_tools import iframe_code
from dashboard.figures.image_export import image_filename, image_spec, legend_rows, source_lines, wrap_text
from dashboard.urls import page
from db.records import Document
from tests.record_factories import make

DOCS = {"review": make(Document, id="review", title="天津市推动京津冀协同发展十周年",
                        title_en="Ten years of coordination", author="天津市人民政府",
                        author_en="Tianjin Municipal People's Government", date="2024-09-02"),
        "plan": make(Document, id="plan", title="规划", title_en="", author="天津市发改委", author_en="",
                     date="2022-01")}
CITED = ["review", "plan", "review"]  # the document ids of the statements cited


def _citation(lang="en", title="Container throughput, Port of Tianjin", sources=None):
    return Citation(key="container-throughput_tianjin-port", title=title,
                    sources=sources if sources is not None else cited_sources(CITED, DOCS, lang),
                    data_version="3f2a9c0d1e2b3c4d5e6f", built="2026-11-22", accessed="2026-11-30",
                    url="http://example.org/indicator/container-throughput?region=tianjin-port", lang=lang)


def test_cited_sources_once_each_oldest_first_in_the_readers_language():
    en = cited_sources(CITED, DOCS, "en")
    assert [s.date for s in en] == ["2022-01", "2024-09-02"]
    assert en[1] == CitedSource("Ten years of coordination", "Tianjin Municipal People's Government", "2024-09-02")
    assert en[0].title == "规划" and en[0].author == "天津市发改委"  # no English title: the Chinese one, not nothing
    assert cited_sources(CITED, DOCS, "zh")[1].title == "天津市推动京津冀协同发展十周年"


def test_citation_text_names_indicator_sources_dates_version_and_access_date():
    text = citation_text(_citation("en"))
    assert text == ("Jing-Jin-Ji indicators (2026). Container throughput, Port of Tianjin [data set]. Sources: "
                    "规划 (天津市发改委, 2022-01); Ten years of coordination (Tianjin Municipal People's Government, "
                    "2024-09-02). Data version 3f2a9c0d1e2b, built 2026-11-22. "
                    "http://example.org/indicator/container-throughput?region=tianjin-port (accessed 2026-11-30).")
    zh = citation_text(_citation("zh", title="集装箱吞吐量，天津港"))
    assert zh.startswith("京津冀协同发展指标（2026）。集装箱吞吐量，天津港［数据集］。"
                         "来源：《规划》（天津市发改委，2022-01）；")
    assert "《天津市推动京津冀协同发展十周年》（天津市人民政府，2024-09-02）" in zh and "访问日期：2026-11-30" in zh


def test_bibtex_escapes_every_special_character():
    assert bibtex_escape(r"A & B 50% $5 #1 a_b {x} ~ ^ \ ") == \
        r"A \& B 50\% \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    assert bibtex_escape("line\nbreak") == "line break"


def test_bibtex_entry_is_balanced_and_carries_everything():
    nasty = _citation("en", title="Rail & roads {100%} #1_a", sources=(CitedSource("T}itle\\", "A&B", "2024"),))
    bib = citation_bibtex(nasty)
    assert bib.startswith("@misc{jjj_container-throughput_tianjin-port_2026,\n")
    assert r"title = {Rail \& roads \{100\%\} \#1\_a}" in bib
    assert r"T\}itle\textbackslash{} (A\&B, 2024)" in bib
    assert "urldate = {2026-11-30}" in bib and "version = {3f2a9c0d1e2b3c4d5e6f}" in bib
    assert "url = {http://example.org/indicator/container-throughput?region=tianjin-port}" in bib
    # braces balance once escaped braces are set aside: no field can end early
    unescaped = re.sub(r"\\[{}]", "", bib)
    depth = 0
    for ch in unescaped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    real = citation_bibtex(_citation("en"))
    assert "Ten years of coordination (Tianjin Municipal People's Government, 2024-09-02)" in real


def test_bibtex_url_with_a_brace_is_percent_encoded_and_key_is_safe():
    c = Citation("a b_r{1}", "T", (), "v", "2026-01-01", "2026-01-02", "http://x/{y}", "zh")
    bib = citation_bibtex(c)
    assert "url = {http://x/%7By%7D}" in bib
    assert bibtex_key(c) == "jjj_a-b_r-1-_2026"


def test_image_filename_is_named_after_the_indicator():
    assert image_filename("hsr-intercity-rail-km", "tianjin") == "hsr-intercity-rail-km-tianjin"
    assert image_filename("compare", "small", "a:b/c d") == "compare-small-a-b-c-d"
    assert image_filename(None, "") == "chart"


def test_image_spec_draws_title_unit_sources_and_data_date_escaped():
    spec = image_spec("Rail <b>&", "Unit: km", [("Doc <i>", "2024-09-02"), ("Doc <i>", "2024-09-02"), ("Plan", "")],
                      "2026-11-22", "en", "hsr-tianjin", 440)
    layout = spec["layout"]
    assert layout["title"]["text"] == "<b>Rail &lt;b&gt;&amp;</b>" and layout["title"]["subtitle"]["text"] == "Unit: km"
    source = layout["annotations"][0]["text"]
    assert source.count("Doc &lt;i&gt;") == 1  # each document once
    assert "Source: Plan" in source and "Data as of 2026-11-22" in source
    assert spec["options"]["filename"] == "hsr-tianjin"
    assert spec["options"]["height"] == 440 + layout["margin"]["t"] + layout["margin"]["b"]
    assert source_lines([("文件", "2024")], "2026-11-22", "zh") == ["来源：文件（2024）",
                                                                   "数据日期：2026-11-22 · 京津冀协同发展指标"]


@pytest.mark.parametrize("url", ['http://x/embed/indicator/a?region=b&lang=en', 'http://x/"><script>alert(1)</script>'])
def test_iframe_code_escapes_its_attributes(url):
    code = iframe_code(url, 'Rail "fast" <lines>', 560)
    assert "<script>" not in code and 'title="Rail &quot;fast&quot; &lt;lines&gt;"' in code
    assert code.startswith('<iframe src="') and code.endswith("></iframe>") and 'height="560"' in code
    assert code.count('"') == 12  # 6 attributes (src, title, width, height, style, loading), no quote left open
    if "&" in url:
        assert "&amp;" in code


def test_embed_path_keeps_the_view_state():
    assert page("embed-indicator", "en", indicator_id="hsr", region="tianjin") == \
        "/embed/indicator/hsr?region=tianjin&lang=en"
    assert page("embed-compare", "zh", series=["a:b", "c:d"], mode="indexed") == \
        "/embed/compare?series=a:b,c:d&mode=indexed"


def test_long_sources_wrap_at_spaces_and_a_long_legend_gets_room():
    title = ("Gripping the steering wheel, running the relay well "
             "(subtitle: Tianjin plans its part with the whole in view)")
    spec = image_spec("T", "U", [(title, "2024")], "2026-11-22", "en", "f", 440)
    lines = spec["layout"]["annotations"][0]["text"].split("<br>")
    assert all(len(line) <= 125 for line in lines) and "whole in view" in "".join(lines)  # no word cut in two
    assert wrap_text("天" * 150, 70) == ["天" * 70, "天" * 70, "天" * 10]
    assert legend_rows([]) == 0 and legend_rows(["observed", "target"]) == 1
    many = ["集装箱吞吐量 · 天津港"] * 8
    assert legend_rows(many) > 1
    assert image_spec("T", "U", [], "d", "zh", "f", 440, many)["layout"]["margin"]["t"] > \
        image_spec("T", "U", [], "d", "zh", "f", 440, many[:1])["layout"]["margin"]["t"]
