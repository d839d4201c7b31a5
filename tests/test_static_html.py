"""dashboard/static_html.py writes a Dash component tree as the HTML Dash 4's components render: text
escaped, no ids, inert controls, charts as slots with their figures beside; anything it does not know
is refused by name rather than written wrong."""
from __future__ import annotations

import html as html_lib

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
import pytest
from dash import dcc, html

from dashboard import first_layout, static_html
from dashboard.components import fast
from dashboard.static_html import Unsupported, render

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def test_text_from_documents_is_written_as_text_never_as_markup():
    out = render(html.Div([html.P(HOSTILE), html.Span(2329)], title=HOSTILE)).html
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in out
    assert 'title="&lt;script&gt;alert(&quot;x&quot;)' in out  # quotes cannot end the attribute
    assert "<span>2329</span>" in out


def test_ids_and_what_points_at_them_are_left_out_the_rest_is_kept():
    out = render(html.Div([
        html.Label("Region", htmlFor="ind-region", id="lbl"),
        html.Div("x", id="box", className="a b", role="group", **{"aria-label": "Pages", "aria-labelledby": "lbl",
                                                                   "data-kind": "card"}),
        html.Main("m", id="main-content", tabIndex="-1"),
        html.Button("Go", id="go", n_clicks=3, type="button"),
    ])).html
    assert "id=" not in out and " for=" not in out and "aria-labelledby" not in out and "tabindex" not in out
    assert out == ('<div><label>Region</label><div class="a b" role="group" aria-label="Pages" data-kind="card">x</div>'
                   '<main>m</main><button type="button">Go</button></div>')


def test_styles_are_written_as_react_writes_them():
    out = render(html.Div(style={"marginTop": 4, "opacity": 0.5, "height": "100%", "zIndex": 2, "padding": 0})).html
    assert out == '<div style="margin-top: 4px; opacity: 0.5; height: 100%; z-index: 2; padding: 0"></div>'


def test_void_elements_and_booleans():
    out = render([html.Img(src="/a.png", alt="a", width=10), html.Details("d", open=True),
                  html.Details("e", open=False)]).html
    assert out == '<img alt="a" src="/a.png" width="10"><details open>d</details><details>e</details>'


def test_fast_components_write_like_constructed_ones():
    made = render(fast.make(html.Article, ["t", html.Span("s")], className="card")).html
    assert made == render(html.Article(["t", html.Span("s")], className="card")).html
    assert made == '<article class="card">t<span>s</span></article>'


def test_a_chart_is_a_slot_and_its_figure_is_returned_beside_it():
    figure = go.Figure(go.Bar(x=["a"], y=[1]), layout={"height": 300})
    page = render(html.Div([dcc.Graph(id="g1", figure=figure, config={"displaylogo": False}, style={"height": "300px"}),
                            dcc.Graph(id="g2", figure={"data": [], "layout": {}})]))
    assert page.html.count(f'{static_html.FIGURE_SLOT}="0"') == 1 and f'{static_html.FIGURE_SLOT}="1"' in page.html
    assert '<div class="dash-graph" style="height: 300px">' in page.html
    assert page.figures[0]["config"] == {"displaylogo": False}
    assert page.figures[0]["figure"]["layout"]["height"] == 300
    assert list(page.figures[0]["figure"]["data"][0]["y"]) == [1]
    assert page.figures[1] == {"figure": {"data": [], "layout": {}}, "config": {}}


def test_a_dropdown_shows_its_chosen_labels_or_its_placeholder():
    options = [{"label": "天津市", "value": "tianjin"}, {"label": "A & B", "value": "ab"}]
    single = render(dcc.Dropdown(id="r", options=options, value="tianjin", clearable=False)).html
    assert '<span class="dash-dropdown-value-item"><span>天津市</span></span>' in single
    assert "dash-dropdown-clear" not in single and "dash-dropdown-value-count" not in single
    many = render(dcc.Dropdown(id="s", options=options, value=["tianjin", "ab"], multi=True,
                               labels={"selected_count": "已选 {num_selected} 项"})).html
    assert "A &amp; B" in many and '<span class="dash-dropdown-value-count">已选 2 项</span>' in many
    assert "dash-dropdown-clear" in many
    empty = render(dcc.Dropdown(id="t", options=options, placeholder="全部")).html
    assert '<span class="dash-dropdown-value dash-dropdown-placeholder">全部</span>' in empty


def test_radio_items_check_the_chosen_option_in_a_group_of_their_own():
    options = [{"label": "Chart", "value": "chart"}, {"label": "Table", "value": "table"}]
    out = render(dcc.RadioItems(id="mode", options=options, value="table", inline=True)).html
    assert out.count('name="first-paint-mode"') == 2  # never the live group's name
    assert 'value="table" checked' in out and 'value="chart" checked' not in out
    assert out.count("dash-radioitems-inline") == 2


def test_bootstrap_layout_components_get_bootstraps_classes():
    out = render(dbc.Container(dbc.Row([dbc.Col("a", xs=12, lg=8), dbc.Col("b")], className="g-2"), fluid=True,
                               className="page-body")).html
    assert out == ('<div class="page-body container-fluid"><div class="g-2 row"><div class="col-12 col-lg-8">a</div>'
                   '<div class="col">b</div></div></div>')
    assert render(dbc.Alert("note", color="info", className="view-notice", id="n")).html == \
        '<div role="alert" class="fade view-notice alert alert-info show">note</div>'


@pytest.mark.parametrize("component", [
    dcc.Slider(0, 10, id="s"),
    html.Iframe(sandbox="allow-scripts"),
    dbc.Col("x", width={"size": 6, "offset": 1}),
    object(),
], ids=["unknown component", "unknown prop", "unsupported value", "not a component"])
def test_what_it_cannot_write_faithfully_is_refused_by_name(component):
    with pytest.raises(Unsupported):
        render(html.Div(["before", component]))


def _texts(node) -> list[str]:
    """Every text a layout shows (its children strings; dropdown and radio labels are checked apart)."""
    if isinstance(node, (list, tuple)):
        return [text for child in node for text in _texts(child)]
    if isinstance(node, str):
        return [node]
    return _texts(getattr(node, "children", None)) if hasattr(node, "_type") else []


@pytest.mark.parametrize("address", [("/", ""), ("/", "?lang=en"),
                                     ("/indicator/hsr-intercity-rail-km", "?region=tianjin&lang=zh"),
                                     ("/indicator/container-throughput", "?region=tianjin-port&lang=en"),
                                     ("/compare", "?lang=en"), ("/compare", "?view=table")])
def test_every_chart_page_is_written_whole_with_every_text_it_shows(app, address):
    with app.server.test_request_context(address[0] + address[1]):
        tree = first_layout.rendered(address)
    page = render(tree)
    assert len(page.figures) == (0 if "view=table" in address[1] else 1)
    unescaped = html_lib.unescape(page.html)
    missing = [text for text in _texts(tree) if text.strip() and text not in unescaped]
    assert not missing, missing[:5]
    assert " id=" not in page.html


def test_a_dismissable_notice_gets_bootstraps_close_button_and_odd_values_write_as_react_does():
    out = render(dbc.Alert("unknown parameter", color="warning", dismissable=True)).html
    assert out == ('<div role="alert" class="fade alert alert-warning alert-dismissible show">'
                   '<button type="button" class="btn-close" aria-label="Close alert"></button>unknown parameter</div>')
    assert render(html.Div([True, False, None, 0])).html == "<div>0</div>"
    assert render(dcc.Textarea(value="\nfirst line")).html.startswith("<textarea class=\"dash-textarea\" readonly>\n\n")
    assert 'name="first-paint-' in render(dcc.RadioItems(options=["a"], value="a")).html  # no id: still a group
