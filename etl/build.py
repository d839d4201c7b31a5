"""The pipeline: load → validate → normalize → derive → (progress) → write."""
from __future__ import annotations

from pathlib import Path

from db.write import now_iso, write_dataset

from .derive import derive_levels, find_conflicts
from .external import with_external_series
from .load import load_catalog
from .progress import progress_rows
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
    ds.data_version = content_version(ds)
    return ds


def build(entry: Path, url: str, message: str = "build", catalog: Catalog | None = None) -> tuple[Dataset, dict]:
    """The whole pipeline; pass an already checked `catalog` to skip loading it again."""
    started = now_iso()
    dataset = process(catalog or check(entry))
    run = write_dataset(dataset, url, started_at=started, message=message)
    return dataset, run
