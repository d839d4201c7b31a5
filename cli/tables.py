"""The CLI's tables: `jjj stats` and `jjj progress` print rows through rich.table, which measures
each cell's display width (CJK and half-width katakana alike) instead of counting characters."""
from __future__ import annotations

import typer

from db.records import ProgressRow
from vocab import readable_number

PROGRESS_COLUMNS = ["indicator", "region", "baseline", "current", "target", "required/yr", "now req./yr",
                    "observed/yr", "projection", "status", "reason"]
WIDE = 100_000  # not a terminal (a pipe, a file, a test): never wrap or cut a cell


def print_table(title: str, header: list[str], rows: list[tuple]) -> None:
    """A heading with the row count, then the rows under their column names; cells are plain text
    (a "[" in a quote is not rich markup)."""
    from rich import box  # imported here: only the commands that print a table pay for it
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    typer.secho(f"\n{title} ({len(rows)})", bold=True)
    table = Table(*header, box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", highlight=False)
    for row in rows:
        table.add_row(*(Text("" if c is None else str(c)) for c in row))
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = WIDE
    console.print(table)


def _number(value, unit=None) -> str:
    if value is None:
        return ""
    text = readable_number(value)
    return f"{text} {unit}" if unit else text


def _rate(rate) -> str:
    return "" if rate is None else f"{rate:+.2%}"


def progress_cells(p: ProgressRow) -> tuple:
    """One progress row for `jjj progress` (PROGRESS_COLUMNS). Without a baseline level, the change
    statement the rate comes from is named instead; the status says what it rests on."""
    return (
        p.indicator_id, p.region_id,
        f"{_number(p.baseline_value)} ({p.baseline_year})" if p.baseline_year else (
            f"change {p.rate_from_year}–{p.rate_to_year}" if p.from_change_statement else ""),
        f"{_number(p.current_value)} ({p.current_year})" if p.current_year else "",
        f"{_number(p.target_value)} ({p.target_year or 'no year'})" if p.target_value is not None else "",
        _rate(p.required_rate), _rate(p.rate_now_required), _rate(p.observed_rate),
        _number(p.projected_value),
        p.status + (f" (rests on: {p.rests_on.replace(',', ', ')})" if p.rests_on else ""), p.reason,
    )
