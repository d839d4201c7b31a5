"""`jjj rollback` to a database built with an older schema: refused with a clear message and nothing moved,
unless --any-schema, which restores it and says that `jjj serve`/`jjj build` will rebuild it."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlalchemy import create_engine, text

from db.engine import read_engine
from db.history import OtherSchema, archived
from db.schema import SCHEMA_VERSION
from etl.build import needs_build
from etl.refresh import RefreshOptions, read_runs, rollback, runs_log_path
from tests.inprocess import jjj
from tests.minicatalog import make_one_figure_approximate, write_mini_catalog
from tests.test_refresh import data_version
from tests.test_rollback_robustness import live, versions_kept

OLD = str(int(SCHEMA_VERSION) - 1)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def old_kept(tmp_path):
    """A live database and one kept before it, the kept one marked as built with the schema before this one."""
    opts, versions = versions_kept(tmp_path, 1)
    with sqlite3.connect(archived(live(opts))[-1]) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (OLD,))
    return opts, versions


def test_a_database_of_an_older_schema_is_not_restored_silently(old_kept):
    opts, _versions = old_kept
    kept, before = archived(live(opts)), _sha(live(opts))
    runs = len(read_runs(runs_log_path(opts)))
    with pytest.raises(OtherSchema) as refused:
        rollback(opts)
    message = str(refused.value)
    assert kept[-1].name in message and f"schema {OLD}" in message and f"schema {SCHEMA_VERSION}" in message
    assert "--any-schema" in message and "Nothing was changed" in message
    assert _sha(live(opts)) == before and archived(live(opts)) == kept  # nothing moved
    assert len(read_runs(runs_log_path(opts))) == runs


def test_the_cli_refuses_naming_the_schemas_and_the_flag(old_kept):
    opts, _versions = old_kept
    before = _sha(live(opts))
    done = jjj("rollback", "--catalog", str(opts.entry), "--db", str(live(opts)))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"built with schema {OLD}; this code reads schema {SCHEMA_VERSION}" in " ".join(done.stderr.split())
    assert "jjj rollback --any-schema" in done.stderr
    assert _sha(live(opts)) == before


def test_any_schema_restores_it_and_says_it_will_be_rebuilt(old_kept):
    opts, versions = old_kept
    done = jjj("rollback", "--catalog", str(opts.entry), "--db", str(live(opts)), "--any-schema")
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "Rolled back" in out and f"built with schema {OLD}, this code reads schema {SCHEMA_VERSION}" in out
    assert "`jjj serve` and `jjj build` will rebuild it" in out
    with sqlite3.connect(live(opts)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0] == versions[0]
    assert f"built with schema {OLD}" in needs_build(opts.entry, opts.url)  # what `jjj serve` then acts on


def test_a_kept_database_of_this_schema_rolls_back_with_no_warning(tmp_path):
    opts, versions = versions_kept(tmp_path, 1)
    record = rollback(opts)
    assert record.data_version == versions[0] and "schema" not in record.error


@pytest.mark.postgres
def test_postgres_refuses_an_older_kept_build_unless_asked(tmp_path, pg_url):
    import db.write
    from etl.build import check, process
    entry = write_mini_catalog(tmp_path / "cat")
    first = process(check(entry))
    make_one_figure_approximate(entry)
    second = process(check(entry))
    db.write.write_dataset(first, pg_url, keep=2)
    db.write.write_dataset(second, pg_url, keep=2)  # the first build goes to the history
    engine = read_engine(pg_url).execution_options(schema_translate_map=None)
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'jjj_hist_') "
                                 "ORDER BY nspname DESC LIMIT 1")).scalar_one()  # the newest: what rollback takes
    engine.dispose()
    writer = create_engine(pg_url)
    with writer.begin() as conn:
        conn.execute(text(f"UPDATE \"{kept}\".meta SET value = :old WHERE key = 'schema_version'"), {"old": OLD})
    writer.dispose()
    opts = RefreshOptions(entry, pg_url, keep=2)
    with pytest.raises(OtherSchema, match=f"schema {OLD}"):
        rollback(opts)
    assert data_version(pg_url) == second.data_version
    record = rollback(opts, any_schema=True)
    assert data_version(pg_url) == first.data_version and f"built with schema {OLD}" in record.error
