"""Shared fixtures: a database built once per session from the real catalog."""
from __future__ import annotations

import fcntl
import functools
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Under `--dist loadgroup` (deploy/test.sh) each test goes to whichever worker is free, except these files, which
# run whole on one worker: their module fixture is costly to start (a gunicorn, an nginx, a PostgreSQL build).
RUN_WHOLE = ("tests/test_serve.py", "tests/test_nginx.py", "tests/test_postgres_queries.py",
             "tests/test_csv_stream_backends.py", "tests/test_page_summaries.py")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: no error where it is not installed
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's loadgroup scheduler with RUN_WHOLE as its groups. Not `xdist_group` marks: pytest-xdist 3.8
    reads them from a node id it rewrites, which pytest 9.2 no longer lets it do (pytest-xdist issue #1386), so
    marked tests spread silently. Units go out biggest first (the files above), then single tests in collection
    order, so the browser tests start early; a free worker takes the next unit."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeFilesElseSingleTests(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path in RUN_WHOLE else nodeid

    return WholeFilesElseSingleTests(config, log)


@pytest.fixture(scope="session", autouse=True)
def _run_log_outside_the_checkout(tmp_path_factory):
    """Refreshes against PostgreSQL keep their run log in $JJJ_DATA_DIR: a test's runs must not
    land in the checkout's data/ (the dashboard served from there would list them)."""
    old = os.environ.get("JJJ_DATA_DIR")
    os.environ["JJJ_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    yield
    if old is None:
        os.environ.pop("JJJ_DATA_DIR", None)
    else:
        os.environ["JJJ_DATA_DIR"] = old


def built_once(tmp_path_factory, name: str, make) -> Path:
    """A folder that `make(folder)` fills once per test run: under pytest-xdist the first worker to ask
    builds it in the run's shared temporary folder while the others wait on a lock, then all read it.
    Only for what tests never change (a database they read or copy)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # one per run, above each worker's own basetemp
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a half-built folder from a worker that died
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture()
def mini_catalog(tmp_path) -> Path:
    """The small catalog (tests/minicatalog.py) alone, for tests that never read a database."""
    from tests.minicatalog import write_mini_catalog
    return write_mini_catalog(tmp_path / "cat")


@pytest.fixture(scope="session")
def mini_built_db(tmp_path_factory) -> Path:
    """The small catalog's database, built once per run; tests get copies (`mini`)."""
    from db.engine import sqlite_url
    from etl.build import build
    from tests.minicatalog import write_mini_catalog
    folder = built_once(tmp_path_factory, "mini",
                        lambda folder: build(write_mini_catalog(folder / "cat"), sqlite_url(folder / "live.db")))
    return folder / "live.db"


@pytest.fixture()
def mini(tmp_path, mini_built_db):
    """A small catalog (tests/minicatalog.py) and the live database built from it: a copy of the
    session's build (the build records the catalog's files by relative path, so it is the same database)."""
    from tests.minicatalog import write_mini_catalog
    entry = write_mini_catalog(tmp_path / "cat")
    db = tmp_path / "live.db"
    shutil.copyfile(mini_built_db, db)
    return entry, db


@pytest.fixture(scope="session")
def catalog_entry() -> Path:
    return ROOT / "indicators.yaml"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory, catalog_entry) -> Path:
    """A SQLite database built from the repository's catalog, once per run (read-only for tests)."""
    from db.engine import sqlite_url
    from etl.build import build

    folder = built_once(tmp_path_factory, "db", lambda folder: build(catalog_entry, sqlite_url(folder / "jjj.db")))
    return folder / "jjj.db"


@pytest.fixture(scope="session")
def built_url(built_db) -> str:
    from db.engine import sqlite_url
    return sqlite_url(built_db)


@pytest.fixture(scope="session")
def app(built_url):
    """The dashboard over the session's database, built once (each build renders its index page);
    tests read it and do not change it."""
    from dashboard.app import create_app
    return create_app(url=built_url)


MOUNT = "/jjj/"  # where the mounted app of the session lives


@pytest.fixture(scope="session")
def mounted_app(built_url):
    """The same dashboard mounted under MOUNT (JJJ_URL_PREFIX), pages and Flask routes alike."""
    from dashboard.app import create_app
    return create_app(url=built_url, url_prefix=MOUNT)


def fresh_pg_url() -> str:
    """A PostgreSQL URL from TEST_DATABASE_URL (set by .ci/run), emptied of our schemas; skipped where there is none."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide TEST_DATABASE_URL for the PostgreSQL tests")
        pytest.skip("TEST_DATABASE_URL is not set")
    from sqlalchemy import create_engine, text

    url = worker_pg_url(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        for schema in ("jjj", "jjj_build", "jjj_old"):
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
    return url


@functools.cache
def worker_pg_url(url: str) -> str:
    """The database this process tests in: TEST_DATABASE_URL itself, or under pytest-xdist one database per
    worker beside it (`<name>_gw0`, …), created on first use, so that workers never drop each other's schemas.
    Creating one needs the role's CREATEDB (.ci/postgres.sh grants it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from db.engine import normalize_url
    url = normalize_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture()
def pg_url() -> str:
    """An empty PostgreSQL database for one test."""
    return fresh_pg_url()


@pytest.fixture(scope="module")
def pg_url_module() -> str:
    """An empty PostgreSQL database shared by one module's tests."""
    return fresh_pg_url()


def blueprint_client(monkeypatch, url: str, blueprint):
    """A bare Flask test client serving one blueprint against the database at `url`."""
    import flask
    monkeypatch.setenv("JJJ_DATABASE_URL", url)
    app = flask.Flask(__name__)
    app.register_blueprint(blueprint)
    return app.test_client()


def client_fixture(blueprint):
    """A `client` fixture for a test module: the blueprint served against the built test database."""
    @pytest.fixture()
    def client(monkeypatch, built_url):
        return blueprint_client(monkeypatch, built_url, blueprint)
    return client


@pytest.fixture(scope="module")
def db(built_db):
    """A plain sqlite3 connection to the built test database, for checking answers independently."""
    import sqlite3
    conn = sqlite3.connect(built_db)
    yield conn
    conn.close()


def tampered_copy(built_db: Path, folder: Path, *statements: tuple) -> Path:
    """A copy of the built database with SQL statements applied: (sql,) or (sql, parameters)."""
    import sqlite3
    path = folder / "tampered.db"
    shutil.copy(built_db, path)
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(*statement)
    return path
