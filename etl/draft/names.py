"""Where drafts live and how they are marked: one vocabulary for the drafter, the loader and the pages.

A draft is any catalog file named `<id>.draft.yaml` (statements, indicators, region stubs), and a
document's metadata carrying a `review:` block (the fields the drafter guessed). The build loads
neither; `jjj draft --accept <id>` (or renaming the files and deleting `review:`) accepts them.
"""
from __future__ import annotations

from pathlib import Path

DRAFT_SUFFIX = ".draft.yaml"
REVIEW_KEY = "review"  # in sources/meta/<id>.yaml: field → why it needs a curator's look

DRAFT_FOLDERS = ("catalog/observations", "catalog/indicators", "catalog/regions")


def is_draft_file(path: Path | str) -> bool:
    return str(path).endswith(DRAFT_SUFFIX)


def draft_path(root: Path, folder: str, doc_id: str) -> Path:
    return root / folder / f"{doc_id}{DRAFT_SUFFIX}"


def accepted_path(path: Path) -> Path:
    """catalog/observations/x.draft.yaml → catalog/observations/x.yaml"""
    return path.with_name(path.name[: -len(DRAFT_SUFFIX)] + ".yaml")


def doc_id_of(path: Path | str) -> str:
    name = Path(path).name
    return name[: -len(DRAFT_SUFFIX)] if is_draft_file(name) else Path(name).stem


def how_to_accept(doc_id: str) -> str:
    return (f"review it, then run `jjj draft --accept {doc_id}` (or rename each {doc_id}{DRAFT_SUFFIX} "
            f"to {doc_id}.yaml and delete the `{REVIEW_KEY}:` block of sources/meta/{doc_id}.yaml)")
