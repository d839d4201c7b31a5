"""notebooks/explore.ipynb: stored without outputs, and runs against a built database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.conftest import tampered_copy

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def execute(monkeypatch, db_path: Path) -> nbformat.NotebookNode:
    monkeypatch.setenv("JJJ_DB", str(db_path))  # the kernel inherits the environment
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_notebook_runs_charts_the_target_and_reproduces_the_dashboard_number(monkeypatch, built_db):
    nb = execute(monkeypatch, built_db)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    (figure,) = [o["data"]["application/vnd.plotly.v1+json"] for o in outputs
                 if "application/vnd.plotly.v1+json" in o.get("data", {})]
    with sqlite3.connect(built_db) as conn:
        target = conn.execute("select target_year, value from targets where indicator_id = "
                              "'hsr-intercity-rail-km' and region_id = 'tianjin' and target_year = 2030").fetchone()
    stars = [t for t in figure["data"] if t.get("marker", {}).get("symbol") == "star"]
    assert [(s["x"][0], s["y"][0]) for s in stars] == [target]


def test_notebook_assertion_fails_when_the_dashboard_number_differs(monkeypatch, built_db, tmp_path):
    """The reproduction is a real check: a progress table that disagrees stops the notebook."""
    path = tampered_copy(built_db, tmp_path, ("update progress set current_value = current_value + 1 where "
                                              "indicator_id = 'container-throughput' and region_id = 'tianjin-port'",))
    with pytest.raises(CellExecutionError, match="AssertionError"):
        execute(monkeypatch, path)
