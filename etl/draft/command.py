"""`jjj draft` behind the CLI: which documents to draft, printing summaries, accepting drafts."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..load import load_catalog
from .run import draft_document, summary, undescribed
from .write import accept


def draft_command(catalog: Path, files: list[Path], all_new: bool, accept_id: str | None, doc_id: str | None,
                  echo: Callable[[str], None], warn: Callable[[str], None]) -> int:
    """Exit status: 0 done, 1 a document could not be drafted or accepted, 2 bad arguments."""
    if accept_id:
        if files or all_new:
            warn("--accept takes a document id alone")
            return 2
        try:
            done = accept(load_catalog(catalog).root, accept_id)
        except ValueError as exc:
            warn(str(exc))
            return 1
        echo("\n".join(done) + f"\nAccepted {accept_id}: now `jjj check` (quotes are verified) and `jjj build`.")
        return 0
    if all_new == bool(files):
        warn("name the documents to draft (sources/<file>.txt), or --all for every one without metadata")
        return 2
    if doc_id and (all_new or len(files) != 1):
        warn("--id names one document: give exactly one file")
        return 2
    targets = undescribed(catalog) if all_new else files
    if not targets:
        echo("Every document in sources/ has metadata: nothing to draft.")
        return 0
    status = 0
    for path in targets:
        try:
            result = draft_document(catalog, path, doc_id)
        except (ValueError, OSError) as exc:
            warn(f"{path}: {exc}")
            status = 1
            continue
        echo(summary(result))
    return status
