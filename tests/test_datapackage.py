"""The data package: it describes the CSVs as served, and `frictionless validate` accepts it."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import flask
import pytest

from dashboard import downloads
from db.columns import describe
from db.export import SOURCE_COLUMNS
from db.export_tables import EXPORT_TABLES

FRICTIONLESS_TYPES = {"string", "integer", "number", "boolean"}


@pytest.fixture()
def client(monkeypatch, built_url):
    monkeypatch.setenv("JJJ_DATABASE_URL", built_url)
    app = flask.Flask(__name__)
    app.register_blueprint(downloads.blueprint)
    return app.test_client()


@pytest.fixture()
def package(client) -> dict:
    r = client.get("/download/datapackage.json")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(r.data)


@pytest.fixture()
def package_dir(client, tmp_path) -> Path:
    """The descriptor and its CSVs saved side by side, as a user would download them."""
    for name in ("datapackage.json", *(f"{t}.csv" for t in EXPORT_TABLES)):
        (tmp_path / name).write_bytes(client.get(f"/download/{name}").data)
    return tmp_path


def frictionless(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("frictionless")
    exe = str(exe) if exe.exists() else shutil.which("frictionless")
    assert exe, "frictionless is not installed (pip install frictionless)"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_exported_column_is_described_with_a_frictionless_type():
    for table in EXPORT_TABLES.values():
        for column in describe(table.columns):
            assert column.type in FRICTIONLESS_TYPES and column.description
    kind = describe(SOURCE_COLUMNS, table="sources")[SOURCE_COLUMNS.index("kind")]
    assert kind.description.startswith("Kind of document")


def test_descriptor_matches_the_served_csvs(client, package, built_db):
    import sqlite3
    with sqlite3.connect(built_db) as conn:
        meta = dict(conn.execute("select key, value from meta").fetchall())
        titles = [t for (t,) in conn.execute("select title from documents order by id")]
    assert package["version"] == meta["data_version"] and package["created"] == meta["built_at"]
    assert [s["title"].split(" (")[0] for s in package["sources"]] == titles
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"observations", "targets", "progress"}
    for name, resource in resources.items():
        assert resource["path"] == f"{name}.csv"  # relative: resolves beside the descriptor
        assert resource["encoding"] == "utf-8-sig"
        served = client.get(f"/download/{name}.csv").data.decode("utf-8-sig")
        assert [f["name"] for f in resource["schema"]["fields"]] == next(csv.reader(io.StringIO(served)))
    assert resources["progress"]["schema"]["primaryKey"] == ["indicator_id", "region_id"]
    assert resources["targets"]["schema"]["primaryKey"] == ["key"]
    assert "primaryKey" not in resources["observations"]["schema"]
    fields = {f["name"]: f for f in resources["progress"]["schema"]["fields"]}
    assert fields["observed_rate"]["unit"] == "fraction per year" and fields["current_year"]["type"] == "integer"


def test_frictionless_validate_passes(package_dir):
    result = frictionless("validate", "datapackage.json", cwd=package_dir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_frictionless_validate_catches_a_cell_of_the_wrong_type(package_dir):
    """The check has teeth: a number column holding text fails it."""
    path = package_dir / "progress.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[1][rows[0].index("current_year")] = "last year"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    result = frictionless("validate", "datapackage.json", cwd=package_dir)
    assert result.returncode != 0 and "type-error" in result.stdout + result.stderr
