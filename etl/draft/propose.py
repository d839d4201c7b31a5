"""Figure → proposed statement in the catalog's shape, with what the drafter is unsure of. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..scan import find_figures
from .figure import BASE, Reading, is_target, read_change, read_figures, unit_is_known, value_is_readable
from .match import RELATIVE_UNITS, IndicatorInfo, best_match
from .new_entries import indicator_name, new_indicator, region_stub
from .places import Gazetteer, RegionReader
from .text import Text
from .when import When, period_before, target_year
from .words import matching_context, own_words

SAME_PERIOD = "同期"
SHORT_QUOTE = 10   # a clause shorter than this is quoted with the clause before it
CONFIDENT = 0.8    # an indicator matched below this share of its words is listed as unsure
YEAR = re.compile(r"\d{4}")


@dataclass
class Proposal:
    statement: dict
    line: int
    figure: str
    start: int  # offset of the figure in the squashed text
    region_words: str = ""
    matched_words: list[str] = field(default_factory=list)
    new_indicator: bool = False
    unsure: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    when: When | None = None


@dataclass
class Draft:
    statements: list[Proposal] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)


@dataclass
class Context:
    """What the drafter knows of the catalog."""
    gazetteer: Gazetteer
    indicators: list[IndicatorInfo]
    doc_id: str
    doc_year: int | None
    taken_ids: set[str] = field(default_factory=set)
    themes: tuple[str, ...] = ()  # the catalog's themes: a new indicator's theme is one of them
    home: str | None = None       # the region the catalog codes most


@dataclass(frozen=True)
class Site:
    """Where a figure stands: its clause, sentence and paragraph (squashed offsets) and their words."""
    clause: tuple[int, int]
    sentence: tuple[int, int]
    paragraph: tuple[int, int]
    clause_before: str
    clause_after: str
    sentence_before: str

    @classmethod
    def of(cls, text: Text, r: Reading) -> Site:
        clause, sentence = text.clause(r.start), text.sentence(r.start)
        s = text.s
        return cls(clause, sentence, text.paragraph(r.start), s[clause[0]:r.start], s[r.end:clause[1]],
                   s[sentence[0]:r.start])


def draft_statements(raw_text: str, ctx: Context) -> Draft:
    return _Drafter(Text.of(raw_text), ctx).run()


def _fallback(region_words: str) -> bool:
    """Whether the region came from beyond the figure's sentence."""
    return region_words.endswith(")") or region_words.startswith("the document")


def year_before(period: str) -> str | None:
    """"2025" → "2024"; "2026-01/2026-09" → "2025-01/2025-09" (the same months a year earlier)."""
    if YEAR.fullmatch(period):
        return str(int(period) - 1)
    months = re.fullmatch(r"(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?", period)
    if not months:
        return None
    y1, m1, y2, m2 = months.groups()
    start = f"{int(y1) - 1}-{m1}"
    return start if y2 is None else f"{start}/{int(y2) - 1}-{m2}"


class _Drafter:
    def __init__(self, text: Text, ctx: Context):
        self.text, self.ctx = text, ctx
        self.reader = RegionReader(ctx.gazetteer, text.s, ctx.home)
        self.draft = Draft()
        self.new_by_name: dict[str, dict] = {}
        self.previous: Proposal | None = None

    def run(self) -> Draft:
        for r in read_figures(self.text.s, find_figures(self.text.s)):
            why_not = self.not_a_statement(r)
            if why_not:
                self.draft.excluded.append({"quote": self.quote(r), "reason": f"proposed exclusion: {why_not}"})
                continue
            self.previous = self.propose(r)
            self.draft.statements.append(self.previous)
        self.flag_duplicates()
        return self.draft

    def not_a_statement(self, r: Reading) -> str | None:
        if self.text.s[r.start] == "第":
            return "an ordinal (第…), a rank or a batch, not a quantity"
        if not value_is_readable(r.value):
            return f"{r.value!r} is not a number the catalog can read (a phrase like 百万…)"
        if not unit_is_known(r.unit):
            return f"its unit {r.unit!r} is not one the catalog normalizes (a name or a count of sessions?)"
        return None

    def quote(self, r: Reading) -> str:
        """The figure's clause up to the figure; a short one runs on to its clause's end, then takes in
        the clause before (a quote says what the number measures, and the catalog wants 4 characters)."""
        (a, clause_end), sentence = self.text.clause(r.start), self.text.sentence(r.start)
        b = r.end if r.end - a >= SHORT_QUOTE else max(r.end, clause_end)
        if b - a < SHORT_QUOTE and a > sentence[0]:
            a, _ = self.text.clause(a - 2)
        if b - a < 4:
            a, b = sentence[0], max(b, sentence[1])
        return self.text.s[a:b]

    def propose(self, r: Reading) -> Proposal:
        site = Site.of(self.text, r)
        p = Proposal({}, self.text.line(r.start), r.value + r.unit, r.start)
        when = self.when(site, p)
        kind, period, extra = self.kind(site, r, when, p)
        region = self.region(site, r, p)
        indicator = self.indicator(site, r, kind, region, when, p)
        p.statement = {"indicator": indicator, "region": region, "kind": kind, "period": period, **extra,
                       "value": r.value, "unit": r.unit, "qualifier": r.qualifier, "quote": self.quote(r),
                       "note": "draft: " + "; ".join(p.notes)}
        if r.qualifier != "exact":
            p.statement["note"] += f"; qualifier from «{r.qualifier_words or r.value}»"
        return p

    def when(self, site: Site, p: Proposal) -> When | None:
        compared = read_change(site.clause_before, site.sentence_before) is not None
        base_offsets = {m.start(1) for m in BASE.finditer(site.sentence_before)} if compared else set()
        when = period_before(site.sentence_before, self.ctx.doc_year, skip=base_offsets)
        prev = self.previous
        if SAME_PERIOD in site.sentence_before and prev is not None:
            when = When(prev.statement["period"], SAME_PERIOD)  # 同期: the figure before's period
        elif when is None and prev is not None and prev.when is not None and prev.start >= site.paragraph[0]:
            # a sentence with no period of its own goes on with its paragraph's
            when = When(prev.when.period, prev.when.why + " (earlier in the paragraph)", prev.when.part_year)
        p.when = when
        p.notes.append(f"period from «{when.why}»" if when else "no period in the text: dated by the document")
        if when and when.part_year:
            p.notes.append("part of a year")
        return when

    def kind(self, site: Site, r: Reading, when: When | None, p: Proposal) -> tuple[str, str, dict]:
        period = when.period if when else "doc"
        change = read_change(site.clause_before, site.sentence_before)
        if change is not None:
            return self.change(change, period, r, p)
        goal_year = target_year(site.sentence_before)
        later = self.ctx.doc_year and YEAR.fullmatch(period) and int(period) > self.ctx.doc_year
        if not (is_target(site.sentence_before) or later):
            return "observed", period, {}
        period = str(goal_year) if goal_year else (period if YEAR.fullmatch(period) else "doc")
        p.notes[0] = f"a goal for {period} (from «到{goal_year}年»)" if goal_year else \
            (f"a goal for {period}" if period != "doc" else "a goal, no year stated")
        if period == "doc":
            p.unsure.append("a target with no year stated")
        return "target", period, {}

    def change(self, change, period: str, r: Reading, p: Proposal) -> tuple[str, str, dict]:
        previous = year_before(period)
        if change.base_year:
            base = str(change.base_year)
            p.notes.append(f"compared with {base}")
        elif change.year_on_year and previous:
            base = previous
            p.notes.append("year on year (同比/较上年)")
        elif previous and r.unit in RELATIVE_UNITS:
            base = previous
            p.unsure.append("growth with no base stated: read as year on year")
        else:
            p.unsure.append(f"«{change.verb}» with no base period: proposed as the measure's effect (observed); "
                            "make it a change if the base is known")
            return "observed", period, {}
        return "change", period, {"base_period": base, "change": change.sign}

    def region(self, site: Site, r: Reading, p: Proposal) -> str:
        region, words = self.reader.region_at(site.clause, site.sentence, site.paragraph, r.start)
        prev = self.previous
        same_sentence = prev is not None and prev.start >= site.sentence[0]
        if _fallback(words) and same_sentence and not _fallback(prev.region_words):
            region, words = prev.statement["region"], prev.region_words  # the sentence's subject so far
        p.region_words = words
        p.notes.append(f"region from «{words}»")
        if not _fallback(words):
            return region
        name = self.reader.unknown_place(site.clause[0], min(r.start, site.clause[0] + 8))
        if not name:
            p.unsure.append("no place named in its sentence: region taken from " + words)
            return region
        stub = next((x for x in self.draft.regions if x["zh"] == name), None)
        if stub is None:
            stub = region_stub(name, region, self.ctx.taken_ids, self.ctx.doc_id)
            self.draft.regions.append(stub)
        p.unsure.append(f"{name} is not in the region list: a region stub ({stub['id']}) is proposed")
        return stub["id"]

    def indicator(self, site: Site, r: Reading, kind: str, region: str, when: When | None, p: Proposal) -> str:
        is_change, prev = kind == "change", self.previous
        if is_change and len(own_words(site.clause_before)) < 2 and prev is not None \
                and prev.statement["kind"] != "change" and prev.start >= site.sentence[0]:
            p.notes.append(f"the change of the level before it ({prev.figure})")
            p.matched_words, p.new_indicator = prev.matched_words, prev.new_indicator
            return prev.statement["indicator"]
        places = [pl.words for pl in self.reader.all]
        context = matching_context(site.clause_before, site.clause_after, site.sentence_before, places)
        match = best_match(self.ctx.indicators, context, r.unit, is_change, region)
        if match and when and when.part_year and match.indicator.annual:
            return self.part_year(match.indicator, when, r, is_change, p)
        if match:
            p.matched_words = match.words
            p.notes.append(f"indicator matched on {'、'.join(match.words) or 'its wording'} "
                           f"({match.score:.0%} of its words)")
            if match.score < CONFIDENT:
                p.unsure.append(f"indicator {match.indicator.id} matched on only {match.score:.0%} of its words")
            return match.indicator.id
        in_sentence = [pl.words for pl in self.reader.all if site.sentence[0] <= pl.start < r.start]
        zh = indicator_name(site.clause_before, site.clause_after, r.unit, in_sentence)
        return self.new(zh, r, is_change, p)

    def part_year(self, annual: IndicatorInfo, when: When, r: Reading, is_change: bool, p: Proposal) -> str:
        """A part-year figure is never the annual indicator's value: its part-year twin, existing or new."""
        part_id = f"{annual.id}-part-year"
        if any(i.id == part_id for i in self.ctx.indicators):
            p.notes.append(f"part-year indicator of {annual.id}")
            return part_id
        p.unsure.append(f"a part-year figure ({when.why}): not matched to the annual indicator {annual.id}; "
                        "a part-year indicator is proposed")
        return self.new(f"{annual.zh}（年内累计）", r, is_change, p, part_id)

    def new(self, zh: str, r: Reading, is_change: bool, p: Proposal, wanted_id: str | None = None) -> str:
        p.new_indicator = True
        ctx = self.ctx
        if zh not in self.new_by_name:
            entry = new_indicator(zh, r.unit, is_change, ctx.taken_ids, zh, ctx.themes)
            if wanted_id and wanted_id not in ctx.taken_ids:
                ctx.taken_ids.discard(entry["id"])
                entry["id"] = wanted_id
                ctx.taken_ids.add(wanted_id)
            entry["definition"] = (f"Proposed by jjj draft (line {p.line}, «{zh}»): say what is measured and "
                                   "how it differs from look-alike indicators.")
            self.new_by_name[zh] = entry
            self.draft.indicators.append(entry)
        if not wanted_id:
            p.unsure.append(f"no existing indicator fits: new indicator {self.new_by_name[zh]['id']} ({zh}) proposed")
        return self.new_by_name[zh]["id"]

    def flag_duplicates(self) -> None:
        seen: dict[tuple, int] = {}
        for p in self.draft.statements:
            st = p.statement
            key = (st["kind"], st["indicator"], st["region"], st["period"], st.get("base_period"))
            if key in seen:
                p.unsure.append(f"same indicator, region and period as the proposal at line {seen[key]}: "
                                "one of them is probably another indicator")
            seen.setdefault(key, p.line)
