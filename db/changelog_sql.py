"""The change log computed in SQL between the live tables and the new build's, row for row what
etl/changelog.py computes in Python (same keys, same compared fields, same order and ids), without
loading either side into memory.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from vocab import CHANGE_LOG_COMPARED as COMPARED  # the fields a reader calls "the figure"
from vocab import CHANGE_LOG_TABLES, CHANGES

CHANGE_COLUMNS = ("table_name", "key", "change", "indicator_id", "region_id", "kind", "period", "unit",
                  "document_id", "old_value", "new_value", "old_as_written", "new_as_written", "fields",
                  "old_quote", "new_quote", "old_qualifier", "new_qualifier")


def _kind(alias: str, table: str) -> str:
    return f"{alias}.kind" if table == "observations" else "'target'"


def _period(alias: str, table: str) -> str:
    if table == "observations":
        return f"{alias}.period"
    return f"CASE WHEN {alias}.target_year IS NULL THEN '' ELSE CAST({alias}.target_year AS VARCHAR(20)) END"


def _as_written(alias: str) -> str:
    parts = " || ".join(f"COALESCE({alias}.{f}, '')" for f in ("qualifier_as_written", "value_as_written",
                                                                  "unit_as_written"))
    return f"NULLIF({parts}, '')"


def _side(alias: str, table: str) -> str:
    return (f"{alias}.key AS key, {alias}.indicator_id AS indicator_id, {alias}.region_id AS region_id, "
            f"{_kind(alias, table)} AS kind, {_period(alias, table)} AS period, {alias}.unit AS unit, "
            f"{alias}.document_id AS document_id")


def diff_sql(table: str, new: str, old: str, distinct: str) -> str:
    """SELECT of the change entries of one table (CHANGE_COLUMNS but table_name), unordered."""
    differs = [f"n.{f} {distinct} o.{f}" for f in COMPARED]
    fields = " || ".join(f"CASE WHEN n.{f} {distinct} o.{f} THEN '{f},' ELSE '' END" for f in COMPARED)
    return f"""
        SELECT {_side('n', table)}, 'added' AS change, NULL AS old_value, n.value AS new_value,
               NULL AS old_as_written, {_as_written('n')} AS new_as_written, NULL AS fields,
               NULL AS old_quote, n.quote AS new_quote, NULL AS old_qualifier, n.qualifier AS new_qualifier
          FROM {new} n WHERE NOT EXISTS (SELECT 1 FROM {old} o WHERE o.key = n.key)
        UNION ALL
        SELECT {_side('o', table)}, 'removed', o.value, NULL, {_as_written('o')}, NULL, NULL,
               o.quote, NULL, o.qualifier, NULL
          FROM {old} o WHERE NOT EXISTS (SELECT 1 FROM {new} n WHERE n.key = o.key)
        UNION ALL
        SELECT {_side('n', table)}, 'changed', o.value, n.value, {_as_written('o')}, {_as_written('n')},
               RTRIM({fields}, ','), o.quote, n.quote, o.qualifier, n.qualifier
          FROM {new} n JOIN {old} o ON o.key = n.key WHERE {' OR '.join(differs)}"""


def write_change_log(conn: Connection, new, old, run_id: int, postgres: bool) -> dict[str, dict[str, int]]:
    """Carry the live change log over and append this build's entries; returns the summary
    {"observations": {"added": n, "changed": n, "removed": n}, "targets": {...}}.

    `new(table)` / `old(table)` name the build's and the live tables (old: None when absent)."""
    distinct = "IS DISTINCT FROM" if postgres else "IS NOT"
    collate = ' COLLATE "C"' if postgres else ""  # keys in code-point order, as Python sorts them
    changes = new("changes")
    cols = ", ".join(CHANGE_COLUMNS)
    if old("changes"):
        # a log from an older schema lacks some columns (the quotes, the qualifiers): carried over as NULL
        present = set(conn.execute(text(f"SELECT * FROM {old('changes')} WHERE 1 = 0")).keys())
        carried = ", ".join(c if c in present else f"NULL AS {c}" for c in CHANGE_COLUMNS)
        conn.execute(text(f"INSERT INTO {changes} (id, run_id, {cols}) SELECT ROW_NUMBER() OVER (ORDER BY id), "
                          f"run_id, {carried} FROM {old('changes')}"))
    summary = {}
    for table in CHANGE_LOG_TABLES:
        source = old(table)
        empty = None
        if source is None:  # no live table: everything is added
            empty = f"empty_old_{table}"
            conn.execute(text(f"CREATE TEMPORARY TABLE {empty} AS SELECT * FROM {new(table)} WHERE 1 = 0"))
            source = empty
        offset = conn.execute(text(f"SELECT COUNT(*) FROM {changes}")).scalar_one()
        conn.execute(text(
            f"INSERT INTO {changes} (id, run_id, {cols}) "
            f"SELECT :offset + ROW_NUMBER() OVER (ORDER BY d.key{collate}), :run_id, :table_name, "
            f"{', '.join('d.' + c for c in CHANGE_COLUMNS if c != 'table_name')} "
            f"FROM ({diff_sql(table, new(table), source, distinct)}) d"),
            {"offset": offset, "run_id": run_id, "table_name": table})
        if empty:
            conn.execute(text(f"DROP TABLE {empty}"))
        counts = dict(conn.execute(text(f"SELECT change, COUNT(*) FROM {changes} WHERE run_id = :run_id "
                                        "AND table_name = :t GROUP BY change"), {"run_id": run_id, "t": table}).all())
        summary[table] = {c: counts.get(c, 0) for c in CHANGES}
    return summary


def first_changes(conn: Connection, new, run_id: int, limit: int) -> list[dict]:
    """The first `limit` entries run `run_id` wrote to the build's change log, in id order (as dicts)."""
    rows = conn.execute(text(f"SELECT {', '.join(CHANGE_COLUMNS)} FROM {new('changes')} WHERE run_id = :run_id "
                             "ORDER BY id LIMIT :limit"), {"run_id": run_id, "limit": limit}).mappings()
    return [dict(r) for r in rows]
