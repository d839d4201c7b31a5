"""A page's Dash component tree written as plain HTML, for the first paint (dashboard/first_paint.py).

The browser can show this HTML, and draw its charts with plotly.js alone, before React and Dash's
renderer have run; Dash's own page then takes its place. So the markup mirrors what Dash 4's components
render in the browser (the same elements and classes, hence the same boxes under the same CSS), with
three differences: no `id` and nothing that points at one (the live page keeps those, unique), form
controls that do nothing (the first paint is inert), and each dcc.Graph left as an empty slot whose
figure is returned beside the HTML for plotly.js to draw.

Text is always escaped: what a document says is shown as text, never as markup. A component or a prop
this module does not know raises Unsupported, so a page that gains one gets no first paint (the page
itself is unaffected) and tests/test_static_html.py names what to add.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from numbers import Number
from pathlib import Path

import dash
from dash.development.base_component import Component

HTML, DCC, DBC = "dash_html_components", "dash_core_components", "dash_bootstrap_components"
FIGURE_SLOT = "data-first-paint-figure"  # the attribute of a chart's slot: the index of its figure

# React prop → HTML attribute, for the props html.* components take besides children
_ATTRIBUTES = {
    "className": "class", "title": "title", "role": "role", "href": "href", "src": "src", "alt": "alt",
    "width": "width", "height": "height", "lang": "lang", "dir": "dir", "hidden": "hidden", "open": "open",
    "target": "target", "rel": "rel", "type": "type", "download": "download", "colSpan": "colspan",
    "rowSpan": "rowspan", "scope": "scope", "dateTime": "datetime", "value": "value", "rows": "rows",
    "readOnly": "readonly", "loading": "loading", "name": "name", "start": "start", "cite": "cite",
}
# props that do not show (React's bookkeeping, Dash's events) or that name an id: left out
_DROPPED = frozenset({"id", "key", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state",
                      "setProps", "tabIndex", "htmlFor", "accessKey", "draggable", "contentEditable",
                      "spellCheck", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                      "aria-activedescendant", "data-dash-is-loading"})
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# CSS properties React writes without "px" after a number
_UNITLESS = frozenset({"flex", "flexGrow", "flexShrink", "opacity", "zIndex", "fontWeight", "lineHeight",
                       "order", "zoom", "orphans", "widows", "tabSize", "columnCount", "fillOpacity"})
_CAMEL = re.compile(r"(?<!^)([A-Z])")


class Unsupported(ValueError):
    """A component type or prop the first paint cannot write: that page is served without one."""


@dataclass
class StaticPage:
    html: str
    figures: list[dict] = field(default_factory=list)  # each chart's {"figure", "config"}, by slot index
    first_chart_end: int | None = None  # where the first chart's markup ends in `html` (None: no chart)


def render(tree) -> StaticPage:
    """The HTML of `tree` (a component, a list of them, text or None) and the figures of its charts."""
    page = StaticPage("")
    out: list[str] = []
    _write(tree, out, page)
    page.html = "".join(out)
    return page


def _write(node, out: list[str], page: StaticPage) -> None:
    if node is None or isinstance(node, bool):  # React shows neither None nor booleans
        return
    if isinstance(node, (list, tuple)):
        for child in node:
            _write(child, out, page)
        return
    if isinstance(node, str):
        out.append(escape(node, quote=False))
        return
    if isinstance(node, Number):
        out.append(escape(str(node), quote=False))
        return
    if not isinstance(node, Component):
        raise Unsupported(f"cannot write {type(node).__name__} as HTML")
    writer = _WRITERS.get((node._namespace, node._type))
    if writer is None and node._namespace == HTML:
        writer = _html_element
    if writer is None:
        raise Unsupported(f"no first paint for {node._namespace}.{node._type}")
    writer(node, out, page)


def _props(component: Component) -> dict:
    """The props given to `component` (None means not given, as in Dash's JSON)."""
    wildcards = sorted(k for k in vars(component) if k.startswith(("data-", "aria-")))  # set in no fixed order
    named = [*component._prop_names, *wildcards]
    return {name: value for name in named
            if (value := getattr(component, name, None)) is not None and name != "children"}


def _style(style: dict) -> str:
    parts = []
    for name, value in style.items():
        css_name = name if name.startswith("--") else _CAMEL.sub(r"-\1", name).lower()
        if isinstance(value, Number) and not isinstance(value, bool) and name not in _UNITLESS and value != 0:
            value = f"{value}px"
        parts.append(f"{css_name}: {value}")
    return "; ".join(parts)


def _attributes(attributes: dict) -> str:
    """` name="value"` for each attribute: values escaped, True written bare, False and None left out."""
    written = []
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        written.append(f" {name}" if value is True else f' {name}="{escape(str(value), quote=True)}"')
    return "".join(written)


def _element(tag: str, attributes: dict, children, out: list[str], page: StaticPage) -> None:
    out.append(f"<{tag}{_attributes(attributes)}>")
    if tag in _VOID:
        return
    _write(children, out, page)
    out.append(f"</{tag}>")


def _html_element(component: Component, out: list[str], page: StaticPage) -> None:
    attributes = {}
    for name, value in _props(component).items():
        if name in _DROPPED:
            continue
        if name == "style":
            attributes["style"] = _style(value)
        elif name in _ATTRIBUTES:
            attributes[_ATTRIBUTES[name]] = value
        elif name.startswith(("aria-", "data-")):
            attributes[name] = value if isinstance(value, str) else str(value).lower()
        else:
            raise Unsupported(f"html.{component._type}: no first paint for the prop {name!r}")
    _element(component._type.lower(), attributes, component.children, out, page)


def _only(component: Component, known: set[str]) -> dict:
    """The component's props, after checking it has none this module cannot show faithfully."""
    props = _props(component)
    unknown = set(props) - known - _DROPPED
    if unknown:
        raise Unsupported(f"{component._type}: no first paint for the props {sorted(unknown)}")
    return props


def _add_style(attributes: dict, props: dict) -> None:
    """The component's `style` prop, if given, as the element's style attribute."""
    if props.get("style"):
        attributes["style"] = _style(props["style"])


def _classes(*names) -> str | None:
    return " ".join(n for n in names if n) or None


# --- dash_core_components -------------------------------------------------------------------------

def _nothing(component: Component, out: list[str], page: StaticPage) -> None:
    """dcc.Location, dcc.Store: nothing to see."""


def _link(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"href", "className", "title", "target", "refresh"})
    _element("a", {"class": props.get("className"), "href": props.get("href"), "title": props.get("title"),
                   "target": props.get("target")}, component.children, out, page)


def _graph(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"figure", "config", "style", "className", "responsive"})
    figure = props.get("figure") or {}
    page.figures.append({"figure": figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure,
                         "config": props.get("config") or {}})
    outer = {"class": _classes("dash-graph", props.get("className")),
             "style": _style(props.get("style") or {"height": "100%"})}
    out.append(f"<div{_attributes(outer)}>"
               f'<div></div><div {FIGURE_SLOT}="{len(page.figures) - 1}" style="height: 100%; width: 100%;">'
               "</div></div>")
    if page.first_chart_end is None:
        page.first_chart_end = sum(map(len, out))


def _option_labels(options) -> list[tuple[object, object]]:
    """(value, label) of a dcc options prop in any of its three shapes."""
    if isinstance(options, dict):
        return list(options.items())
    pairs = []
    for option in options or ():
        if isinstance(option, dict):
            pairs.append((option.get("value"), option.get("label")))
        else:
            pairs.append((option, str(option)))
    return pairs


def _radio_items(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"options", "value", "className", "inline", "labelClassName", "inputClassName"})
    # not the live group's name: the two groups must not interact
    name = f"first-paint-{getattr(component, 'id', len(out))}"
    group = {"class": _classes("dash-options-list dash-radioitems", props.get("className")), "role": "radiogroup"}
    out.append(f"<div{_attributes(group)}>")
    for index, (value, label) in enumerate(_option_labels(props.get("options"))):
        chosen = value == props.get("value")
        option = {"class": _classes("dash-options-list-option", "selected" if chosen else None,
                                    "dash-radioitems-inline" if props.get("inline") else None,
                                    props.get("labelClassName")),
                  "data-option-index": index}
        radio = {"type": "radio", "name": name,
                 "class": _classes("dash-options-list-option-checkbox", props.get("inputClassName")),
                 "value": value, "checked": chosen}
        out.append(f'<label{_attributes(option)}><span class="dash-options-list-option-wrapper">'
                   f'<input{_attributes(radio)}></span><span class="dash-options-list-option-text"><span>')
        _write(label, out, page)
        out.append("</span></span></label>")
    out.append("</div>")


@functools.cache
def dropdown_focus_target() -> str:
    """The hidden input dcc's Dropdown writes before its button, in the dcc installed: Dash 4.1 has none."""
    bundle = Path(dash.__file__).parent / "dcc" / "async-dropdown.js"
    has_one = "dash-dropdown-focus-target" in bundle.read_text(encoding="utf-8")
    return '<input class="dash-dropdown-focus-target" tabindex="-1" readonly aria-hidden="true">' if has_one else ""


def _dropdown(component: Component, out: list[str], page: StaticPage) -> None:
    # searchable, optionHeight, maxHeight change the open list only, never the closed box drawn here
    props = _only(component, {"options", "value", "multi", "placeholder", "clearable", "labels", "searchable",
                              "optionHeight", "maxHeight"})
    chosen = props.get("value")
    chosen = ([] if chosen in (None, "") else [chosen]) if not isinstance(chosen, list) else chosen
    labels = dict(_option_labels(props.get("options")))
    words = props.get("labels") or {}
    out.append('<div class="dash-dropdown-wrapper">' + dropdown_focus_target()
               + '<button type="button" class="dash-dropdown " data-state="closed">'
               '<span class="dash-dropdown-grid-container dash-dropdown-trigger">')
    if chosen:
        out.append('<span class="dash-dropdown-value">')
        for value in chosen:
            out.append('<span class="dash-dropdown-value-item"><span>')
            _write(labels.get(value, value), out, page)
            out.append("</span></span>")
        out.append("</span>")
    else:
        out.append('<span class="dash-dropdown-value dash-dropdown-placeholder">')
        _write(props.get("placeholder"), out, page)
        out.append("</span>")
    if len(chosen) > 1:
        count = str(words.get("selected_count", "{num_selected} selected")).replace("{num_selected}", str(len(chosen)))
        out.append(f'<span class="dash-dropdown-value-count">{escape(count, quote=False)}</span>')
    if chosen and props.get("clearable", True):
        out.append('<a class="dash-dropdown-clear"><span class="first-paint-icon"></span></a>')
    # the live chevron is an SVG icon 15 px square: a box of that size keeps every line where it will be
    out.append('<span class="first-paint-icon dash-dropdown-trigger-icon"></span></span></button></div>')


def _textarea(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"value", "className", "readOnly", "rows", "cols", "placeholder", "style"})
    attributes = {"class": _classes("dash-textarea", props.get("className")), "readonly": True,
                  "rows": props.get("rows"), "cols": props.get("cols"), "placeholder": props.get("placeholder")}
    _add_style(attributes, props)
    value = str(props.get("value") or "")
    # the HTML parser drops one newline right after <textarea>: a value starting with one keeps it
    _element("textarea", attributes, "\n" + value if value.startswith("\n") else value, out, page)


# --- dash_bootstrap_components --------------------------------------------------------------------

_BREAKPOINTS = ("xs", "sm", "md", "lg", "xl", "xxl")


def _column_classes(props: dict) -> list[str]:
    classes = []
    for size in _BREAKPOINTS:
        width = props.get(size)
        if width is None:
            continue
        infix = "" if size == "xs" else f"-{size}"
        if isinstance(width, dict):
            raise Unsupported(f"dbc.Col: no first paint for {size}={width!r}")
        classes.append(f"col{infix}" if width is True else f"col{infix}-{width}")
    return classes or ["col"]


def _row(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"className", "style"})
    attributes = {"class": _classes(props.get("className"), "row")}
    _add_style(attributes, props)
    _element("div", attributes, component.children, out, page)


def _col(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"className", "style", *_BREAKPOINTS})
    attributes = {"class": _classes(props.get("className"), *_column_classes(props))}
    _add_style(attributes, props)
    _element("div", attributes, component.children, out, page)


def _container(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"className", "fluid", "style"})
    fluid = props.get("fluid")
    kind = "container" if not fluid else ("container-fluid" if fluid is True else f"container-{fluid}")
    attributes = {"class": _classes(props.get("className"), kind)}
    _add_style(attributes, props)
    _element("div", attributes, component.children, out, page)


def _label(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"html_for", "className"})
    _element("label", {"class": _classes(props.get("className"), "form-label")}, component.children, out, page)


def _alert(component: Component, out: list[str], page: StaticPage) -> None:
    props = _only(component, {"color", "className", "is_open", "dismissable"})
    if props.get("is_open") is False:
        return
    dismissable = bool(props.get("dismissable"))
    classes = _classes("fade", props.get("className"), f"alert alert-{props.get('color', 'success')}",
                       "alert-dismissible" if dismissable else None, "show")
    out.append(f"<div{_attributes({'role': 'alert', 'class': classes})}>")
    if dismissable:  # dbc's close button, before the text; inert here like the rest
        out.append('<button type="button" class="btn-close" aria-label="Close alert"></button>')
    _write(component.children, out, page)
    out.append("</div>")


_WRITERS: dict[tuple[str, str], Callable[[Component, list[str], StaticPage], None]] = {
    (DCC, "Location"): _nothing, (DCC, "Store"): _nothing, (DCC, "Link"): _link, (DCC, "Graph"): _graph,
    (DCC, "RadioItems"): _radio_items, (DCC, "Dropdown"): _dropdown, (DCC, "Textarea"): _textarea,
    (DBC, "Row"): _row, (DBC, "Col"): _col, (DBC, "Container"): _container, (DBC, "Label"): _label,
    (DBC, "Alert"): _alert,
}

__all__ = ["FIGURE_SLOT", "StaticPage", "Unsupported", "render"]
