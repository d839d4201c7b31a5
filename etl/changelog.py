"""The change log: observations and targets added, changed and removed between two builds.

Rows are matched by their natural `key` (document | kind | indicator | region | period | base),
so a figure whose value was corrected shows as "changed" with its old and new value, not as a
removal plus an addition. Pure functions over row dicts named like the table columns.
"""
from __future__ import annotations

from collections import Counter

from vocab import CHANGE_LOG_COMPARED as COMPARED
from vocab import CHANGE_LOG_TABLES as TABLES
from vocab import CHANGES, Change, readable_number


def comparable(row: dict, table: str) -> dict:
    """The fields of an observation or target row the change log looks at."""
    period = row.get("period") if table == "observations" else row.get("target_year")
    out = {name: row.get(name) for name in COMPARED}
    out.update(key=row["key"], indicator_id=row["indicator_id"], region_id=row["region_id"],
               kind=row.get("kind", "target") if table == "observations" else "target",
               period="" if period is None else str(period))
    return out


def _entry(table: str, change: str, old: dict | None, new: dict | None, fields: list[str]) -> dict:
    ref = new or old
    return {
        "table_name": table, "key": ref["key"], "change": change,
        "indicator_id": ref["indicator_id"], "region_id": ref["region_id"], "kind": ref["kind"],
        "period": ref["period"], "unit": ref["unit"], "document_id": ref["document_id"],
        "old_value": old["value"] if old else None, "new_value": new["value"] if new else None,
        "old_as_written": _as_written(old), "new_as_written": _as_written(new),
        "fields": ",".join(fields) if fields else None,
        "old_quote": old["quote"] if old else None, "new_quote": new["quote"] if new else None,
        "old_qualifier": old["qualifier"] if old else None, "new_qualifier": new["qualifier"] if new else None,
    }


def _as_written(row: dict | None) -> str | None:
    if row is None:
        return None
    return "".join(row.get(f) or "" for f in ("qualifier_as_written", "value_as_written", "unit_as_written")) or None


def diff_table(old_rows: list[dict], new_rows: list[dict], table: str) -> list[dict]:
    """Change entries for one table, ordered by key."""
    old = {r["key"]: comparable(r, table) for r in old_rows}
    new = {r["key"]: comparable(r, table) for r in new_rows}
    out = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None:
            out.append(_entry(table, Change.ADDED, None, b, []))
        elif b is None:
            out.append(_entry(table, Change.REMOVED, a, None, []))
        else:
            fields = [f for f in COMPARED if a[f] != b[f]]
            if fields:
                out.append(_entry(table, Change.CHANGED, a, b, fields))
    return out


def diff(old: dict[str, list[dict]], new: dict[str, list[dict]]) -> list[dict]:
    """The change log between two snapshots {table: rows}; an empty old snapshot adds everything."""
    return [entry for table in TABLES for entry in diff_table(old.get(table, []), new.get(table, []), table)]


def summarize(changes: list[dict]) -> dict[str, dict[str, int]]:
    """{"observations": {"added": n, "changed": n, "removed": n}, "targets": {...}}."""
    counts = Counter((c["table_name"], c["change"]) for c in changes)
    return {t: {c: counts[(t, c)] for c in CHANGES} for t in TABLES}


def describe(change: dict) -> str:
    """One line of the printed change log."""
    what = f"{change['indicator_id']} · {change['region_id']} · {change['period'] or 'no year'} ({change['kind']})"
    if change["change"] == "added":
        return f"+ {what}: {_value(change, 'new')}"
    if change["change"] == "removed":
        return f"- {what}: was {_value(change, 'old')}"
    fields = [f for f in change["fields"].split(",") if f not in ("value_low", "value_high") or "value" not in
              change["fields"].split(",")]
    return f"~ {what}: {_value(change, 'old')} → {_value(change, 'new')} [{', '.join(fields)}]"


def _value(change: dict, side: str) -> str:
    written = change[f"{side}_as_written"]
    value = change[f"{side}_value"]
    if value is None:
        number = ""
    else:
        number = f"{readable_number(value)} {change['unit']}"
    return f"{written} ({number})" if written else number
