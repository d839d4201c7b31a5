"""The commands on the data: check, build, export, stats, progress, scan, draft (registered in cli/main.py)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from db.engine import database_url, describe_url

from .common import CATALOG_OPT, DB_OPT, checked, fail, invalid, readable_engine
from .tables import PROGRESS_COLUMNS, print_table, progress_cells


def check(catalog: Path = CATALOG_OPT) -> None:
    """Validate the catalog and verify every quote against its document. Writes nothing."""
    cat = checked(catalog)
    kinds = Counter(s.statement.kind for s in cat.statements)
    kinds["observed"] += cat.external_rows()
    typer.secho(f"OK: {sum(kinds.values())} statements ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
                f"{len(cat.indicators)} indicators, {len(cat.regions)} regions, {len(cat.documents)} documents, "
                f"{len(cat.exclusions)} exclusions; every quote found in its document.", fg=typer.colors.GREEN)


def build(catalog: Path = CATALOG_OPT, db: Path | None = DB_OPT) -> None:
    """Build the database beside the live one, check it, and swap it in."""
    build_locked(catalog, database_url(db))


def build_locked(catalog: Path, url: str, checked_catalog=None) -> None:
    from etl.build import build as run_build
    from etl.live import NotOurDatabase
    from etl.lock import EXIT_LOCKED, AlreadyRunning, DataDirUnusable, RefreshLock
    from etl.refresh import RefreshOptions, cleanup_leftovers, lock_path
    from etl.terminate import EXIT_TERMINATED, Terminated, exit_on_sigterm
    from etl.validate import CatalogInvalid
    checked_catalog = checked_catalog or checked(catalog, rows=False)
    try:  # the refresh's lock: a build and a refresh never write the same database at once
        with RefreshLock(lock_path(RefreshOptions(catalog, url))), exit_on_sigterm():
            notes = cleanup_leftovers(url)
            dataset, run = run_build(catalog, url, catalog=checked_catalog)
    except AlreadyRunning as exc:
        fail(str(exc), EXIT_LOCKED)
    except (DataDirUnusable, NotOurDatabase) as exc:
        fail(str(exc))
    except CatalogInvalid as exc:  # a bad external row, found while writing: the new file was discarded
        invalid(exc)
    except Terminated as exc:
        if exc.swapped:  # its work was done: say so, and exit as a finished build
            typer.secho(f"Build {exc} after the swap: the new database {describe_url(url)} is live and its run "
                        "is recorded in it.", fg=typer.colors.YELLOW, err=True)
            raise typer.Exit(0) from None
        fail(f"Build {exc}: the live database was not touched; the half-built file was removed.",
             EXIT_TERMINATED)
    for note in notes + ([run["note"]] if run.get("note") else []):
        typer.secho(f"Note: {note}", fg=typer.colors.YELLOW, err=True)
    counts = dataset.counts()
    typer.secho(f"Built {describe_url(url)} (data version {dataset.data_version}).", fg=typer.colors.GREEN)
    typer.echo("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    contradictions = [c for c in dataset.conflicts if c["status"] == "contradiction"]
    typer.echo(f"  conflicts: {len(dataset.conflicts)} ({len(contradictions)} contradictions); "
               "see `jjj stats` and the conflicts table")


def export(csv: Path = typer.Option(..., "--csv", help="Where to write the tidy CSV (UTF-8 with BOM)."),
           db: Path | None = DB_OPT) -> None:
    """Write every observation, change, derived value and target as one tidy CSV."""
    from db.export_tables import EXPORT_TABLES
    engine = readable_engine(db)
    csv.parent.mkdir(parents=True, exist_ok=True)
    tmp = csv.with_name(csv.name + ".part")
    n = 0
    with engine.connect() as conn, open(tmp, "wb") as fh:
        for rows, data in EXPORT_TABLES["observations"].csv_bytes(conn):  # the download's bytes, exactly
            fh.write(data)
            n += rows
    tmp.replace(csv)
    typer.echo(f"Wrote {n} rows to {csv}")


def stats(db: Path | None = DB_OPT) -> None:
    """Counts per document, theme and kind; targets; conflicts."""
    from db import queries
    engine = readable_engine(db)
    with engine.connect() as conn:
        s = queries.stats(conn)
    typer.secho(f"Data version {s['meta'].get('data_version')}, built {s['meta'].get('built_at')}", bold=True)
    print_table("Statements per document", ["document", "date", "observed", "change", "derived", "target", "total"],
                s["per_document"])
    print_table("Statements per theme", ["theme", "indicators", "observed", "change", "derived", "target", "total"],
                s["per_theme"])
    print_table("Targets", ["indicator", "region", "year", "value", "unit", "as written"], s["targets"])
    print_table("Conflicts", ["indicator", "region", "period", "kind", "status", "note"], s["conflicts"])


def progress(db: Path | None = DB_OPT, all_rows: bool = typer.Option(
        False, "--all", help="Every indicator and region, not only those with a target.")) -> None:
    """Baseline, current, target, rates, projection and status per indicator and region."""
    from db import queries
    engine = readable_engine(db)
    with engine.connect() as conn:
        rows = [progress_cells(p) for p in queries.progress_list(conn) if all_rows or p.target_value is not None]
    print_table("Progress toward targets" if not all_rows else "Progress", PROGRESS_COLUMNS, rows)


def scan(catalog: Path = CATALOG_OPT, strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when a coded document has a figure no quote covers.")) -> None:
    """List the figures in sources/ that no statement or exclusion quote covers, with their sentence."""
    from etl.scan import scan_catalog
    findings = scan_catalog(catalog)
    by_file: dict[str, list] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    for file, items in by_file.items():
        doc = items[0].document_id or "no metadata in sources/meta: not coded yet"
        typer.secho(f"\n{file} ({doc}): {len(items)} figure(s) not in the catalog", bold=True)
        for f in items:
            typer.echo(f"  line {f.line}: {f.figure}  «{f.sentence}»")
    coded = [f for f in findings if f.document_id]
    typer.secho(f"\n{len(findings)} figure(s) not covered by a quote ({len(coded)} in coded documents). "
                "Code them, or list them under `excluded:` with a reason.",
                fg=typer.colors.GREEN if not findings else typer.colors.YELLOW)
    if strict and coded:
        raise typer.Exit(1)


def draft(files: list[Path] = typer.Argument(None, help="Documents in sources/ to draft."),
          all_new: bool = typer.Option(False, "--all", help="Every document in sources/ with no metadata yet."),
          accept: str | None = typer.Option(None, "--accept", metavar="ID",
                                               help="Accept document ID's reviewed drafts."),
          doc_id: str | None = typer.Option(None, "--id",
                                               help="The new document's id (default: from its file name)."),
          catalog: Path = CATALOG_OPT) -> None:
    """Propose a new document's metadata, statements, indicators and regions for review (etl/draft/)."""
    from etl.draft.command import draft_command
    raise typer.Exit(draft_command(catalog, files or [], all_new, accept, doc_id, typer.echo,
                                   lambda m: typer.secho(m, fg=typer.colors.RED, err=True)))
