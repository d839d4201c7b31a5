"""The hostile-catalog corpus (tests/hostile_corpus.py): every mutation makes `jjj build` exit 2 with one
clear line naming file, line and field, never echoes a huge field back, and leaves the live database
byte-identical. Run in-process (CliRunner): the command exits before it takes the lock."""
from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from typer.testing import CliRunner

from cli.main import app
from db.engine import sqlite_url
from etl.build import build
from tests.hostile_corpus import CORPUS
from tests.minicatalog import write_mini_catalog

MAX_OUTPUT = 20_000  # characters: a 1 MB field must not come back whole


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> bytes:
    """A live database built once from the pristine mini catalog."""
    folder = tmp_path_factory.mktemp("live")
    path = folder / "jjj.db"
    build(write_mini_catalog(folder / "cat"), sqlite_url(path))
    return path.read_bytes()


@pytest.fixture()
def live(tmp_path, pristine):
    """A copy of it per mutation, so that one that gets through cannot hide the others."""
    path = tmp_path / "data" / "jjj.db"
    path.parent.mkdir()
    path.write_bytes(pristine)
    return path, hashlib.sha256(pristine).hexdigest()


def test_the_corpus_is_large_and_covers_every_category():
    categories = Counter(m.category for m in CORPUS)
    assert len(CORPUS) >= 80 and len({m.name for m in CORPUS}) == len(CORPUS)
    assert set(categories) == {"types", "units", "dates", "encodings", "control bytes", "YAML bombs", "huge files",
                               "symlinks", "ids", "changed documents"}


def test_the_pristine_mini_catalog_builds(tmp_path):
    result = CliRunner().invoke(app, ["check", "--catalog", str(write_mini_catalog(tmp_path / "cat"))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("mutation", CORPUS, ids=[m.name for m in CORPUS])
def test_a_hostile_catalog_is_refused_precisely(tmp_path, live, mutation):
    db, digest = live
    entry = write_mini_catalog(tmp_path / "cat")
    mutation.apply(entry.parent)
    result = CliRunner().invoke(app, ["build", "--catalog", str(entry), "--db", str(db)])
    assert result.exit_code == 2, result.output[:2000]
    assert "Traceback" not in result.output and len(result.output) < MAX_OUTPUT, result.output[:2000]
    lines = [line for line in result.output.splitlines() if line.startswith(mutation.where)]
    assert any(mutation.fragment in line for line in lines), (mutation.where, mutation.fragment, result.output[:2000])
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
