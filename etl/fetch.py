"""Fetch an external table into the cache: timeouts, retries with backoff, conditional requests.

The cache holds the last good copy (`data/external/<id>.csv`) and a sidecar JSON with the
response's ETag / Last-Modified, the content's sha256 and when that content was first fetched.
New content replaces the copy only when its rows pass `check`; otherwise, and on any failed
fetch, the last good copy stays and the outcome says so (the refresh marks itself degraded).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.write import now_iso

USER_AGENT = "jjj-indicators-refresh/1"


@dataclass(frozen=True)
class FetchOutcome:
    series_id: str
    status: str  # fetched | unchanged | failed
    message: str = ""
    has_copy: bool = True  # a last good copy exists (always, unless a first fetch failed)

    def as_dict(self) -> dict:
        return {"series": self.series_id, "status": self.status, "message": self.message,
                "has_copy": self.has_copy}


class FetchFailed(RuntimeError):
    pass


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _http_get(url: str, sidecar: dict, timeout: float) -> tuple[int, bytes, dict]:
    """(status, body, headers); 304 when the server says the cached copy is current."""
    headers = {"User-Agent": USER_AGENT}
    if sidecar.get("etag"):
        headers["If-None-Match"] = sidecar["etag"]
    if sidecar.get("last_modified"):
        headers["If-Modified-Since"] = sidecar["last_modified"]
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", dict(exc.headers)
        raise


def _retrying(get: Callable[[], tuple[int, bytes, dict]], attempts: int, backoff: float):
    """Call `get` up to `attempts` times, sleeping backoff, 2·backoff, … between; 4xx is final."""
    for attempt in range(attempts):
        try:
            return get()
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                raise FetchFailed(f"HTTP {exc.code} {exc.reason}") from None
            last = f"HTTP {exc.code} {exc.reason}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
        if attempt + 1 < attempts:
            time.sleep(backoff * 2 ** attempt)
    raise FetchFailed(f"{attempts} attempts failed; last: {last}")


def fetch_to_cache(series_id: str, source: str, root: Path, csv_path: Path, meta_path: Path,
                   check: Callable[[str], list], timeout: float = 15.0, attempts: int = 3,
                   backoff: float = 1.0) -> FetchOutcome:
    """Bring the cached copy of `source` up to date. Never raises for a failed fetch."""
    from .external import read_sidecar  # the sidecar format lives with the series

    csv_path.parent.mkdir(parents=True, exist_ok=True)
    sidecar = read_sidecar(meta_path) if csv_path.exists() else {}
    has_copy = csv_path.exists()
    try:
        if source.startswith(("http://", "https://")):
            status, body, headers = _retrying(lambda: _http_get(source, sidecar, timeout), attempts, backoff)
        else:
            status, body, headers = 200, (root / source).read_bytes(), {}
    except (FetchFailed, OSError) as exc:
        return FetchOutcome(series_id, "failed", f"{source}: {exc}", has_copy)
    checked = {**sidecar, "source": source, "checked_at": now_iso()}
    if status == 304:
        _write_atomic(meta_path, json.dumps(checked, ensure_ascii=False, indent=1).encode())
        return FetchOutcome(series_id, "unchanged", "304 Not Modified", has_copy)
    sha = hashlib.sha256(body).hexdigest()
    checked.update(etag=headers.get("ETag"), last_modified=headers.get("Last-Modified"))
    if has_copy and sha == sidecar.get("sha256"):
        _write_atomic(meta_path, json.dumps(checked, ensure_ascii=False, indent=1).encode())
        return FetchOutcome(series_id, "unchanged", "same content (sha256)", has_copy)
    problems = check(body.decode("utf-8-sig", errors="replace"))
    if problems:
        shown = "; ".join(f"line {line}: {msg}" for line, msg in problems[:3])
        return FetchOutcome(series_id, "failed", f"{source}: new content rejected ({len(problems)} problem(s): "
                                                  f"{shown}); the last good copy is kept", has_copy)
    _write_atomic(csv_path, body)
    checked.update(sha256=sha, fetched_at=checked["checked_at"])
    _write_atomic(meta_path, json.dumps(checked, ensure_ascii=False, indent=1).encode())
    return FetchOutcome(series_id, "fetched", f"{len(body)} bytes, sha256 {sha[:12]}", True)
