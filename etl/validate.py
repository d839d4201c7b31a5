"""Validate: shape (pydantic), references, provenance and normalization, all errors at once.

`validate(raw)` returns a `Catalog` of checked records, or raises `CatalogInvalid` listing
every problem with its file, line and field.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from .load import LoadError, Origin, RawCatalog, RawRecord, clip
from .normalize import NormalizationError, Normalized, normalize
from .periods import Period, last_day, parse_period
from .schema import DocumentMeta, Exclusion, Indicator, Region, Statement, ThemeDef


class CatalogInvalid(Exception):
    def __init__(self, errors: list[LoadError]):
        self.errors = errors
        super().__init__(f"{len(errors)} catalog error(s)")

    def report(self) -> str:
        return "\n".join(str(e) for e in self.errors)


@dataclass
class CheckedStatement:
    statement: Statement
    document: str
    origin: Origin
    normalized: Normalized
    period: Period
    base: Period | None
    key: str


@dataclass
class Catalog:
    themes: list[ThemeDef]
    regions: list[Region]
    indicators: list[Indicator]
    documents: list[DocumentMeta]
    statements: list[CheckedStatement]
    exclusions: list[tuple[str, Exclusion, Origin]]
    input_hashes: dict[str, str] = field(default_factory=dict)
    drafts: list[dict] = field(default_factory=list)  # `jjj draft` files left out until accepted

    def indicator(self, indicator_id: str) -> Indicator:
        return self._indicators[indicator_id]

    def document(self, document_id: str) -> DocumentMeta:
        return self._documents[document_id]

    def __post_init__(self):
        self._indicators = {i.id: i for i in self.indicators}
        self._documents = {d.id: d for d in self.documents}


def squash(text: str) -> str:
    """Whitespace removed: the texts carry line breaks and spaces inside words and numbers."""
    return re.sub(r"\s+", "", text)


def contains_number(haystack: str, number: str) -> bool:
    """`number` occurs in `haystack` not as part of a longer number ("2200" is not in "12200")."""
    if len(number) > len(haystack):  # cannot be in it; and a huge number would make a huge regex
        return False
    if not number[:1].isdigit():  # Chinese numerals: a plain substring test
        return number in haystack
    return re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)(?!\.\d)", haystack) is not None


def yaml_type_hint(value) -> str:
    """For a value YAML read as a boolean or a date where text was expected: say so, and to quote it."""
    if isinstance(value, bool):
        return f" (YAML read this as the boolean {str(value).lower()}: put the value in quotes)"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return (f" (YAML read this as the date {value.isoformat()}: put the value in quotes, "
                f"e.g. \"{value.isoformat()}\")")
    return ""


class _Validator:
    def __init__(self, raw: RawCatalog):
        self.raw = raw
        self.errors: list[LoadError] = list(raw.errors)

    def error(self, record: RawRecord, field_name: str, message: str) -> None:
        self.errors.append(LoadError(record.origin_of(field_name), field_name, message))

    def model(self, cls: type[BaseModel], record: RawRecord):
        try:
            return cls.model_validate(record.data)
        except ValidationError as exc:
            for err in exc.errors():
                name = ".".join(str(p) for p in err["loc"]) or ""
                top = str(err["loc"][0]) if err["loc"] else ""
                message = err["msg"]
                if err["type"] == "extra_forbidden":
                    message = "unknown field (a typo?)"
                elif top in record.data:
                    message += yaml_type_hint(record.data[top])
                self.errors.append(LoadError(record.origin_of(top), name, message))
            return None

    def unique(self, records: list[tuple[RawRecord, BaseModel]], what: str) -> dict:
        seen: dict = {}
        for record, model in records:
            if model.id in seen:
                self.error(record, "id",
                           f"duplicate {what} id {model.id!r} (first defined at {seen[model.id][0].origin})")
            else:
                seen[model.id] = (record, model)
        return {k: v[1] for k, v in seen.items()}

    def run(self) -> Catalog:
        raw = self.raw
        themes = self.unique([(r, m) for r in raw.themes if (m := self.model(ThemeDef, r))], "theme")
        regions = self.unique([(r, m) for r in raw.regions if (m := self.model(Region, r))], "region")
        indicators = self.unique([(r, m) for r in raw.indicators if (m := self.model(Indicator, r))], "indicator")
        documents = self.unique([(r, m) for r in raw.documents if (m := self.model(DocumentMeta, r))], "document")
        self.check_regions(raw, regions)
        self.check_indicators(raw, indicators, themes)
        self.check_documents(raw, documents)
        statements = self.check_statements(raw, regions, indicators, documents)
        exclusions = self.check_exclusions(raw, documents)
        self.check_documents_have_statements(raw, documents)
        if self.errors:
            raise CatalogInvalid(self.errors)
        return Catalog(
            themes=list(themes.values()), regions=list(regions.values()),
            indicators=sorted(indicators.values(), key=lambda i: i.id),
            documents=sorted(documents.values(), key=lambda d: d.id),
            statements=statements, exclusions=exclusions, input_hashes=dict(raw.input_hashes),
            drafts=list(raw.drafts),
        )

    def check_regions(self, raw, regions):
        for record in raw.regions:
            parent = record.data.get("parent")
            if parent is not None and parent not in regions:
                self.error(record, "parent", f"unknown region {parent!r}")
        for cycle in parent_cycles(regions):  # a parent chain must end at a root; each cycle said once
            record = next(r for r in raw.regions if r.data.get("id") == cycle[0])
            self.error(record, "parent", "regions form a parent cycle: " + " → ".join(cycle + [cycle[0]]))

    def check_indicators(self, raw, indicators, themes):
        for record in raw.indicators:
            theme = record.data.get("theme")
            if record.data.get("id") in indicators and theme not in themes:
                self.error(record, "theme", f"theme {theme!r} is not listed in indicators.yaml")

    def check_documents(self, raw, documents):
        files: dict[str, str] = {}
        for record in raw.documents:
            stem = record.origin.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if isinstance(record.data.get("id"), str) and record.data["id"] != stem:
                self.error(record, "id", f"id {record.data['id']!r} differs from the file's name ({stem}): statements "
                                         "find a document's metadata by its id, so name the file "
                                         f"{record.data['id']}.yaml")
            meta = documents.get(record.data.get("id"))
            if meta is None or meta.file not in raw.source_hashes:
                continue
            if meta.file in files:
                self.error(record, "file", f"file {meta.file} is already described by {files[meta.file]!r}")
            files[meta.file] = meta.id
            actual = raw.source_hashes[meta.file]
            if actual != meta.sha256:
                self.error(record, "sha256", f"sources/{meta.file} has sha256 {actual} but {meta.sha256} is "
                                             "recorded: the document changed; re-check its statements, "
                                             "then record the new hash")

    def check_statements(self, raw, regions, indicators, documents) -> list[CheckedStatement]:
        checked: list[CheckedStatement] = []
        keys: dict[str, Origin] = {}
        invalid_documents = {r.data.get("id") for r in raw.documents} - set(documents)
        for record in raw.statements:
            st = self.model(Statement, record)
            if st is None:
                continue
            doc = documents.get(record.document)
            ok = True
            if doc is None and record.document in invalid_documents:
                continue  # its metadata's own errors are the root cause, reported there once
            if doc is None:
                self.error(record, "document",
                           f"unknown document {record.document!r} (no sources/meta/{record.document}.yaml)")
                ok = False
            if st.indicator not in indicators:
                self.error(record, "indicator", f"unknown indicator {clip(st.indicator)!r}")
                ok = False
            if st.region not in regions:
                self.error(record, "region", f"unknown region {clip(st.region)!r}")
                ok = False
            ok &= self.check_kind(record, st)
            period = base = None
            try:
                period = parse_period(st.period, doc.date if doc else None)
                base = parse_period(st.base_period, doc.date if doc else None) if st.base_period else None
            except ValueError as exc:
                self.error(record, "period", str(exc))
                ok = False
            if period and doc and st.kind != "target" and period.start > last_day(doc.date):
                self.error(record, "period", f"{st.kind} value for {st.period} postdates its document {doc.id} "
                                             f"(dated {doc.date}): only targets look forward; make it kind: target, "
                                             "or correct the period")
                ok = False
            if period and base and base.year >= period.year and base.end >= period.end:
                self.error(record, "base_period", f"base period {st.base_period} is not before {st.period}")
                ok = False
            if doc is not None and doc.file in raw.source_texts:
                ok &= self.check_provenance(record, st, doc, raw.source_texts[doc.file])
            normalized = None
            if st.indicator in indicators:
                try:
                    normalized = normalize(st.value, st.unit, indicators[st.indicator].unit, st.kind == "change")
                except NormalizationError as exc:
                    self.error(record, exc.field, str(exc))
                    ok = False
            if normalized and (st.qualifier == "range") != (normalized.low != normalized.high):
                self.error(record, "qualifier", "qualifier 'range' goes with a value like '30-40', and only with one")
                ok = False
            key = "|".join([record.document or "", st.kind, st.indicator, st.region, st.period, st.base_period or ""])
            if key in keys:
                self.error(record, "period", f"the same statement (document, kind, indicator, region, period) "
                                             f"is already coded at {keys[key]}")
                ok = False
            keys.setdefault(key, record.origin)
            if ok:
                checked.append(CheckedStatement(st, record.document, record.origin, normalized, period, base, key))
        return checked

    def check_kind(self, record, st: Statement) -> bool:
        ok = True
        if st.kind == "change":
            for name in ("change", "base_period"):
                if getattr(st, name) is None:
                    self.error(record, name, "required for a change statement")
                    ok = False
        else:
            for name in ("change", "base_period"):
                if getattr(st, name) is not None:
                    self.error(record, name, f"only change statements have {name}, this one is {st.kind}")
                    ok = False
            if st.change_basis != "total":
                self.error(record, "change_basis", "only change statements have a change basis")
                ok = False
        if st.kind == "target" and not re.fullmatch(r"\d{4}|doc", st.period):
            self.error(record, "period",
                       f"a target's period is its year (or 'doc' when none is stated), not {st.period!r}")
            ok = False
        if st.change == "ratio" and st.unit != "倍":
            self.error(record, "change", "change 'ratio' (是…的N倍) needs unit 倍")
            ok = False
        return ok

    def check_provenance(self, record, st: Statement, doc: DocumentMeta, text: str) -> bool:
        quote = squash(st.quote)
        if quote not in squash(text):
            self.error(record, "quote",
                       f"quote not found in document {doc.id} (sources/{doc.file}): «{clip(st.quote)}»")
            return False
        ok = True
        if not contains_number(quote, squash(st.value)):
            self.error(record, "value", f"value {clip(st.value)!r} does not occur in the quote «{clip(st.quote)}»")
            ok = False
        if st.unit and squash(st.unit) not in quote:
            self.error(record, "unit", f"unit {clip(st.unit)!r} does not occur in the quote «{clip(st.quote)}»")
            ok = False
        return ok

    def check_documents_have_statements(self, raw, documents) -> None:
        """Emptying a document's `statements:` (or deleting its file) would drop all its figures from the
        database without a word: that takes an explicit `no_statements: <reason>`."""
        counts: dict[str, int] = {}
        for record in raw.statements:
            counts[record.document] = counts.get(record.document, 0) + 1
        for doc_id in sorted(documents):
            n, declared = counts.get(doc_id, 0), raw.no_statements.get(doc_id)
            if n == 0 and declared is None:
                where = raw.statement_lists.get(doc_id) or next(
                    r.origin for r in raw.documents if r.data.get("id") == doc_id)
                self.errors.append(LoadError(where, "statements", f"document {doc_id} has no statements: all its "
                                             "figures would be dropped from the database. Code them, or say why "
                                             "with `no_statements: <reason>` in its observations file"))
            elif n and declared is not None:
                self.errors.append(LoadError(declared, "no_statements", f"document {doc_id} has {n} statement(s): "
                                             "remove no_statements, or the statements"))

    def check_exclusions(self, raw, documents) -> list:
        out = []
        for record in raw.exclusions:
            ex = self.model(Exclusion, record)
            doc = documents.get(record.document)
            if ex is None or doc is None or doc.file not in raw.source_texts:
                continue
            if squash(ex.quote) not in squash(raw.source_texts[doc.file]):
                self.error(record, "quote", f"excluded quote not found in document {doc.id} "
                                            f"(sources/{doc.file}): «{clip(ex.quote)}»")
                continue
            out.append((record.document, ex, record.origin))
        return out


def parent_cycles(regions: dict) -> list[list[str]]:
    """Each cycle of parent links once, as its ids from the smallest, in parent order."""
    cycles, done = [], set()
    for start in sorted(regions):
        path, node = [], start
        while node in regions and node not in done and node not in path:
            path.append(node)
            node = regions[node].parent
        if node in path:  # came back round: path[index:] is a cycle
            cycle = path[path.index(node):]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
        done.update(path)
    return cycles


def validate(raw: RawCatalog) -> Catalog:
    return _Validator(raw).run()
