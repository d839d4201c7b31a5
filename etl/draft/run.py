"""`jjj draft`: propose a new document's metadata, statements, indicators and regions, and say
what the drafter is unsure of."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..load import RawCatalog, load_catalog
from ..periods import parse_period
from .match import IndicatorInfo, phrase_from_quote
from .meta import propose_meta
from .names import REVIEW_KEY
from .places import Gazetteer, RegionInfo
from .propose import Context, Draft, draft_statements
from .write import existing_drafts, write_draft


@dataclass
class Result:
    doc_id: str
    file: str
    draft: Draft
    meta: dict
    written: list[Path]


def doc_id_for(file_name: str) -> str:
    """A slug from the file's name: 005_ab12.txt → 005-ab12."""
    return re.sub(r"[^a-z0-9]+", "-", Path(file_name).stem.lower()).strip("-") or "document"


def catalog_context(raw: RawCatalog, doc_id: str, doc_year: int | None, hide_document: str | None = None,
                    hide_indicators: bool = False) -> Context:
    """Regions and indicators as the catalog has them; `hide_document`'s statements are left out
    (the bench drafts a coded document as if it were new), and with `hide_indicators` the
    indicators defined in its own files too (catalog/indicators/<id>*.yaml)."""
    regions = [RegionInfo(r.data["id"], r.data["zh"], r.data.get("level", ""), r.data.get("parent"))
               for r in raw.regions if isinstance(r.data.get("id"), str) and isinstance(r.data.get("zh"), str)]
    infos = {r.data["id"]: IndicatorInfo(r.data["id"], str(r.data.get("zh", "")), str(r.data.get("unit", "")))
             for r in raw.indicators if isinstance(r.data.get("id"), str)
             and not (hide_indicators and Path(r.origin.path).stem.startswith(str(hide_document)))}
    for st in raw.statements:
        info = infos.get(st.data.get("indicator"))
        if info is None or st.document == hide_document or not isinstance(st.data.get("quote"), str):
            continue
        phrase = phrase_from_quote(st.data["quote"], str(st.data.get("value", "")), str(st.data.get("unit", "")))
        if len(phrase) >= 2:
            info.phrases.append(phrase)
        info.regions.add(str(st.data.get("region")))
        try:
            info.spans.add(parse_period(str(st.data.get("period")), "2000").span)
        except ValueError:
            pass
    gazetteer = Gazetteer(regions)
    for info in infos.values():  # a phrase says what is measured: the place is the statement's region
        info.phrases = [_without_places(p, gazetteer) for p in info.phrases]
    taken = set(infos) | {r.id for r in regions}
    themes = tuple(str(t.data.get("id")) for t in raw.themes)
    coded = Counter(str(st.data.get("region")) for st in raw.statements)
    home = coded.most_common(1)[0][0] if coded else None
    return Context(gazetteer, list(infos.values()), doc_id, doc_year, taken, themes, home)


def _without_places(phrase: str, gazetteer: Gazetteer) -> str:
    for place in gazetteer.places(phrase):
        phrase = phrase.replace(place.words, "")
    return phrase


def observations_of(doc_id: str, draft: Draft) -> dict:
    statements = []
    for p in draft.statements:
        st = dict(p.statement)
        if p.unsure:
            st["note"] += "; UNSURE: " + "; ".join(p.unsure)
        statements.append(st)
    return {"document": doc_id, "statements": statements, "excluded": draft.excluded}


def draft_document(entry: Path, source: Path, doc_id: str | None = None, write: bool = True,
                   hide_document: str | None = None, hide_indicators: bool = False) -> Result:
    """Draft one document. Raises ValueError when it already has metadata or drafts."""
    raw = load_catalog(entry)
    root = raw.root
    source = source if source.is_absolute() else (Path.cwd() / source)
    if source.parent.resolve() != (root / "sources").resolve():
        raise ValueError(f"{source} is not in {root / 'sources'}: put the document there first")
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{source.name} is not UTF-8 (byte {exc.start}): convert it first") from None
    doc_id = doc_id or doc_id_for(source.name)
    if write:
        _check_free(root, raw, doc_id, source.name)
    meta = propose_meta(doc_id, source.name, data, text)
    year = int(meta["date"][:4]) if meta["date"][:4].isdigit() else None
    ctx = catalog_context(raw, doc_id, year, hide_document, hide_indicators)
    draft = draft_statements(text, ctx)
    written = write_draft(root, doc_id, source.name, meta, observations_of(doc_id, draft),
                          draft.indicators, draft.regions) if write else []
    return Result(doc_id, source.name, draft, meta, written)


def _check_free(root: Path, raw: RawCatalog, doc_id: str, file_name: str) -> None:
    if (root / "sources" / "meta" / f"{doc_id}.yaml").exists() or existing_drafts(root, doc_id):
        raise ValueError(f"document {doc_id} already has metadata or drafts (sources/meta/{doc_id}.yaml, "
                         f"*/{doc_id}.draft.yaml): edit them, or delete them to draft again")
    owner = next((r.data.get("id") for r in raw.documents if r.data.get("file") == file_name), None)
    if owner:
        raise ValueError(f"sources/{file_name} is already described by sources/meta/{owner}.yaml")


def undescribed(entry: Path) -> list[Path]:
    """Documents in sources/ that no metadata (accepted or drafted) names."""
    raw = load_catalog(entry)
    named = {r.data.get("file") for r in raw.documents} | {d["file"] for d in raw.drafts if d.get("file")}
    return [p for p in sorted((raw.root / "sources").glob("*.txt")) if p.name not in named]


def summary(result: Result) -> str:
    d = result.draft
    matched = sum(1 for p in d.statements if not p.new_indicator)
    unsure = [p for p in d.statements if p.unsure]
    lines = [
        f"Drafted sources/{result.file} as document {result.doc_id}:",
        f"  figures found: {len(d.statements) + len(d.excluded)} "
        f"({len(d.statements)} proposed statements, {len(d.excluded)} proposed exclusions)",
        f"  matched to existing indicators: {matched}",
        f"  new indicators proposed: {len(d.indicators)} (used by {len(d.statements) - matched} statements)",
        f"  region stubs proposed: {len(d.regions)}",
        f"  date proposed: {result.meta['date']} ({result.meta['date_precision']}); {REVIEW_KEY} it",
        f"  unsure: {len(unsure)}",
    ]
    lines += [f"    line {p.line} «{p.figure}»: " + "; ".join(p.unsure) for p in unsure]
    if result.written:
        lines.append("  wrote: " + ", ".join(str(p) for p in result.written))
        lines.append(f"  next: review them, then `jjj draft --accept {result.doc_id}`, `jjj check`, `jjj build`")
    return "\n".join(lines)
