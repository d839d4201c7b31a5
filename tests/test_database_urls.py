"""DATABASE_URL and --db that cannot work: one line naming the URL (password masked) and what is wrong."""
from __future__ import annotations

from pathlib import Path

import pytest

from db.engine import DatabaseConfigError, database_url, mask_password
from tests.inprocess import jjj
from tests.minicatalog import write_mini_catalog


@pytest.mark.parametrize("url,message", [
    ("postgresql://x:secret@host:notaport/db",
     "DATABASE_URL postgresql://x:***@host:notaport/db cannot be read: the port 'notaport' is not a number"),
    ("postgresql://[::1", "DATABASE_URL postgresql://[::1 cannot be read: an IPv6 host has no closing ]"),
    ("sqlite://", "DATABASE_URL sqlite:// names no file: use sqlite:////absolute/path/jjj.db"),
    ("sqlite:///", "DATABASE_URL sqlite:/// names no file"),
    ("sqlite:////proc/jjj.db", "SQLite database /proc/jjj.db: /proc is a virtual filesystem"),
    ("sqlite:////nonexistent-jjj/dir/jjj.db",
     "SQLite database /nonexistent-jjj/dir/jjj.db: the folder /nonexistent-jjj/dir does not exist (create it first)"),
])
def test_a_url_that_cannot_work_is_one_clear_error(monkeypatch, url, message):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(DatabaseConfigError) as info:
        database_url()
    assert str(info.value).startswith(message), str(info.value)
    assert "secret" not in str(info.value)


def test_a_path_under_a_regular_file_or_at_a_folder(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(DatabaseConfigError, match=f"{tmp_path / 'plain'} is a file, not a folder"):
        database_url(tmp_path / "plain" / "jjj.db")
    with pytest.raises(DatabaseConfigError, match="that is a folder, not a database file"):
        database_url(tmp_path)


def test_only_the_default_data_folder_may_be_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("JJJ_DB", raising=False)
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'jjj.db'}"
    with pytest.raises(DatabaseConfigError, match="does not exist"):
        database_url(Path("elsewhere") / "jjj.db")


def test_socket_postgres_urls_are_accepted(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres:///jjj")
    assert database_url() == "postgresql+psycopg:///jjj"


def test_masking_works_on_urls_that_do_not_parse():
    assert mask_password("postgresql://u:p@ss:word@[::1") == "postgresql://u:***@[::1"


def test_the_cli_creates_no_folder_and_prints_one_line(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    target = tmp_path / "missing" / "dir" / "jjj.db"
    done = jjj("build", "--catalog", str(entry), DATABASE_URL=f"sqlite:///{target}")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"jjj: SQLite database {target}: the folder {target.parent} does not exist " \
                                  "(create it first)"
    assert not (tmp_path / "missing").exists()


def test_refresh_against_an_unreachable_server_is_one_line_in_the_summary(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    done = jjj("refresh", "--catalog", str(entry), DATABASE_URL="postgresql://nobody:secret@127.0.0.1:1/none")
    assert done.returncode == 1
    assert "cannot use the database postgresql+psycopg://nobody:***@127.0.0.1:1/none: connection failed" in done.stderr
    assert "Traceback" not in done.stderr and "secret" not in done.stderr
