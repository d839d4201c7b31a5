"""Drafts the build leaves out: what the loader records of them, for `jjj check`/`build` to say and
for the /sources page to list."""
from __future__ import annotations

from .names import REVIEW_KEY, doc_id_of, how_to_accept

COUNTED = {"observations": "statements", "indicators": "indicators", "regions": "regions"}


def pending_record(include_key: str, rel_path: str, data) -> dict:
    """One draft file (or drafted metadata) as {document, file, path, statements|indicators|regions}."""
    record = {"document": doc_id_of(rel_path), "path": rel_path, "kind": include_key}
    if include_key == "documents" and isinstance(data, dict):
        record["file"] = data.get("file") if isinstance(data.get("file"), str) else None
        record["review"] = sorted(data.get(REVIEW_KEY) or {}) if isinstance(data.get(REVIEW_KEY), dict) else []
    if include_key in COUNTED and isinstance(data, dict):
        items = data.get("statements" if include_key == "observations" else include_key)
        record[COUNTED[include_key]] = len(items) if isinstance(items, list) else 0
    return record


def by_document(drafts: list[dict]) -> list[dict]:
    """One row per document waiting for review: its file and how many statements, indicators and
    regions are drafted."""
    docs: dict[str, dict] = {}
    for d in drafts:
        row = docs.setdefault(d["document"], {"document": d["document"], "file": None, "statements": 0,
                                              "indicators": 0, "regions": 0})
        row["file"] = row["file"] or d.get("file")
        for name in COUNTED.values():
            row[name] += d.get(name, 0)
    return [docs[k] for k in sorted(docs)]


def notice(drafts: list[dict]) -> list[str]:
    """One line per document waiting for review, saying how to accept it."""
    return [f"{row['document']}: a draft ({row['statements']} statements, {row['indicators']} indicators, "
            f"{row['regions']} regions) is not built: {how_to_accept(row['document'])}"
            for row in by_document(drafts)]
