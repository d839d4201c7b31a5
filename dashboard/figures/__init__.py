"""Figure builders: pure functions from rows (as the queries return them) to plotly figures."""
