"""The pipeline: load → validate → normalize → derive → (progress) → write."""
from __future__ import annotations

from pathlib import Path

from db.schema import SCHEMA_VERSION
from db.write import now_iso, write_dataset

from .changelog import diff
from .derive import derive_levels, find_conflicts
from .draft.pending import by_document
from .external import series_input_hashes, with_external_series
from .faults import BEFORE_WRITE, fault_point
from .live import LiveUnreadable, is_live, live_state, take_stock
from .load import load_catalog
from .progress_rows import progress_rows
from .terminate import Terminated
from .transform import Dataset, build_rows, content_version, number_rows
from .validate import Catalog, validate


def check(entry: Path) -> Catalog:
    """Load and validate; raises CatalogInvalid with every problem. Writes nothing."""
    raw = load_catalog(entry)
    return with_external_series(validate(raw), raw)


def process(catalog: Catalog) -> Dataset:
    """Normalized rows, derived levels, conflicts and progress, ready to write."""
    ds = build_rows(catalog)
    doc_dates = {d["id"]: d["date"] for d in ds.documents}
    ds.observations += derive_levels(ds.observations, doc_dates)
    ds.conflicts = find_conflicts([o for o in ds.observations if o["kind"] == "observed"], "observed") + \
        find_conflicts(ds.targets, "target")
    ds.progress = progress_rows(ds.observations, ds.targets, ds.indicators, doc_dates)
    for name in ("observations", "targets", "conflicts", "progress"):
        number_rows(getattr(ds, name))
    for i, row in enumerate(ds.exclusions, 1):
        row["id"], row["key"] = i, f"{row['document_id']}|{i}"
    ds.pending_drafts = by_document(catalog.drafts)
    ds.data_version = content_version(ds)
    return ds


def needs_build(entry: Path, url: str) -> str | None:
    """Why the live database must be (re)built before serving, or None when it is current."""
    try:
        live = live_state(url, with_snapshot=False)  # every statement is not needed to compare versions
    except LiveUnreadable as exc:
        return str(exc)
    if live is None:
        return "there is no database yet"
    if live["schema_version"] != SCHEMA_VERSION:
        return f"it was built with schema {live['schema_version'] or '?'}, this code uses {SCHEMA_VERSION}"
    raw = load_catalog(entry)
    if {**raw.input_hashes, **series_input_hashes(raw)} != live["input_hashes"]:
        return "the catalog or a document changed since it was built"
    return None


def usable_live(url: str) -> bool:
    """Whether the live database can be served as it is: there, readable, and of this code's schema."""
    try:
        live = live_state(url, with_snapshot=False)
    except LiveUnreadable:
        return False
    return live is not None and live["schema_version"] == SCHEMA_VERSION


def change_log(live: dict | None, dataset: Dataset) -> list[dict]:
    """Observations and targets added, changed and removed against the live database."""
    return diff(live["snapshot"] if live else {}, {"observations": dataset.observations, "targets": dataset.targets})


def build(entry: Path, url: str, message: str = "build", catalog: Catalog | None = None):
    """The whole pipeline, streamed (etl/stream_build.py); pass a `check_lean` catalog to skip checking again.

    The change log against the live database is recorded too, so "What changed" covers plain builds.
    An unreadable live SQLite file is moved aside first; the returned run's "note" then says so.
    Returns (BuildResult, run).
    """
    from .stream_build import build_streaming
    return build_streaming(entry, url, message, catalog)


def build_in_memory(entry: Path, url: str, message: str = "build",
                    catalog: Catalog | None = None) -> tuple[Dataset, dict]:
    """The pipeline with every row in memory (process + write_dataset): what the streamed build must equal."""
    started = now_iso()
    dataset = process(catalog or check(entry))
    live, note = take_stock(url)
    changes = change_log(live, dataset)
    fault_point(BEFORE_WRITE)
    try:
        run = write_dataset(dataset, url, started_at=started, message=f"{message}; {note}" if note else message,
                            changes=changes, on_phase=fault_point)
    except Terminated as exc:  # say whether it came before or after the swap: the caller reports it
        exc.swapped = is_live(url, dataset.data_version, started)
        raise
    return dataset, {**run, "note": note}
