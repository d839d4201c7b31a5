"""`jjj serve`: gunicorn with several workers serves the page and every script it references."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


@pytest.fixture(scope="module")
def served(built_db, tmp_path_factory):
    """One gunicorn for the module's tests (booting three workers is most of their time); its output
    goes to a file, so a chatty server never blocks on a full pipe."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "gunicorn.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port), "--db", str(built_db),
                                 "--workers", "3", "--catalog", str(ROOT / "indicators.yaml")],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # up to 30 s of waiting for three workers to boot
        try:
            if get(base + "/api/sources")[0] == 200:  # not the page: no worker has rendered it yet
                break
        except OSError:
            pass
        time.sleep(0.05)  # a refused connection costs nothing: ask often
    else:
        proc.kill()
        pytest.fail("gunicorn did not answer:\n" + log.read_text(errors="replace")[-3000:])
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def test_every_worker_serves_every_script(served, built_url):
    # The script URLs the page references, rendered here: the server's workers have not rendered
    # the page yet, as when a browser's script requests reach a worker other than the page's.
    from dashboard.app import create_app
    page = create_app(built_url).server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'src="([^"]+\.js[^"]*)"', page)
    assert len(scripts) > 5
    # many at once, as a browser does, so that every worker gets asked for scripts
    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(lambda src: (get(served + src)[0], src), scripts * 6))
    assert [c for c in codes if c[0] != 200] == []


def test_served_api_and_download(served):
    status, body = get(served + "/api/indicators/hsr-intercity-rail-km")
    assert status == 200 and b"510" in body
    status, body = get(served + "/download/indicator/hsr-intercity-rail-km.csv")
    assert status == 200 and body.startswith(b"\xef\xbb\xbf")
