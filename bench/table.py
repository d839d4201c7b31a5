"""One row of `make bench`'s table (measure, ours, floor, ratio, goal, result) and how the table is printed."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    measure: str
    ours: float | None
    floor: float | None
    unit: str
    goal: str  # "≤ 5×" (a ratio) or "≤ 1024 MB" (absolute); "" for a figure shown for information
    limit: float
    absolute: bool = False
    at_least: bool = False  # the goal is a lower bound (throughput): ≥ limit
    problems: list[str] = field(default_factory=list)  # checks beside the figure that failed (a missing ETag…)
    not_run: str = ""  # why the measure was not taken

    @property
    def ratio(self) -> float | None:
        return None if self.ours is None or not self.floor else self.ours / self.floor

    @property
    def passed(self) -> bool | None:
        if self.ours is None or not self.goal:
            return None
        if self.problems:
            return False
        value = self.ours if self.absolute else self.ratio
        return value >= self.limit if self.at_least else value <= self.limit

    def cells(self) -> list[str]:
        fmt = (lambda v: "—" if v is None else f"{v:,.2f} {self.unit}")  # noqa: E731
        ratio = "—" if self.ratio is None or self.absolute else f"{self.ratio:.2f}×"
        if self.ours is None:
            verdict = f"not run ({self.not_run})" if self.not_run else "not run"
        elif not self.goal:
            verdict = "info"
        else:
            verdict = {True: "pass", False: "FAIL"}[self.passed]
            if self.problems:
                verdict += f": {'; '.join(self.problems)}"
        return [self.measure, fmt(self.ours), fmt(self.floor), ratio, self.goal or "—", verdict]


def count_label(observations: int) -> str:
    """How a database is named in the rows: "1.0 M" from a million observations on, else the count."""
    return f"{observations / 1e6:.1f} M" if observations >= 1_000_000 else f"{observations:,}"


def not_run(measure: str, why: str) -> Row:
    return Row(measure, None, None, "", "see issue 11", 0, not_run=why)


def show(rows: list[Row], title: str) -> None:
    header = ["measure", "ours", "floor", "ratio", "goal", "result"]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max(len(h), *(len(r.cells()[i]) for r in rows)) for i, h in enumerate(header)]
        print(title)
        for cells in [header] + [r.cells() for r in rows]:
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
        return
    table = Table(title=title)
    for h in header:
        table.add_column(h, justify="left" if h in ("measure", "goal", "result") else "right")
    for r in rows:
        table.add_row(*r.cells(), style={False: "red", None: "dim"}.get(r.passed, ""))
    Console(width=160).print(table)
