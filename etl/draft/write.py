"""Writing drafts as YAML in the catalog's shapes, and accepting them after review."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .names import DRAFT_FOLDERS, REVIEW_KEY, accepted_path, draft_path

UNREVIEWED = ("UNSURE:", "(to translate", "(to describe", "(to set")  # markers a curator must resolve before accepting
HEADER = ("# DRAFT written by `jjj draft` from sources/{file}: every entry is a proposal.\n"
          "# The build does not read this file. Review each entry (the note says where each field came from;\n"
          "# UNSURE says why to look twice), then `jjj draft --accept {doc}`.\n")


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def write_draft(root: Path, doc_id: str, file_name: str, meta: dict, observations: dict,
                indicators: list[dict], regions: list[dict]) -> list[Path]:
    header = HEADER.format(file=file_name, doc=doc_id)
    out = [(root / "sources" / "meta" / f"{doc_id}.yaml", header + dump(meta)),
           (draft_path(root, "catalog/observations", doc_id), header + dump(observations))]
    if indicators:
        out.append((draft_path(root, "catalog/indicators", doc_id), header + dump({"indicators": indicators})))
    if regions:
        out.append((draft_path(root, "catalog/regions", doc_id), header + dump({"regions": regions})))
    for path, text in out:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [p for p, _ in out]


def existing_drafts(root: Path, doc_id: str) -> list[Path]:
    return [p for p in (draft_path(root, folder, doc_id) for folder in DRAFT_FOLDERS) if p.exists()]


def unreviewed(paths: list[Path]) -> list[str]:
    """file:line for each marker still in the files."""
    found = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.startswith("#") and any(marker in line for marker in UNREVIEWED):
                found.append(f"{path}:{n}: {line.strip()[:100]}")
    return found


def strip_review_block(text: str) -> str:
    """The metadata without its `review:` block and the draft header."""
    text = re.sub(rf"(?ms)^{REVIEW_KEY}:\n(?:[ \t]+.*\n?)*", "", text)
    return "".join(ln for ln in text.splitlines(keepends=True) if not ln.startswith("# DRAFT")
                   and not ln.startswith("# The build does not read") and not ln.startswith("# UNSURE says"))


def accept(root: Path, doc_id: str) -> list[str]:
    """Rename the document's drafts and drop the metadata's review block. Raises ValueError when
    there is nothing to accept or markers of unreviewed fields remain."""
    meta = root / "sources" / "meta" / f"{doc_id}.yaml"
    drafts = existing_drafts(root, doc_id)
    if not drafts and not (meta.exists() and re.search(rf"(?m)^{REVIEW_KEY}:", meta.read_text(encoding="utf-8"))):
        raise ValueError(f"no draft of document {doc_id!r} to accept (no *.draft.yaml, no review block)")
    left = unreviewed(drafts + ([meta] if meta.exists() else []))
    if left:
        raise ValueError("still marked for review (resolve each, then accept again):\n  " + "\n  ".join(left))
    clashes = [accepted_path(p) for p in drafts if accepted_path(p).exists()]
    if clashes:
        raise ValueError(f"{clashes[0]} already exists: merge the draft into it by hand")
    done = []
    for path in drafts:
        target = accepted_path(path)
        path.rename(target)
        done.append(f"{path} → {target}")
    if meta.exists():
        meta.write_text(strip_review_block(meta.read_text(encoding="utf-8")), encoding="utf-8")
        done.append(f"{meta}: review block removed")
    return done
