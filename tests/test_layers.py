"""The seams between the layers, checked on the source: data flows catalog → etl → db → dashboard,
and each layer imports only what its concern needs."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tools.import_graph import imports

ROOT = Path(__file__).resolve().parent.parent


def modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in files:
        bad = sorted(m for m in imports(path) if any(m == f or m.startswith(f + ".") for f in forbidden))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_the_import_reader_sees_relative_and_absolute_imports():
    found = imports(ROOT / "dashboard" / "views" / "guard.py")
    assert "db.errors.UNAVAILABLE" in found and "dashboard.i18n" in found


def test_db_speaks_rows_only_no_http_no_cli_no_dashboard():
    assert offenders(modules("db"), ("flask", "werkzeug", "dash", "typer", "rich", "click", "etl",
                                     "dashboard")) == {}


def test_nothing_below_the_command_line_imports_it():
    assert offenders(modules("etl", "db"), ("cli",)) == {}
    assert offenders(modules("dashboard"), ("cli",)) == {}


def test_the_jjj_entry_point_is_the_cli_package():
    import tomllib
    from importlib import import_module
    target = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["jjj"]
    module, _, function = target.partition(":")
    assert module.split(".")[0] == "cli" and callable(getattr(import_module(module), function))


def test_etl_never_imports_the_dashboard():
    assert offenders(modules("etl"), ("dashboard", "flask", "dash")) == {}


def test_views_and_routes_catch_database_errors_through_db_errors():
    assert offenders(modules("dashboard"), ("sqlalchemy.exc",)) == {}


def test_the_dashboard_takes_its_words_from_vocab_not_from_etl():
    used = {m for found in offenders(modules("dashboard"), ("etl",)).values() for m in found}
    # the method's numbers (thresholds, the summary the method page states) and the run log's reader
    allowed = {"etl.progress", "etl.progress.NO_TARGET_THRESHOLDS", "etl.progress.TARGET_THRESHOLDS",
               "etl.progress.method_summary", "etl.runlog", "etl.runlog.load_runs"}
    assert used <= allowed, used - allowed


@pytest.mark.parametrize("name", ["vocab.py", "paths.py"])
def test_shared_modules_need_only_the_standard_library(name):
    assert {m.split(".")[0] for m in imports(ROOT / name)} <= set(sys.stdlib_module_names) | {"__future__"}
