"""The callback-throughput floor: a trivial Dash 4 app, one callback returning a 1,000-point figure.

gunicorn runs it with the dashboard's own settings (dashboard/gunicorn_conf.py, paths.GUNICORN_CONFIG),
`bench/load.py` replays the callback its page sends, exactly as it replays the dashboard's:

    gunicorn --chdir bench 'trivial_app:create_server()'
"""
from __future__ import annotations

import math

import numpy  # noqa: F401  plotly imports it lazily; threads racing that first import fail (the dashboard has it via pandas)
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

POINTS = 1_000


def figure(n: int = POINTS) -> go.Figure:
    xs = list(range(n))
    return go.Figure(go.Scatter(x=xs, y=[math.sin(x / 50) * 100 + x / 10 for x in xs], mode="lines"))


def create_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Location(id="url"), dcc.Graph(id="chart")])

    @app.callback(Output("chart", "figure"), Input("url", "pathname"))
    def draw(_pathname):
        return figure()

    return app


def create_server():
    app = create_app()
    # Dash 4 registers the scripts it may serve while rendering the index page: a worker that has not
    # rendered it answers 500 to a script the page (served by the other worker) asks for, and the chart
    # never draws. Render it once per process, as the dashboard does (dashboard/app.py, _register_scripts).
    with app.server.test_client() as client:
        client.get("/")
    return app.server
