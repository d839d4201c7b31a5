"""The scanner: which figures a document holds, which of them no quote covers, and `jjj scan`."""
from __future__ import annotations

from typer.testing import CliRunner

from cli.main import app
from etl.scan import find_figures, scan_catalog, uncovered
from tests.minicatalog import meta, write_mini_catalog

NEW_DOC = ("2025年，天津港集装箱吞吐量达到2 400万标准箱，同比增长3.1%。\n"
           "全市新增国家级专精特新企业三十家，建成5G基站7.3万个。\n"
           "PM2.5年均浓度降至35微克/立方米，旅客发送量达1.2亿人次。\n")


def figures(text: str) -> list[str]:
    return [f.text for f in find_figures("".join(text.split()))]


def test_numbers_with_their_units_arabic_and_chinese():
    assert figures("2023年集装箱吞吐量突破2200万标准箱") == ["2200万标准箱"]
    assert figures("2023年全市PM2.5平均浓度比2014年下降57.2%") == ["57.2%"]
    assert figures("日均22.5万人次的跨城出行，新增企业1,200家，投资1000亿元") == ["22.5万人次", "1,200家", "1000亿元"]
    assert figures("高铁里程达410公里，PM2.5浓度为41微克/立方米") == ["410公里", "41微克/立方米"]
    assert figures("在三个关键环节上发力，二十届四中全会，入选第二批试点") == ["三个", "二十届", "第二批"]


def test_dates_and_articles_are_not_figures():
    assert figures("2025年1—10月，《规划(2023—2035年)》，2月26日") == []
    assert figures("推出新一轮举措，建成一批项目，一方面，一个个项目，零部件，二〇二四年") == []
    assert figures("一小时通勤圈") == ["一小时"]  # 一 before a unit of measure is a figure
    assert figures("建成5G基站，G95环线，A320飞机，吞吐量2200TEU") == ["2200TEU"]  # codes and names


def test_numbers_broken_by_layout_are_read_whole():
    assert figures("吞吐量突破 22\n00万标准箱") == ["2200万标准箱"]


def test_a_quote_covers_only_the_figures_inside_it():
    text = "去年新增企业120家。今年新增企业120家，增长5%。"
    left = uncovered(text, ["去年新增企业120家"])
    assert [(fig.text, sentence) for _line, fig, sentence in left] == \
        [("120家", "今年新增企业120家，增长5%。"), ("5%", "今年新增企业120家，增长5%。")]
    assert uncovered(text, ["去年新增企业120家", "今年新增企业120家，增长5%"]) == []


def test_whitespace_is_ignored_and_lines_are_reported():
    text = "这行没有数字。\n下行：新增企业\n12 0家。"
    ((line, fig, sentence),) = uncovered(text, [])
    assert (line, fig.text, sentence) == (3, "120家", "下行：新增企业120家。")
    assert uncovered(text, ["新增 企业120家"]) == []


def test_the_coded_mini_catalog_leaves_nothing_uncovered(tmp_path):
    entry = write_mini_catalog(tmp_path)
    assert scan_catalog(entry) == []


def test_a_new_document_dropped_into_sources_gets_its_figures_listed(tmp_path):
    entry = write_mini_catalog(tmp_path)
    (tmp_path / "sources/c.txt").write_text(NEW_DOC, encoding="utf-8")
    (tmp_path / "sources/meta/doc-c.yaml").write_text(meta("doc-c", "c.txt", NEW_DOC, "2026-01"), encoding="utf-8")
    (tmp_path / "sources/uncatalogued.txt").write_text("新建学校12所。", encoding="utf-8")
    found = scan_catalog(entry)
    new = [(f.line, f.figure) for f in found if f.document_id == "doc-c"]
    assert new == [(1, "2400万标准箱"), (1, "3.1%"), (2, "三十家"), (2, "7.3万个"), (3, "35微克/立方米"),
                   (3, "1.2亿人次")]
    assert {f.file for f in found} == {"sources/c.txt", "sources/uncatalogued.txt"}
    assert [f.document_id for f in found if f.file == "sources/uncatalogued.txt"] == [None]
    # coding one figure removes it from the list
    (tmp_path / "catalog/observations/doc-c.yaml").write_text(
        "document: doc-c\nexcluded:\n  - quote: 建成5G基站7.3万个\n    reason: not a strategy indicator\n",
        encoding="utf-8")
    assert "7.3万个" not in [f.figure for f in scan_catalog(entry)]


def test_cli_scan_lists_the_figures_with_their_sentence(tmp_path):
    entry = write_mini_catalog(tmp_path)
    (tmp_path / "sources/c.txt").write_text(NEW_DOC, encoding="utf-8")
    (tmp_path / "sources/meta/doc-c.yaml").write_text(meta("doc-c", "c.txt", NEW_DOC, "2026-01"), encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", "--catalog", str(entry), "--strict"])
    assert result.exit_code == 1
    assert "sources/c.txt (doc-c): 6 figure(s) not in the catalog" in result.output
    assert "2400万标准箱  «2025年，天津港集装箱吞吐量达到2400万标准箱，同比增长3.1%。»" in result.output
    (tmp_path / "sources/c.txt").unlink()
    (tmp_path / "sources/meta/doc-c.yaml").unlink()
    clean = CliRunner().invoke(app, ["scan", "--catalog", str(entry), "--strict"])
    assert clean.exit_code == 0 and "0 figure(s) not covered" in clean.output
