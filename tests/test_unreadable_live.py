"""A damaged live SQLite file: builds move it aside and replace it (and say so), readers say what is wrong.
A file that never was a database of ours (not SQLite, another program's database) is refused instead."""
from __future__ import annotations

from pathlib import Path

import pytest

from db.engine import sqlite_url
from etl.build import build, needs_build
from etl.refresh import RefreshOptions, refresh
from tests.inprocess import jjj
from tests.minicatalog import write_mini_catalog

GARBAGE = b"SQLite format 3\x00" + bytes(range(256)) * 32  # a SQLite header, then nothing SQLite can read
NOT_SQLITE = bytes(range(256)) * 32  # 8 KiB that no SQLite header starts with


@pytest.fixture()
def setup(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    live = tmp_path / "data" / "jjj.db"
    live.parent.mkdir()
    live.write_bytes(GARBAGE)
    return entry, live


def test_build_moves_the_unreadable_file_aside_and_says_so(setup):
    entry, live = setup
    live.with_name("jjj.db-journal").write_bytes(b"stale")
    _dataset, run = build(entry, sqlite_url(live))
    assert f"the live database {live} was unreadable (" in run["note"]
    aside = list((live.parent / "history" / "unreadable").glob("jjj-*.db"))
    assert len(aside) == 1 and aside[0].read_bytes() == GARBAGE
    assert aside[0].with_name(aside[0].name + "-journal").read_bytes() == b"stale"
    assert not live.with_name("jjj.db-journal").exists()  # never replayed into the new database
    assert needs_build(entry, sqlite_url(live)) is None


def test_the_build_command_prints_the_note(setup):
    entry, live = setup
    done = jjj("build", "--catalog", str(entry), "--db", str(live))
    assert done.returncode == 0, done.stderr
    assert f"the live database {live} was unreadable" in done.stderr


def test_refresh_treats_it_as_no_live_data_and_notes_it(setup):
    entry, live = setup
    record = refresh(RefreshOptions(entry=entry, url=sqlite_url(live)))
    assert (record.status, record.swapped, record.previous_version) == ("ok", True, ""), record.error
    assert any("unreadable" in n for n in record.notes)


def test_serve_would_rebuild_it(setup):
    entry, live = setup
    assert "not a readable database" in needs_build(entry, sqlite_url(live))


@pytest.mark.parametrize("command", [["stats"], ["progress"], ["export", "--csv", "out.csv"]])
def test_read_only_commands_say_what_is_wrong_in_one_line(setup, command, tmp_path):
    _entry, live = setup
    if command[0] == "export":
        command = ["export", "--csv", str(tmp_path / "out.csv")]
    done = jjj(*command, "--db", str(live))
    assert done.returncode == 1
    assert done.stderr.strip() in (f"jjj: cannot use the database {live}: file is not a database",
                                   f"jjj: cannot use the database {live}: database disk image is malformed")
    assert live.read_bytes() == GARBAGE  # readers never touch it


def test_an_empty_sqlite_file_is_a_hint_to_build(tmp_path):
    live = tmp_path / "jjj.db"
    live.write_bytes(b"")
    done = jjj("stats", "--db", str(live))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"cannot use the database {live}: no such table: meta (run `jjj build` to make it)" in done.stderr


def another_programs_database(path: Path) -> bytes:
    import sqlite3
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["not SQLite", "another program's database"])
def test_a_file_that_is_not_a_database_of_ours_is_refused_not_moved_aside(tmp_path, kind):
    """Issue 12, item 6: `--db` naming someone's file used to move it aside and build over it."""
    entry = write_mini_catalog(tmp_path / "cat")
    target = tmp_path / "notes.db"
    if kind == "not SQLite":
        target.write_bytes(NOT_SQLITE)
    content = target.read_bytes() if kind == "not SQLite" else another_programs_database(target)
    done = jjj("build", "--catalog", str(entry), "--db", str(target))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{target} is not a database of ours" in done.stderr and "refusing to replace it" in done.stderr
    assert target.read_bytes() == content and not (tmp_path / "history").exists()
    record = refresh(RefreshOptions(entry=entry, url=sqlite_url(target)))
    assert (record.status, record.swapped) == ("failed", False) and "not a database of ours" in record.error
    assert target.read_bytes() == content


def test_an_empty_file_is_built_over(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    target = tmp_path / "new.db"
    target.write_bytes(b"")
    build(entry, sqlite_url(target))
    assert needs_build(entry, sqlite_url(target)) is None
