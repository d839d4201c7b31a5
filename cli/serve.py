"""`jjj serve`: the dashboard under gunicorn, reading the database read-only; built first when needed."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from db.engine import database_url, describe_url
from paths import GUNICORN_CONFIG

from .common import CATALOG_OPT, DB_OPT, fail
from .data import build_locked


def serve(host: str = "127.0.0.1", port: int = 8050, db: Path | None = DB_OPT, catalog: Path = CATALOG_OPT,
          workers: int = typer.Option(2, help="gunicorn worker processes (size to cores)."),
          threads: int = typer.Option(16, min=1, help="Threads per worker: requests each serves at once."),
          max_exports: int = typer.Option(4, min=1, help="Downloads each worker streams at once; more get a 503 "
                                                         "with Retry-After, so downloads never take every thread.")
          ) -> None:
    """Serve the dashboard with gunicorn, reading the database read-only; build it first if needed."""
    import os

    from etl.build import needs_build
    if max_exports >= threads:
        fail(f"--max-exports ({max_exports}) must be below --threads ({threads}): the pages need threads too.")
    url = database_url(db)
    reason = needs_build(catalog, url)
    if reason:
        _build_or_keep(catalog, url, reason)
    sys.stdout.flush()  # execv drops what is still buffered
    sys.stderr.flush()
    os.environ["JJJ_DATABASE_URL"] = url
    os.environ["JJJ_MAX_EXPORTS"] = str(max_exports)
    # timeouts, keep-alive and the access log: the same settings file the benchmarks serve with
    argv = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG, "--bind", f"{host}:{port}",
            "--workers", str(workers), "--threads", str(threads), "dashboard.app:create_server()"]
    os.execv(sys.executable, argv)


def _build_or_keep(catalog: Path, url: str, reason: str) -> None:
    """Before serving: build when the catalog is valid; else serve a usable existing database, with a warning."""
    from etl.build import usable_live
    from etl.stream_build import check_lean as run_check
    from etl.validate import CatalogInvalid
    try:
        checked = run_check(catalog)
    except CatalogInvalid as exc:
        if usable_live(url):
            typer.secho(f"Warning: the catalog has {len(exc.errors)} error(s) (run `jjj check` to list them), so "
                        f"the database was not rebuilt; serving {describe_url(url)} as it is ({reason}).",
                        fg=typer.colors.YELLOW, err=True)
            return
        typer.secho(f"The catalog has {len(exc.errors)} error(s):", fg=typer.colors.RED, err=True)
        typer.echo(exc.report(), err=True)
        fail(f"Nothing to serve: {reason}, and the catalog cannot be built.", 2)
    typer.echo(f"Building the database first: {reason}.")
    build_locked(catalog, url, checked)
