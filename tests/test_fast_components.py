"""components/fast.make builds the component Dash's constructor would (same class, attributes and JSON)."""
from __future__ import annotations

import pytest
from dash import dcc, html

from dashboard.components import fast
from dashboard.components.fast import make

CASES = [
    (html.Div, ["a", html.Span("b")], {"className": "card-head"}),
    (html.Div, "", {"className": "card-period"}),
    (html.Article, [None, "x"], {"className": "indicator-card", "data-indicator": "gdp", "data-region": "tianjin"}),
    (dcc.Link, "GDP", {"href": "/indicator/gdp?region=tianjin", "className": "card-title-link"}),
    (html.Img, None, {"src": "data:image/svg+xml,x", "alt": "trend", "className": "sparkline", "width": 120,
                      "height": 32}),
    (html.Li, [], {"className": "evidence-item", "data-key": "k1"}),
    (html.Span, "note", {"lang": "en"}),
    (html.Mark, "2329", {}),
]


@pytest.mark.parametrize("cls, children, props", CASES, ids=[c[0].__name__ for c in CASES])
def test_make_gives_what_the_constructor_gives(cls, children, props):
    fast._common.pop(cls, None)
    fast._checked.difference_update({k for k in fast._checked if k[0] is cls})
    first = make(cls, children, **props)  # learns the class through the real constructor
    again = make(cls, children, **props)
    built = cls(children, **props)
    for made in (first, again):
        assert type(made) is cls
        assert made.to_plotly_json() == built.to_plotly_json()
        assert vars(made) == vars(built)


def test_a_prop_given_once_does_not_stick_to_the_next_one():
    fast._common.pop(html.Div, None)
    fast._checked.difference_update({k for k in fast._checked if k[0] is html.Div})
    make(html.Div, "a", id="first", className="x")
    later = make(html.Div, "b")
    assert later.to_plotly_json() == html.Div("b").to_plotly_json() and not hasattr(later, "id")


def test_a_wrong_prop_name_is_still_refused_the_first_time():
    fast._common.pop(html.Dd, None)
    fast._checked.difference_update({k for k in fast._checked if k[0] is html.Dd})
    with pytest.raises(TypeError, match="unexpected keyword argument: `clasName`"):
        make(html.Dd, "x", clasName="typo")


def test_a_wrong_prop_name_is_refused_after_the_class_was_learned_with_other_props():
    fast._common.pop(html.Dd, None)
    fast._checked.difference_update({k for k in fast._checked if k[0] is html.Dd})
    make(html.Dd, "x", className="right")
    with pytest.raises(TypeError, match="unexpected keyword argument: `clasName`"):
        make(html.Dd, "y", clasName="typo")
