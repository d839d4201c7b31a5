"""Reads cached per data version: the key is the function, its keyword arguments, the database and the
data version; the version is known from a stat of the SQLite file while it is the same file."""
from __future__ import annotations

import os
import shutil

import pytest

from dashboard import versioned_cache
from dashboard.versioned_cache import cache_token, per_data_version, quick_token, versioned_connection
from db.engine import sqlite_url
from tests.conftest import tampered_copy


def test_the_token_is_remembered_for_the_file_it_was_read_from(built_db, tmp_path):
    path = tmp_path / "live.db"
    shutil.copy(built_db, path)
    url = sqlite_url(path)
    assert quick_token(url) is None  # never read in this process
    with versioned_connection(url) as (conn, token):
        assert token == cache_token(conn) and "@" in token
    assert quick_token(url) == token
    (tmp_path / "next").mkdir()
    os.replace(tampered_copy(built_db, tmp_path / "next", ("update meta set value = 'v2' where key = 'data_version'",)),
               path)
    assert quick_token(url) is None  # another file: it must be read again
    with versioned_connection(url) as (_conn, new_token):
        assert new_token.startswith("v2@")
    assert quick_token(url) == new_token


def test_a_file_that_changes_during_the_read_is_not_remembered(monkeypatch, built_db, tmp_path):
    path = tmp_path / "live.db"
    shutil.copy(built_db, path)
    url = sqlite_url(path)
    (tmp_path / "next").mkdir()
    replacement = tampered_copy(built_db, tmp_path / "next",
                                ("update meta set value = 'v2' where key = 'data_version'",))

    def read_then_swap(conn):
        token = cache_token(conn)
        os.replace(replacement, path)  # a build swaps its file in while the version is being read
        return token

    monkeypatch.setattr(versioned_cache, "cache_token", read_then_swap)
    with versioned_connection(url) as (_conn, token):
        assert not token.startswith("v2@")
    assert quick_token(url) is None  # the old file's token must not be filed under the new file


def test_a_missing_file_and_postgresql_have_no_quick_token(tmp_path):
    assert quick_token(sqlite_url(tmp_path / "absent.db")) is None
    assert quick_token("postgresql+psycopg://user:pw@127.0.0.1:1/none") is None


def _counting(calls: list):
    """A read that records each time it really runs (with the data version it saw)."""
    @per_data_version
    def version_and(conn, *, extra=None):
        calls.append(extra)
        return (cache_token(conn).split("@")[0], extra)
    return version_and


def test_a_read_runs_once_per_version_and_keyword_arguments(monkeypatch, built_db, tmp_path):
    path = tmp_path / "live.db"
    shutil.copy(built_db, path)
    monkeypatch.setenv("JJJ_DATABASE_URL", sqlite_url(path))
    calls: list = []
    read = _counting(calls)
    first = read(extra="a")
    assert read(extra="a") is first and calls == ["a"]  # the second call is a hit: the same object
    assert read(extra="b") == (first[0], "b") and calls == ["a", "b"]  # other arguments, another key
    (tmp_path / "next").mkdir()
    os.replace(tampered_copy(built_db, tmp_path / "next", ("update meta set value = 'v2' where key = 'data_version'",)),
               path)
    assert read(extra="a") == ("v2", "a") and calls == ["a", "b", "a"]  # a new version computes again


def test_two_reads_with_the_same_arguments_do_not_share_a_key(monkeypatch, built_db):
    monkeypatch.setenv("JJJ_DATABASE_URL", sqlite_url(built_db))
    calls_one, calls_other = [], []
    _counting(calls_one)(extra="x")
    _counting(calls_other)(extra="x")
    assert calls_one == ["x"] and calls_other == ["x"]  # each function computed its own value


def test_a_read_takes_keyword_arguments_only(monkeypatch, built_db):
    monkeypatch.setenv("JJJ_DATABASE_URL", sqlite_url(built_db))
    with pytest.raises(TypeError):
        _counting([])("x")
