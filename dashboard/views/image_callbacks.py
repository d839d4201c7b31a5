"""The PNG/SVG buttons: a clientside callback (assets/chart_image.js) draws the image in the browser,
so no server-side renderer is needed and the image is the chart the reader sees."""
from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

IMAGE_PREFIXES = ("ind", "cmp")


def register_image_downloads(app: Dash) -> None:
    for prefix in IMAGE_PREFIXES:
        # the output records the last image made ("png:2"): something for tests to wait on
        app.clientside_callback(ClientsideFunction("jjjImage", "download"), Output(f"{prefix}-image-done", "data"),
                                Input(f"{prefix}-png", "n_clicks"), Input(f"{prefix}-svg", "n_clicks"),
                                State(f"{prefix}-image-spec", "data"), prevent_initial_call=True)
