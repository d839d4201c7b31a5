"""Debian's nginx, configured from deploy/nginx, in front of `jjj serve` on loopback: it holds a slow-client
attack (100 connections sending their headers slowly) while normal requests keep answering, serves the
assets itself with a year's lifetime and refuses oversized requests; for an app mounted under /jjj/
(URL_PREFIX and JJJ_URL_PREFIX) it passes the app's paths and serves its assets."""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.nginx

ROOT = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
ATTACKERS = 100
ATTACK_SECONDS = 14  # past the site's client_header_timeout (10 s): nginx must cut the attackers itself
REQUEST_TIMEOUT = 15  # a normal request not answered by then counts as starved
MOUNT = "/jjj/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_answering(port: int, path: str = "/", within: float = 120) -> None:
    deadline = time.monotonic() + within
    while True:
        try:
            status = _get(port, path, timeout=5)[0]
            if status < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {within} s")
        time.sleep(0.05)  # a refused connection costs nothing: ask often


def _get(port: int, path: str, timeout: float = REQUEST_TIMEOUT, method: str = "GET", body: bytes | None = None,
         **headers) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def dashboard_port(built_db, tmp_path_factory):
    """`jjj serve` (gunicorn) on loopback, small on purpose: 1 worker × 4 threads is easy to starve."""
    yield from _serve(built_db, tmp_path_factory, "/")


@pytest.fixture(scope="module")
def nginx_port(dashboard_port, tmp_path_factory):
    yield from _nginx(dashboard_port, tmp_path_factory, "/")


@pytest.fixture(scope="module")
def mounted_nginx_port(built_db, tmp_path_factory):
    """nginx (URL_PREFIX=/jjj/) in front of `jjj serve` with JJJ_URL_PREFIX=/jjj/."""
    for port in _serve(built_db, tmp_path_factory, MOUNT):
        yield from _nginx(port, tmp_path_factory, MOUNT)


def _serve(built_db, tmp_path_factory, prefix: str):
    port = _free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w")
    env = {**os.environ, "JJJ_DATA_DIR": str(built_db.parent), "JJJ_URL_PREFIX": prefix}
    process = subprocess.Popen([str(Path(sys.executable).parent / "jjj"), "serve", "--db", str(built_db),
                                "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--threads", "4",
                                "--max-exports", "2"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(port, prefix)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _nginx(dashboard_port: int, tmp_path_factory, prefix: str):
    """nginx from the site template (deploy/nginx/render-site.sh) with a throw-away main config."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install nginx (deploy/install-system.sh)")
        pytest.skip("Debian's nginx is not installed (deploy/install-system.sh installs it)")
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    site = subprocess.run(["bash", str(ROOT / "deploy/nginx/render-site.sh")], check=True, capture_output=True,
                          text=True,
                          env={**os.environ, "LISTEN": f"127.0.0.1:{port}", "UPSTREAM": f"127.0.0.1:{dashboard_port}",
                               "CACHE_DIR": str(work / "cache"), "SERVER_NAME": "localhost",
                               "URL_PREFIX": prefix}).stdout
    (work / "site.conf").write_text(site)
    temp = "\n".join(f"  {kind}_temp_path {work / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {work / "access.log"};
{temp}
  include {work / "site.conf"};
}}
""")
    check = subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_answering(port, prefix, within=30)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work / "cache", ignore_errors=True)


class SlowClients:
    """`count` loopback connections that send a request's headers one line per second and never finish."""

    def __init__(self, port: int, count: int, seconds: float):
        self.port, self.count, self.seconds = port, count, seconds
        self.sockets: list[socket.socket] = []
        self.cut = 0  # connections the server closed on them
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        for _ in range(self.count):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            self.sockets.append(s)
        self.thread.start()
        return self

    def _run(self):
        end = time.monotonic() + self.seconds
        line = 0
        while time.monotonic() < end:
            time.sleep(1)
            line += 1
            for s in list(self.sockets):
                try:
                    s.sendall(f"X-Slow-{line}: {'a' * 10}\r\n".encode())
                except OSError:
                    self.sockets.remove(s)
                    s.close()
                    self.cut += 1

    def __exit__(self, *exc):
        self.thread.join()
        for s in self.sockets:
            s.close()


def test_normal_requests_keep_answering_during_a_slow_client_attack(nginx_port):
    answered, starved = [], []
    with SlowClients(nginx_port, ATTACKERS, ATTACK_SECONDS) as attack:
        assert len(attack.sockets) == ATTACKERS
        deadline = time.monotonic() + ATTACK_SECONDS - 2
        while time.monotonic() < deadline:
            for path in ("/", "/api/indicators", "/compare?lang=en"):
                try:
                    status = _get(nginx_port, path)[0]
                    (answered if status == 200 else starved).append((path, status))
                except OSError as exc:  # a timeout: the attack starved the dashboard
                    starved.append((path, repr(exc)))
            time.sleep(1)
    print(f"\nslow-client attack through nginx: {ATTACKERS} slow connections for {ATTACK_SECONDS} s; "
          f"{len(answered)} normal requests answered, {len(starved)} starved; nginx cut {attack.cut} attackers")
    assert starved == [] and len(answered) >= 9
    assert attack.cut >= ATTACKERS * 0.9  # client_header_timeout dropped the unfinished requests


def test_nginx_serves_the_assets_itself_compressed_and_cached_for_a_year(nginx_port):
    status, headers, _ = _get(nginx_port, "/assets/style.css?m=1", Accept_Encoding="gzip")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "max-age=31536000" in headers["cache-control"] and headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in headers or "unsafe-eval" not in headers["content-security-policy"]


def test_the_apps_own_headers_and_compression_pass_through(nginx_port):
    status, headers, _ = _get(nginx_port, "/api/indicators", Accept_Encoding="br")
    assert status == 200 and headers["content-encoding"] == "br" and headers["etag"].startswith('W/"')
    assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
    assert _get(nginx_port, "/api/indicators", If_None_Match=headers["etag"])[0] == 304


def test_component_suites_are_cached_by_nginx(nginx_port):
    page = _get(nginx_port, "/")[2].decode()
    suite = page.split('src="/_dash-component-suites/', 1)[1].split('"', 1)[0]
    statuses = [_get(nginx_port, "/_dash-component-suites/" + suite)[1].get("x-cache") for _ in range(2)]
    assert statuses[1] == "HIT"


def test_oversized_requests_are_refused_by_nginx(nginx_port):
    assert _get(nginx_port, "/?" + "p=1&" * 5000)[0] == 414
    assert _get(nginx_port, "/", X_Big="a" * 9000)[0] == 400
    body = b"{" + b" " * (5 * 1024 * 1024) + b"}"
    assert _get(nginx_port, "/_dash-update-component", method="POST", body=body,
                Content_Type="application/json")[0] == 413


def test_under_a_prefix_nginx_passes_the_app_s_own_paths_and_serves_its_assets(mounted_nginx_port):
    status, _, body = _get(mounted_nginx_port, MOUNT + "compare?lang=en")
    page = body.decode()
    assert status == 200 and f'href="{MOUNT}vendor/bootstrap.min.css?v=' in page and f'src="{MOUNT}_dash-' in page
    assert _get(mounted_nginx_port, MOUNT + "api/indicators")[0] == 200
    assert _get(mounted_nginx_port, MOUNT + "nope")[0] == 404
    status, headers, _ = _get(mounted_nginx_port, MOUNT + "assets/style.css?m=1")
    assert status == 200 and "max-age=31536000" in headers["cache-control"]
    suite = page.split(f'src="{MOUNT}_dash-component-suites/', 1)[1].split('"', 1)[0]
    statuses = [_get(mounted_nginx_port, f"{MOUNT}_dash-component-suites/{suite}")[1].get("x-cache") for _ in range(2)]
    assert statuses[1] == "HIT"
