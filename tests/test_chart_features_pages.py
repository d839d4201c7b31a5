"""The chart/table switch, embeds and citations against the database built from the catalog: page
layouts called as functions, the citation downloads and the embed routes' statuses."""
import pytest
from dash import no_update

from dashboard.callbacks import render_header, view_changed
from dashboard.http_status import page_exists

from .test_dashboard_callbacks import find, text_of, walk


@pytest.fixture(scope="module")
def ctx(app):
    with app.server.test_request_context("/", base_url="http://jjj.example"):
        yield app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def test_view_switch_writes_the_url_and_the_default_leaves_it():
    assert view_changed("table", {"region": "tianjin", "view": None}, "?region=tianjin") == "?region=tianjin&view=table"
    assert view_changed("chart", {"view": "table"}, "?view=table&lang=en") == "?lang=en"
    assert view_changed("table", {"view": "table"}, "?view=table") is no_update  # the page as rendered


def test_indicator_page_table_view_holds_the_chart_rows(ctx):
    from dashboard.views.indicator import indicator_layout
    chart = indicator_layout("container-throughput", region="tianjin-port", lang="en")
    table = indicator_layout("container-throughput", region="tianjin-port", view="table", lang="en")
    assert find(chart, "indicator-chart") is not None and find(chart, "ind-table") is None
    assert find(table, "indicator-chart") is None and find(table, "ind-png") is None
    rows = [c for c in walk(find(table, "ind-table")) if type(c).__name__ == "Tr"][1:]
    figure = find(chart, "indicator-chart").figure
    assert len(rows) == sum(len(tr.x) for tr in figure.data if tr.meta not in ("target_line", "required_path"))
    summary = find(chart, "ind-chart-summary").children
    assert summary == ("Container throughput, Port of Tianjin: over 22 M TEU in 2023, over 23.29 M TEU in 2024; "
                       "no target stated")
    assert find(chart, "ind-rendered").data["view"] is None and find(table, "ind-rendered").data["view"] == "table"


def test_bad_view_is_named_and_the_chart_shown(ctx):
    from dashboard.views.indicator import indicator_layout
    page = indicator_layout("container-throughput", region="tianjin-port", view="pie", lang="en")
    assert "view=pie" in text_of(page) and find(page, "indicator-chart") is not None


def test_indicator_page_offers_embed_code_image_spec_and_citation(ctx):
    from dashboard.views.indicator import indicator_layout
    page = indicator_layout("hsr-intercity-rail-km", region="tianjin", lang="en")
    code = find(page, "ind-embed-code").value
    assert code.startswith('<iframe src="http://jjj.example/embed/indicator/hsr-intercity-rail-km?region=tianjin'
                           '&amp;lang=en" title="High-speed and intercity rail length, Tianjin"')
    spec = find(page, "ind-image-spec").data
    assert spec["options"]["filename"] == "hsr-intercity-rail-km-tianjin" and spec["graph"] == "indicator-chart"
    assert "Source: " in spec["layout"]["annotations"][0]["text"]
    cite = find(page, "ind-cite-text").children
    assert "High-speed and intercity rail length, Tianjin [data set]" in cite and "Data version " in cite
    assert "http://jjj.example/indicator/hsr-intercity-rail-km?region=tianjin&lang=en" in cite
    assert find(page, "ind-cite-bib").href == "/download/indicator/hsr-intercity-rail-km.bib?region=tianjin&lang=en"


def test_compare_page_table_and_embed(ctx):
    from dashboard.views.compare import compare_layout
    series = "container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin"
    page = compare_layout(lang="en", series=series, mode="indexed", view="table")
    header = [c.children for c in walk(find(page, "cmp-table")) if type(c).__name__ == "Th"]
    assert header == ["Series", "Period", "Index", "Value", "Qualifier", "Source document"]
    code = find(page, "cmp-embed-code").value
    assert ("/embed/compare?series=container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin"
            "&amp;mode=indexed") in code


def test_embeds_are_the_chart_alone_and_unknown_ids_are_404(ctx, client):
    from dashboard.views.embed import embed_compare_layout, embed_indicator_layout
    embed = embed_indicator_layout("hsr-intercity-rail-km", region="tianjin", lang="en")
    assert find(embed, "emb-chart") is not None and find(embed, "ind-region") is None
    assert find(embed, "emb-link").href == "/indicator/hsr-intercity-rail-km?region=tianjin&lang=en"
    assert find(embed, "emb-link").target == "_blank"
    assert "Source: " in find(embed, "emb-source").children
    assert find(embed_compare_layout(lang="zh"), "emb-chart") is not None
    assert render_header("/embed/compare", "?lang=en") is None
    assert render_header("/compare", "?lang=en") is not None
    assert client.get("/embed/indicator/hsr-intercity-rail-km?region=tianjin").status_code == 200
    assert client.get("/embed/compare?lang=en").status_code == 200
    assert client.get("/embed/indicator/no-such-indicator").status_code == 404
    assert client.get("/embed/nothing").status_code == 404
    ids = {"x"}
    assert page_exists("/embed/indicator/x", lambda: ids) and not page_exists("/embed/indicator/y", lambda: ids)


def test_citation_downloads(client):
    bib = client.get("/download/indicator/hsr-intercity-rail-km.bib?region=tianjin&lang=en")
    assert bib.status_code == 200 and bib.mimetype == "application/x-bibtex"
    assert 'filename="hsr-intercity-rail-km-tianjin.bib"' in bib.headers["Content-Disposition"]
    body = bib.get_data(as_text=True)
    assert body.startswith("@misc{jjj_hsr-intercity-rail-km_tianjin_") and "urldate = {" in body
    text = client.get("/download/indicator/hsr-intercity-rail-km.cite.txt?lang=zh")  # the default region
    assert text.status_code == 200 and text.mimetype == "text/plain"
    assert "高铁、城际铁路里程" in text.get_data(as_text=True) and "访问日期：" in text.get_data(as_text=True)
    assert client.get("/download/indicator/no-such.bib").status_code == 404
    for bad in ("region=atlantis", "lang=fr", "colour=red"):
        response = client.get(f"/download/indicator/hsr-intercity-rail-km.bib?{bad}")
        assert response.status_code == 400 and bad.split("=")[0] in response.get_data(as_text=True)


def test_the_data_sets_citation_goes_with_every_download(ctx, client):
    from dashboard.views.data_table import data_layout
    page = data_layout(lang="en")
    assert find(page, "data-cite-bib").href == "/download/dataset.bib?lang=en"
    bib = client.get("/download/dataset.bib?lang=en").get_data(as_text=True)
    assert bib.startswith("@misc{jjj_dataset_") and "statements, targets and progress" in bib
    text = client.get("/download/dataset.cite.txt").get_data(as_text=True)
    assert text.startswith("京津冀协同发展指标（") and "/data（访问日期：" in text
    assert text.count("《") >= 5  # every document the data set draws on
    assert client.get("/download/dataset.bib?region=x").status_code == 400
    assert client.get("/download/dataset.json").status_code == 404


def test_the_modebars_camera_names_the_file_too(ctx):
    from dashboard.views.indicator import indicator_layout
    graph = find(indicator_layout("hsr-intercity-rail-km", region="tianjin", lang="zh"), "indicator-chart")
    assert graph.config["toImageButtonOptions"] == {"filename": "hsr-intercity-rail-km-tianjin"}
