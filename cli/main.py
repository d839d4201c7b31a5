"""`jjj`: check, build, export and inspect the indicator database; refresh it unattended; serve the dashboard."""
from __future__ import annotations

import typer

from . import data, jobs, serve
from .common import die

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="The Beijing–Tianjin–Hebei indicator database: catalog → ETL → database → dashboard.")

# The commands, in the order `jjj --help` lists them.
for command in (data.check, data.build, data.export, data.stats, data.progress, serve.serve,
                jobs.refresh, jobs.rollback, data.scan, data.draft, jobs.schedule):
    app.command()(command)


def main() -> None:
    """The `jjj` command: database problems become one clear line, not a traceback."""
    from sqlalchemy.exc import DatabaseError

    from db.engine import DatabaseConfigError, error_reason
    try:
        app()
    except DatabaseConfigError as exc:
        die(str(exc))
    except DatabaseError as exc:
        die(f"cannot use the database ({error_reason(exc)})")


if __name__ == "__main__":
    main()
