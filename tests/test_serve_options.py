"""`jjj serve`'s options reach gunicorn and the download cap (no server is started here)."""
from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from cli.main import app
from etl import build as build_module


@pytest.fixture()
def execs(monkeypatch):
    """The argv `jjj serve` would exec, captured instead of run."""
    calls = []
    monkeypatch.setattr(os, "execv", lambda path, argv: calls.append(argv))
    monkeypatch.setattr(build_module, "needs_build", lambda catalog, url: None)
    monkeypatch.delenv("JJJ_MAX_EXPORTS", raising=False)
    monkeypatch.delenv("JJJ_DATABASE_URL", raising=False)
    yield calls
    os.environ.pop("JJJ_MAX_EXPORTS", None)  # serve sets them for gunicorn; this process must not keep them
    os.environ.pop("JJJ_DATABASE_URL", None)


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_defaults_give_each_worker_16_threads_and_4_download_slots(execs, built_db):
    result = CliRunner().invoke(app, ["serve", "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    (argv,) = execs
    assert option(argv, "--threads") == "16" and option(argv, "--workers") == "2"
    assert os.environ["JJJ_MAX_EXPORTS"] == "4"


def test_threads_and_max_exports_are_options(execs, built_db):
    result = CliRunner().invoke(app, ["serve", "--db", str(built_db), "--threads", "32", "--max-exports", "8"])
    assert result.exit_code == 0, result.output
    assert option(execs[0], "--threads") == "32" and os.environ["JJJ_MAX_EXPORTS"] == "8"


def test_downloads_may_not_take_every_thread(execs, built_db):
    result = CliRunner().invoke(app, ["serve", "--db", str(built_db), "--threads", "4", "--max-exports", "4"])
    assert result.exit_code != 0 and execs == []
    assert "--max-exports" in result.output


def test_gunicorn_reads_the_dashboards_settings_module(execs, built_db):
    """`jjj serve` passes gunicorn the settings module; every name in it is a gunicorn setting (a typo
    would be ignored by gunicorn without a word) and the worker timeout outlasts a slow first request."""
    import gunicorn.config

    from dashboard import gunicorn_conf
    from paths import GUNICORN_CONFIG
    result = CliRunner().invoke(app, ["serve", "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    assert option(execs[0], "--config") == GUNICORN_CONFIG == f"python:{gunicorn_conf.__name__}"
    names = {n for n in vars(gunicorn_conf) if not n.startswith("_")}
    assert names and names <= set(gunicorn.config.Config().settings)
    assert gunicorn_conf.timeout > 30 and gunicorn_conf.keepalive >= 2
