"""A data directory that cannot be written (read-only, someone else's, full): one clear message naming it,
exit 1, never an OSError traceback from the lock or the run log (issue 12, item 6)."""
from __future__ import annotations

import errno
import os

import pytest
from typer.testing import CliRunner

from cli.main import app
from etl.lock import RefreshLock
from tests.minicatalog import write_mini_catalog


def jjj(*args):
    return CliRunner().invoke(app, list(args))


def assert_one_clear_message(result, folder, why):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"cannot write in the data directory {folder}: {why}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder anyway")
@pytest.mark.parametrize("command", ["build", "refresh", "rollback"])
def test_a_read_only_data_directory_is_one_clear_message(tmp_path, command):
    entry = write_mini_catalog(tmp_path / "cat")
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    try:
        result = jjj(command, "--catalog", str(entry), "--db", str(data / "jjj.db"))
    finally:
        data.chmod(0o755)
    assert_one_clear_message(result, data, "no permission to write there")


@pytest.mark.parametrize("command", ["build", "refresh", "rollback"])
def test_a_read_only_file_system_is_one_clear_message(tmp_path, monkeypatch, command):
    """The same as root would see it on a file system mounted read-only (EROFS at the lock's open)."""
    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr("etl.lock.open", read_only, raising=False)
    entry = write_mini_catalog(tmp_path / "cat")
    result = jjj(command, "--catalog", str(entry), "--db", str(tmp_path / "jjj.db"))
    assert_one_clear_message(result, tmp_path, "the file system is read-only")


def test_a_full_disk_at_the_lock_is_one_clear_message(tmp_path, monkeypatch):
    def full(_fh):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(RefreshLock, "_write_pid", staticmethod(full))
    entry = write_mini_catalog(tmp_path / "cat")
    result = jjj("refresh", "--catalog", str(entry), "--db", str(tmp_path / "jjj.db"))
    assert_one_clear_message(result, tmp_path, "the disk is full")
    assert not (tmp_path / "jjj.db").exists()


def test_a_full_disk_at_the_run_log_is_one_clear_message(tmp_path, monkeypatch):
    def full(_path, _line):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("etl.refresh.append_line", full)
    entry = write_mini_catalog(tmp_path / "cat")
    result = jjj("refresh", "--catalog", str(entry), "--db", str(tmp_path / "jjj.db"))
    assert_one_clear_message(result, tmp_path, "the disk is full")
