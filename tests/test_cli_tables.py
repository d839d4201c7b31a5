"""`jjj stats` and `jjj progress` tables: columns line up whatever the script (CJK, half-width katakana)."""
from __future__ import annotations

from rich.cells import cell_len
from typer.testing import CliRunner

from cli.tables import print_table


def printed(header, rows) -> list[str]:
    import typer
    app = typer.Typer()
    app.command()(lambda: print_table("Things", header, rows))
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_columns_line_up_for_wide_and_half_width_characters():
    lines = printed(["name", "unit"], [("ｶﾀｶﾅ", "km"), ("天津港", "TEU"), ("port", "万标准箱")])
    assert lines[1] == "Things (3)"
    rows = [line for line in lines[2:] if "km" in line or "TEU" in line or "万标准箱" in line]
    assert len(rows) == 3
    # the second column starts at the same display column on every row
    starts = {cell_len(line[:line.index(unit)]) for line, unit in zip(rows, ("km", "TEU", "万标准箱"))}
    assert len(starts) == 1


def test_cells_are_text_not_markup_and_nothing_is_cut():
    quote = "[bold]比2014年下降57.2%[/bold] " + "很长的句子" * 40
    lines = printed(["quote"], [(quote,), (None,)])
    assert any(quote in line for line in lines)
