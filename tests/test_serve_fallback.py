"""`jjj serve` with a broken catalog: a usable database is served with a warning; with none, it refuses."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.engine import sqlite_url
from etl.build import build
from tests.minicatalog import write_mini_catalog
from tests.test_serve import free_port, get

ROOT = Path(__file__).resolve().parent.parent


def break_catalog(entry: Path) -> None:
    obs = entry.parent / "catalog/observations/doc-a.yaml"
    obs.write_text(obs.read_text(encoding="utf-8").replace("region: tianjin-port", "region: nowhere", 1),
                   encoding="utf-8")


def serve(entry: Path, live: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port), "--db", str(live),
                             "--workers", "1", "--catalog", str(entry)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_broken_catalog_serves_the_existing_database_with_a_warning(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    live = tmp_path / "jjj.db"
    build(entry, sqlite_url(live))
    before = live.read_bytes()
    break_catalog(entry)
    port = free_port()
    proc = serve(entry, live, port)
    try:
        for _ in range(600):  # up to 30 s of waiting for the worker to boot
            try:
                if get(f"http://127.0.0.1:{port}/api/sources")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail("serve exited:\n" + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.05)  # a refused connection costs nothing: ask often
        else:
            pytest.fail("the dashboard did not answer")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0].decode(errors="replace")
    assert "Warning: the catalog has 1 error(s) (run `jjj check` to list them)" in output, output
    assert live.read_bytes() == before


def test_a_broken_catalog_and_no_database_refuses(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    break_catalog(entry)
    live = tmp_path / "jjj.db"
    done = subprocess.run([sys.executable, "-m", "cli", "serve", "--port", str(free_port()), "--db", str(live),
                           "--catalog", str(entry)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2
    assert "unknown region 'nowhere'" in done.stderr
    assert "Nothing to serve: there is no database yet, and the catalog cannot be built." in done.stderr
    assert not live.exists()
