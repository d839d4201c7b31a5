"""What every `jjj` command shares: its options, one-line failures, the checked catalog, a readable database.

Imports of the pipeline stay inside the functions: `jjj export` or `jjj stats` never load the catalog's
checker, so a command pays only for what it uses.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from db.engine import database_url, describe_url, read_engine

CATALOG_OPT = typer.Option(Path("indicators.yaml"), "--catalog", help="The catalog's entry file.")
DB_OPT = typer.Option(None, "--db", help="SQLite file (default: $DATABASE_URL, else data/jjj.db).")
KEEP_OPT = typer.Option(5, "--keep", help="How many replaced databases to keep in data/history for rollback.")


def fail(message: str, code: int = 1) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def die(message: str) -> None:
    typer.secho(f"jjj: {message}", fg=typer.colors.RED, err=True)
    sys.exit(1)


def checked(catalog: Path, rows: bool = True):
    """The checked catalog; `rows=False` leaves external series rows to the build, which checks them as it
    writes them (one pass over a million rows, not two)."""
    from etl.stream_build import check_lean  # external rows checked as they stream, not held
    from etl.validate import CatalogInvalid
    try:
        return check_lean(catalog, rows=rows)
    except CatalogInvalid as exc:
        invalid(exc)
    finally:
        say_drafts(catalog)


def say_drafts(catalog: Path) -> None:
    """Drafts are never built: say so, and how to accept them."""
    from etl.draft.pending import notice
    from etl.load import load_catalog
    for line in notice(load_catalog(catalog).drafts):
        typer.secho(f"Note: {line}", fg=typer.colors.YELLOW, err=True)


def invalid(exc) -> None:
    """A CatalogInvalid: every error, then exit 2."""
    typer.secho(f"The catalog has {len(exc.errors)} error(s):", fg=typer.colors.RED, err=True)
    typer.echo(exc.report(), err=True)
    typer.secho("Nothing was written.", err=True)
    raise typer.Exit(2)


def readable_engine(db: Path | None):
    """A read-only engine on a database checked to be readable, or one clear line and exit 1."""
    from sqlalchemy.exc import DatabaseError

    from db.engine import error_reason
    from db.queries import meta
    url = database_url(db)
    try:
        engine = read_engine(url)
        with engine.connect() as conn:
            meta(conn)
        return engine
    except FileNotFoundError as exc:
        fail(str(exc))
    except DatabaseError as exc:
        reason = error_reason(exc)
        hint = " (run `jjj build` to make it)" if "no such table" in reason or "does not exist" in reason else ""
        die(f"cannot use the database {describe_url(url)}: {reason}{hint}")
