"""Chart/table switch, chart images that carry their source, embeds inside an iframe, and "Cite this",
end to end in headless Chromium."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_dashboard_e2e import HSR, PORT, open_page, traces

pytestmark = pytest.mark.browser

COMPARE = "/compare?series=container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin&mode=absolute"


def plotted(page, graph_id: str) -> int:
    """How many data points the chart draws (lines that only join other points left out)."""
    return sum(len(t["x"]) - (1 if t["meta"] == "projection" else 0) for t in traces(page, graph_id)
               if t["meta"] not in ("target_line", "required_path"))


def test_table_switch_is_in_the_url_and_holds_the_charts_points(page, live_server, console_errors, screenshots):
    open_page(page, live_server + PORT)
    points = plotted(page, "indicator-chart")
    summary = page.locator("#ind-chart-summary").text_content()
    assert summary.startswith("集装箱吞吐量") and "2024年超2,329万标准箱" in summary
    page.locator("#ind-view input[value=table]").check()
    expect(page).to_have_url(re.compile(r"view=table"))
    expect(page.locator("#ind-table")).to_be_visible()
    expect(page.locator("#indicator-chart")).to_have_count(0)
    assert page.locator("#ind-table tbody tr").count() == points
    expect(page.locator("#ind-table")).to_contain_text("超2,329万标准箱")
    expect(page.locator("#ind-table .row-lower_bound .col-qualifier").first).to_have_text("超")
    page.screenshot(path=str(screenshots / "indicator-table-zh.png"), full_page=True)
    page.reload()  # the URL alone brings the table back
    expect(page.locator("#ind-view input[value=table]")).to_be_checked()
    page.locator("#ind-view input[value=chart]").check()
    page.wait_for_selector("#indicator-chart .main-svg")
    assert "view=" not in page.url  # the default leaves the URL
    assert console_errors == []


def test_compare_table_and_bad_view_param(page, live_server, console_errors, screenshots):
    open_page(page, live_server + COMPARE + "&lang=en")
    points = plotted(page, "compare-chart")
    assert page.locator("#cmp-chart-summary").text_content().count("; ") >= 1
    page.locator("#cmp-view input[value=table]").check()
    expect(page).to_have_url(re.compile(r"view=table"))
    expect(page.locator("#cmp-table tbody tr")).to_have_count(points)
    expect(page.locator("#cmp-table")).to_contain_text("over 23.29 M TEU")
    page.screenshot(path=str(screenshots / "compare-table-en.png"), full_page=True)
    open_page(page, live_server + HSR + "&view=bogus&lang=en")
    expect(page.locator(".bad-param")).to_contain_text("view=bogus")
    assert console_errors == []


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_chart_image_downloads_carry_title_and_source(page, live_server, console_errors, screenshots, fmt):
    open_page(page, live_server + HSR + "&lang=en")
    title = page.locator("#indicator-title").text_content()
    with page.expect_download() as info:
        page.click(f"#ind-{fmt}")
    download = info.value
    assert download.suggested_filename == f"hsr-intercity-rail-km-tianjin.{fmt}"
    path = screenshots / f"image-download-en.{fmt}"  # kept to look at
    download.save_as(path)
    data = path.read_bytes()
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    else:
        svg = data.decode("utf-8")
        assert svg.lstrip().startswith("<svg") and title in svg
        assert "Unit: km" in svg and "Source: " in svg and "Data as of " in svg
        assert "Jing-Jin-Ji indicators" in svg
    # the chart on screen is unchanged: the image was drawn from a copy
    assert page.locator("#indicator-chart .gtitle").count() == 0
    assert console_errors == []


def test_compare_image_in_chinese(page, live_server, console_errors, screenshots):
    open_page(page, live_server + COMPARE)
    with page.expect_download() as info:
        page.click("#cmp-svg")
    download = info.value
    assert download.suggested_filename.startswith("compare-absolute-container-throughput-tianjin-port")
    path = screenshots / "image-download-compare-zh.svg"
    download.save_as(path)
    svg = path.read_text(encoding="utf-8")
    assert "来源：" in svg and "数据日期：" in svg and "比较" in svg
    assert console_errors == []


def test_embed_code_works_inside_an_iframe(page, live_server, console_errors, context, screenshots):
    open_page(page, live_server + HSR + "&lang=en")
    page.click("#ind-embed")
    code = page.locator("#ind-embed-code").input_value()
    assert code.startswith(f'<iframe src="{live_server}/embed/indicator/hsr-intercity-rail-km'
                           '?region=tianjin&amp;lang=en"')
    assert page.locator("#ind-embed-code").get_attribute("readonly") is not None
    page.screenshot(path=str(screenshots / "indicator-embed-code-en.png"))
    host = context.new_page()
    host.set_content(f"<!doctype html><html><body><h1>A test page</h1>{code}</body></html>")
    frame = host.frame_locator("iframe")
    frame.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=20_000)
    expect(frame.locator("#emb-source")).to_contain_text("Source: ")
    expect(frame.locator("#emb-source")).to_contain_text("Data as of ")
    expect(frame.locator("#emb-link")).to_have_attribute("href",
                                                         "/indicator/hsr-intercity-rail-km?region=tianjin&lang=en")
    expect(frame.locator(".site-header")).to_have_count(0)
    expect(frame.locator(".main-nav")).to_have_count(0)
    expect(frame.locator("#emb-title")).to_have_text("High-speed and intercity rail length, Tianjin")
    host.wait_for_timeout(300)  # let the iframe's chart settle before the picture
    host.screenshot(path=str(screenshots / "embed-indicator-en.png"), full_page=True)
    assert console_errors == []


def test_compare_embed_and_unknown_embed(page, live_server, console_errors, context, screenshots):
    open_page(page, live_server + COMPARE)
    code = page.locator("#cmp-embed-code").input_value()
    assert ("/embed/compare?series=container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin"
            "&amp;mode=absolute") in code
    host = context.new_page()
    host.set_content(f"<!doctype html><html><body>{code}</body></html>")
    frame = host.frame_locator("iframe")
    frame.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=20_000)
    expect(frame.locator("#emb-source")).to_contain_text("来源：")
    host.screenshot(path=str(screenshots / "embed-compare-zh.png"), full_page=True)
    response = page.goto(live_server + "/embed/indicator/no-such-thing")
    assert response.status == 404
    page.wait_for_selector(".not-found")
    assert page.request.get(live_server + "/embed/compare").status == 200
    assert [e for e in console_errors if "404" not in e] == []


def test_cite_this_on_the_indicator_page_and_as_downloads(page, live_server, console_errors, screenshots):
    open_page(page, live_server + HSR + "&lang=en")
    cite = page.locator("#ind-cite-text")
    expect(cite).to_contain_text("[data set]")
    expect(cite).to_contain_text("Data version ")
    expect(cite).to_contain_text("(accessed ")
    expect(page.locator("#ind-cite-bibtex")).to_contain_text("@misc{jjj_hsr-intercity-rail-km_tianjin_")
    page.click("#ind-cite-jump")  # the link beside the CSV download leads here, without re-rendering the page
    expect(page).to_have_url(re.compile(r"#ind-cite$"))
    expect(page.locator("#ind-cite-heading")).to_be_in_viewport()
    page.locator("#ind-cite").screenshot(path=str(screenshots / "indicator-cite-en.png"))
    with page.expect_download() as info:
        page.click("#ind-cite-bib")
    assert info.value.suggested_filename == "hsr-intercity-rail-km-tianjin.bib"
    body = page.request.get(live_server + page.locator("#ind-cite-bib").get_attribute("href")).text()
    assert body == page.locator("#ind-cite-bibtex").text_content()
    text = page.request.get(live_server + page.locator("#ind-cite-cite-txt").get_attribute("href"))
    assert text.ok and text.text().strip() == cite.text_content()
    assert console_errors == []


def test_switch_embed_and_image_work_from_the_keyboard(page, live_server, console_errors):
    open_page(page, live_server + HSR + "&lang=en")
    page.focus("#ind-png")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "hsr-intercity-rail-km-tianjin.png"
    page.focus("#ind-embed")
    page.keyboard.press("Enter")
    expect(page.locator("#ind-embed-code")).to_be_visible()
    page.focus("#ind-view input[value=chart]")
    page.keyboard.press("ArrowRight")  # radios move with the arrow keys
    expect(page).to_have_url(re.compile(r"view=table"))
    expect(page.locator("#ind-table")).to_be_visible()
    assert console_errors == []
