"""Load: read `indicators.yaml`, the files it includes and the source documents.

Nothing is checked here beyond YAML syntax and the file layout; every record keeps its
origin (file and line) so that later steps can report errors precisely.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .draft.names import REVIEW_KEY, is_draft_file
from .draft.pending import pending_record
from .yamlio import CatalogYamlError, LineDict, load_yaml

INCLUDE_KEYS = ("regions", "indicators", "observations", "documents")
OPTIONAL_INCLUDE_KEYS = ("external",)  # may be absent, and its pattern may match no file


@dataclass(frozen=True)
class Origin:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class RawRecord:
    """One mapping from a catalog file, not yet validated."""

    data: dict
    origin: Origin
    key_lines: dict = field(default_factory=dict)
    document: str | None = None  # for statements and exclusions: the file's `document:`

    def origin_of(self, key: str) -> Origin:
        return Origin(self.origin.path, self.key_lines.get(key, self.origin.line))


QUOTE_CHARS = 120      # what an error line echoes of a quote or value
MESSAGE_CHARS = 1000   # and at most of anything: a 1 MB field must not come back as a 1 MB line


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text`, or its start and how long it is when longer than `limit`."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


@dataclass
class LoadError:
    origin: Origin
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.origin}" + (f" [{self.field}]" if self.field else "")
        return f"{where}: {clip(self.message, MESSAGE_CHARS)}"


@dataclass
class RawCatalog:
    root: Path
    themes: list[RawRecord] = field(default_factory=list)
    regions: list[RawRecord] = field(default_factory=list)
    indicators: list[RawRecord] = field(default_factory=list)
    statements: list[RawRecord] = field(default_factory=list)
    exclusions: list[RawRecord] = field(default_factory=list)
    documents: list[RawRecord] = field(default_factory=list)
    external: list[RawRecord] = field(default_factory=list)  # external series (etl/external.py)
    source_texts: dict[str, str] = field(default_factory=dict)   # file name → text
    source_hashes: dict[str, str] = field(default_factory=dict)  # file name → sha256
    input_hashes: dict[str, str] = field(default_factory=dict)   # every input file → sha256
    errors: list[LoadError] = field(default_factory=list)
    # per document id: where its statements are listed, and where a file says it has none on purpose
    statement_lists: dict[str, Origin] = field(default_factory=dict)
    no_statements: dict[str, Origin] = field(default_factory=dict)
    drafts: list[dict] = field(default_factory=list)  # files `jjj draft` wrote, left out until accepted


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _records(items, path: str, errors: list[LoadError], list_key: str, list_line: int,
             document: str | None = None) -> list[RawRecord]:
    if items is None:
        return []
    if not isinstance(items, list):
        errors.append(LoadError(Origin(path, list_line), list_key, "must be a list"))
        return []
    out = []
    for item in items:
        if not isinstance(item, LineDict):
            errors.append(LoadError(Origin(path, list_line), list_key,
                                    f"each entry must be a mapping, got {_kind(item)}"))
            continue
        out.append(RawRecord(dict(item), Origin(path, item.line), dict(item.key_lines), document))
    return out


def _kind(value) -> str:
    """What a value is, for messages: its type, never its (possibly huge) contents."""
    return "nothing" if value is None else f"a {type(value).__name__}"


def _read_yaml(path: Path, raw: RawCatalog):
    rel = _rel(path, raw.root)
    try:
        data = load_yaml(path)
    except CatalogYamlError as exc:
        raw.errors.append(LoadError(Origin(rel, exc.line), "", exc.message))
        return rel, None
    raw.input_hashes[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    if data is None:  # nothing but blanks or comments: surely a mistake, never "no records"
        raw.errors.append(LoadError(Origin(rel, 1), "", "empty file"))
        return rel, None
    if not isinstance(data, LineDict):
        raw.errors.append(LoadError(Origin(rel, 1), "", "the file must hold a mapping at the top"))
        return rel, None
    return rel, data


def load_catalog(entry: Path) -> RawCatalog:
    """Read the entry file, every file it includes and every source document."""
    entry = entry.resolve()
    root = entry.parent
    raw = RawCatalog(root=root)
    if not entry.is_file():
        raw.errors.append(LoadError(Origin(str(entry), 0), "", "the catalog's entry file is not there "
                                                                "(run from the repository, or pass --catalog)"))
        return raw
    rel, top = _read_yaml(entry, raw)
    if top is None:
        return raw
    raw.themes = _records(top.get("themes"), rel, raw.errors, "themes", top.line_of("themes"))
    include = top.get("include")
    if not isinstance(include, LineDict):
        raw.errors.append(LoadError(Origin(rel, top.line_of("include")), "include",
                                    f"must map each of {', '.join(INCLUDE_KEYS)} to a file pattern"))
        return raw
    for key in INCLUDE_KEYS:
        pattern = include.get(key)
        if not isinstance(pattern, str):
            raw.errors.append(LoadError(Origin(rel, include.line_of(key) if key in include else include.line),
                                        f"include.{key}", "missing file pattern"))
            continue
        paths = _glob(root, pattern, raw, Origin(rel, include.line_of(key)), f"include.{key}")
        if paths is None:
            continue
        if not paths:
            raw.errors.append(LoadError(Origin(rel, include.line_of(key)), f"include.{key}",
                                        f"pattern {pattern!r} matches no file"))
        for path in paths:
            _load_included(key, path, raw)
    for key in OPTIONAL_INCLUDE_KEYS:
        pattern = include.get(key)
        if pattern is None:
            continue
        if not isinstance(pattern, str):
            raw.errors.append(LoadError(Origin(rel, include.line_of(key)), f"include.{key}", "must be a file pattern"))
            continue
        for path in _glob(root, pattern, raw, Origin(rel, include.line_of(key)), f"include.{key}") or []:
            _load_included(key, path, raw)
    _load_sources(raw)
    return raw


def _glob(root: Path, pattern: str, raw: RawCatalog, origin: Origin, field_name: str) -> list[Path] | None:
    """The files an include pattern matches, inside the catalog's folder; None (and an error) otherwise."""
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        raw.errors.append(LoadError(origin, field_name, f"pattern {pattern!r} must be relative to the catalog's "
                                                        "folder and stay inside it"))
        return None
    try:
        matches = sorted(root.glob(pattern))
    except (ValueError, NotImplementedError, OSError) as exc:
        raw.errors.append(LoadError(origin, field_name, f"pattern {pattern!r} cannot be used: {exc}"))
        return None
    return [p for p in matches if _usable_link(p, root, raw) and p.is_file()]


def _usable_link(path: Path, root: Path, raw: RawCatalog) -> bool:
    """A symbolic link among the catalog's files must lead to a file inside the catalog's folder: a broken
    one would drop that file's records without a word, one leading out would read what is not ours."""
    if not path.is_symlink():
        return True
    where = Origin(_rel(path, root), 1)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raw.errors.append(LoadError(where, "", "a broken or looping symbolic link: restore the file it names, "
                                              "or remove the link"))
        return False
    if not target.is_relative_to(root.resolve()):
        raw.errors.append(LoadError(where, "", f"a symbolic link to {target}, outside the catalog's folder: "
                                              "copy the file in instead"))
        return False
    return True


def _load_included(key: str, path: Path, raw: RawCatalog) -> None:
    if is_draft_file(path):  # never read as catalog records: a curator has not reviewed it yet
        try:
            data = load_yaml(path)
        except CatalogYamlError:
            data = None
        raw.input_hashes[_rel(path, raw.root)] = hashlib.sha256(path.read_bytes()).hexdigest()  # serve rebuilds
        raw.drafts.append(pending_record(key, _rel(path, raw.root), data))
        return
    rel, data = _read_yaml(path, raw)
    if data is None:
        return
    if key == "documents" and REVIEW_KEY in data:  # metadata `jjj draft` proposed, not yet reviewed
        raw.drafts.append(pending_record(key, rel, data))
        return
    if key == "documents":
        raw.documents.append(RawRecord(dict(data), Origin(rel, data.line or 1), dict(data.key_lines)))
        return
    if key == "observations":
        document = data.get("document")
        if not isinstance(document, str):
            raw.errors.append(LoadError(Origin(rel, data.line_of("document") if "document" in data else 1),
                                        "document", "missing: the id of the document these statements come from"))
            return
        raw.statements += _records(data.get("statements"), rel, raw.errors, "statements",
                                   data.line_of("statements"), document)
        raw.exclusions += _records(data.get("excluded"), rel, raw.errors, "excluded",
                                   data.line_of("excluded"), document)
        raw.statement_lists.setdefault(document, Origin(rel, data.line_of("statements")))
        if "no_statements" in data:
            reason = data["no_statements"]
            if isinstance(reason, str) and len(reason.strip()) >= 3:
                raw.no_statements[document] = Origin(rel, data.line_of("no_statements"))
            else:
                raw.errors.append(LoadError(Origin(rel, data.line_of("no_statements")), "no_statements",
                                            "give the reason this document has no statements, as text"))
        unknown = set(data) - {"document", "statements", "excluded", "no_statements"}
    elif key == "external":
        raw.external += _records(data.get("series"), rel, raw.errors, "series", data.line_of("series"))
        unknown = set(data) - {"series"}
    else:
        getattr(raw, key).extend(_records(data.get(key), rel, raw.errors, key, data.line_of(key)))
        unknown = set(data) - {key}
    for name in sorted(unknown):
        raw.errors.append(LoadError(Origin(rel, data.line_of(name)), name, "unknown top-level key"))


def _load_sources(raw: RawCatalog) -> None:
    """Read each document named by a metadata file; a missing one is an error there."""
    for meta in raw.documents:
        name = meta.data.get("file")
        if not isinstance(name, str):
            continue  # reported by validation
        sources = (raw.root / "sources").resolve()
        path = raw.root / "sources" / name
        rel = _rel(path, raw.root)
        if not path.resolve().is_relative_to(sources):
            raw.errors.append(LoadError(meta.origin_of("file"), "file",
                                        f"{name!r} is outside sources/: name a file inside it, relative to it"))
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raw.errors.append(LoadError(meta.origin_of("file"), "file", f"document {rel} not found"))
            continue
        except IsADirectoryError:
            raw.errors.append(LoadError(meta.origin_of("file"), "file", f"{rel} is a folder, not a document"))
            continue
        except OSError as exc:
            raw.errors.append(LoadError(meta.origin_of("file"), "file", f"document {rel} cannot be read: "
                                                                         f"{exc.strerror or exc}"))
            continue
        try:
            raw.source_texts[name] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raw.errors.append(LoadError(meta.origin_of("file"), "file",
                                        f"document {rel} is not UTF-8 (byte {exc.start})"))
            continue
        raw.source_hashes[name] = hashlib.sha256(data).hexdigest()
        raw.input_hashes[rel] = raw.source_hashes[name]
