"""Normalize: checked catalog records → table rows (plain dicts named like the columns).

Row order and ids are deterministic (sorted by natural key), so two builds from the same
inputs write identical tables.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from vocab import DATA_TABLES

from .validate import Catalog, CheckedStatement


@dataclass
class Dataset:
    themes: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    exclusions: list[dict] = field(default_factory=list)
    progress: list[dict] = field(default_factory=list)
    data_version: str = ""
    input_hashes: dict = field(default_factory=dict)
    pending_drafts: list[dict] = field(default_factory=list)  # documents waiting for review (etl/draft)

    TABLES = DATA_TABLES

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.TABLES}


def _signed(cs: CheckedStatement) -> tuple[float, float, float]:
    n = cs.normalized
    if cs.statement.change == "decrease":
        return -n.value, -n.high, -n.low
    return n.value, n.low, n.high


def statement_row(cs: CheckedStatement) -> dict:
    st, period = cs.statement, cs.period
    value, low, high = _signed(cs)
    return {
        "key": cs.key,
        "indicator_id": st.indicator,
        "region_id": st.region,
        "kind": st.kind,
        "period": period.text,
        "period_start": period.start,
        "period_end": period.end,
        "year": period.year,
        "period_span": period.span,
        "period_from_document": period.from_document,
        "base_period": cs.base.text if cs.base else None,
        "base_year": cs.base.year if cs.base else None,
        "value": value,
        "value_low": low,
        "value_high": high,
        "unit": cs.normalized.unit,
        "value_as_written": st.value,
        "unit_as_written": st.unit,
        "qualifier": st.qualifier,
        "qualifier_as_written": st.qualifier_as_written,
        "change_direction": st.change,
        "change_basis": st.change_basis if st.kind == "change" else None,
        "document_id": cs.document,
        "quote": st.quote,
        "note": st.note,
        "formula": None,
        "inputs": None,
        "catalog_ref": str(cs.origin),
    }


def target_row(cs: CheckedStatement) -> dict:
    row = statement_row(cs)
    keep = ("key", "indicator_id", "region_id", "value", "value_low", "value_high", "unit",
            "value_as_written", "unit_as_written", "qualifier", "qualifier_as_written",
            "document_id", "quote", "note", "catalog_ref")
    out = {k: row[k] for k in keep}
    out["target_year"] = None if cs.period.from_document else cs.period.year
    return out


def build_rows(catalog: Catalog) -> Dataset:
    ds = Dataset()
    ds.themes = [{"id": t.id, "zh": t.zh, "en": t.en, "position": i} for i, t in enumerate(catalog.themes)]
    ds.regions = parents_first([{"id": r.id, "zh": r.zh, "en": r.en, "level": r.level, "parent_id": r.parent}
                                for r in catalog.regions])
    ds.indicators = [i.model_dump() for i in catalog.indicators]
    ds.documents = [
        {"id": d.id, "file": d.file, "title": d.title, "title_en": d.title_en, "author": d.author,
         "author_en": d.author_en, "kind": d.kind, "date": d.date, "date_precision": d.date_precision,
         "date_evidence": d.date_evidence, "sha256": d.sha256}
        for d in catalog.documents
    ]
    statements = sorted(catalog.statements, key=lambda cs: cs.key)
    ds.observations = [statement_row(cs) for cs in statements if cs.statement.kind != "target"]
    ds.targets = [target_row(cs) for cs in statements if cs.statement.kind == "target"]
    ds.exclusions = [
        {"document_id": doc, "quote": ex.quote, "reason": ex.reason, "catalog_ref": str(origin)}
        for doc, ex, origin in sorted(catalog.exclusions, key=lambda e: (e[0], e[1].quote))
    ]
    ds.input_hashes = dict(sorted(catalog.input_hashes.items()))
    return ds


def content_version(ds: Dataset) -> str:
    """A hash of every row written: equal content, equal version (caches key on it)."""
    digest = hashlib.sha256()
    for name in ds.TABLES:
        digest.update(json.dumps(getattr(ds, name), sort_keys=True, ensure_ascii=False, default=str).encode())
    if ds.pending_drafts:  # the /sources page lists them: a new draft is new content for its caches
        digest.update(json.dumps(ds.pending_drafts, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def number_rows(rows: list[dict]) -> list[dict]:
    """Assign ids 1..n in key order: stable across builds from the same inputs."""
    rows.sort(key=lambda r: r["key"])
    for i, row in enumerate(rows, 1):
        row["id"] = i
    return rows


def parents_first(regions: list[dict]) -> list[dict]:
    """Regions ordered so that each parent precedes its children (foreign keys hold row by row)."""
    by_parent: dict = {}
    for r in sorted(regions, key=lambda r: r["id"]):
        by_parent.setdefault(r["parent_id"], []).append(r)
    ordered, queue = [], list(by_parent.get(None, []))
    while queue:
        region = queue.pop(0)
        ordered.append(region)
        queue.extend(by_parent.get(region["id"], []))
    return ordered
