"""Figure → proposed statement in the catalog's shape, with what the drafter is unsure of. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..scan import find_figures
from .figure import BASE, Reading, is_target, read_change, read_figures, unit_is_known
from .match import RELATIVE_UNITS, IndicatorInfo, best_match
from .new_entries import indicator_name, new_indicator, region_stub
from .places import Gazetteer, RegionReader
from .text import Text
from .when import When, period_before, target_year

SAME_PERIOD = "同期"
SHORT_QUOTE = 10   # a clause shorter than this is quoted with the clause before it
CONFIDENT = 0.8    # an indicator matched below this share of its words is listed as unsure
_CHANGE_FILLER = re.compile(r"同比|比上年|较上年|比去年|较去年|分别|增长|下降|提升|提高|增加|减少|降低|上升|改善|"
                            r"增速|高达|达到|达|为|超过|超|近|约|逾|了|[\d.%％、和与及]|个百分点|倍")


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


def draft_statements(raw_text: str, ctx: Context) -> Draft:
    text = Text.of(raw_text)
    s = text.s
    reader = RegionReader(ctx.gazetteer, s)
    draft = Draft()
    new_by_name: dict[str, dict] = {}
    previous: Proposal | None = None
    for r in read_figures(s, find_figures(s)):
        why_not = _not_a_statement(s, r)
        if why_not:
            draft.excluded.append({"quote": _quote(text, r), "reason": f"proposed exclusion: {why_not}"})
            continue
        p = _propose(text, r, ctx, reader, previous, draft, new_by_name)
        draft.statements.append(p)
        previous = p
    _flag_duplicates(draft.statements)
    return draft


def _not_a_statement(s: str, r: Reading) -> str | None:
    if s[r.start] == "第":
        return "an ordinal (第…), a rank or a batch, not a quantity"
    if not unit_is_known(r.unit):
        return f"its unit {r.unit!r} is not one the catalog normalizes (a name or a count of sessions?)"
    return None


def _quote(text: Text, r: Reading) -> str:
    a, _ = text.clause(r.start)
    sentence_start, _ = text.sentence(r.start)
    if r.end - a < SHORT_QUOTE and a > sentence_start:
        a, _ = text.clause(a - 2)
    return text.s[a:r.end]


def _propose(text: Text, r: Reading, ctx: Context, reader: RegionReader, previous: Proposal | None,
             draft: Draft, new_by_name: dict) -> Proposal:
    s = text.s
    clause, sentence, paragraph = text.clause(r.start), text.sentence(r.start), text.paragraph(r.start)
    clause_before, sentence_before = s[clause[0]:r.start], s[sentence[0]:r.start]
    clause_after = s[r.end:clause[1]]
    p = Proposal({}, text.line(r.start), r.value + r.unit, r.start)
    notes: list[str] = []

    change = read_change(clause_before, sentence_before)
    base_offsets = {m.start(1) for m in BASE.finditer(sentence_before)}
    when = period_before(sentence_before, ctx.doc_year, skip=base_offsets)
    if SAME_PERIOD in sentence_before and previous is not None and (when is None or
                                                                    sentence_before.rfind(SAME_PERIOD) > 0):
        when = When(previous.statement["period"], SAME_PERIOD)
    period = when.period if when else "doc"
    notes.append(f"period from «{when.why}»" if when else "no period in the text: dated by the document")

    kind, extra = "observed", {}
    goal_year = target_year(sentence_before)
    future = ctx.doc_year and re.fullmatch(r"\d{4}", period) and int(period) > ctx.doc_year
    if change is not None:
        kind, extra = _change(change, period, r, p, notes)
    elif is_target(sentence_before) or future:
        kind = "target"
        period = str(goal_year) if goal_year else (period if re.fullmatch(r"\d{4}", period) else "doc")
        notes[-1] = f"a goal (target year from «到{goal_year}年»)" if goal_year else "a goal" + \
            (f" for {period}" if period != "doc" else ", no year stated")
        if not goal_year and period == "doc":
            p.unsure.append("a target with no year stated")
    if when and when.part_year:
        notes.append("part of a year")

    region, region_words = reader.region_at(clause, sentence, paragraph, r.start)
    if _fallback(region_words) and previous is not None and previous.start >= sentence[0] \
            and not _fallback(previous.region_words):
        region, region_words = previous.statement["region"], previous.region_words
    p.region_words = region_words
    notes.append(f"region from «{region_words}»")
    if _fallback(region_words):
        stub_name = reader.unknown_place(clause[0], min(r.start, clause[0] + 8))
        if stub_name:
            stub = next((x for x in draft.regions if x["zh"] == stub_name), None) or \
                region_stub(stub_name, region, ctx.taken_ids, ctx.doc_id)
            if stub not in draft.regions:
                draft.regions.append(stub)
            region = stub["id"]
            p.unsure.append(f"{stub_name} is not in the region list: a region stub ({region}) is proposed")
        else:
            p.unsure.append("no place named in its sentence: region taken from " + region_words)

    indicator = _indicator(r, kind, clause_before, clause_after, sentence_before, region, when, ctx, previous,
                           sentence, p, notes, draft, new_by_name, reader)
    p.statement = {"indicator": indicator, "region": region, "kind": kind, "period": period, **extra,
                   "value": r.value, "unit": r.unit, "qualifier": r.qualifier, "quote": _quote(text, r),
                   "note": "draft: " + "; ".join(notes)}
    if r.qualifier != "exact":
        p.statement["note"] += f"; qualifier from «{r.qualifier_words or r.value}»"
    return p


def _fallback(region_words: str) -> bool:
    """Whether the region came from beyond the figure's sentence."""
    return region_words.endswith(")") or region_words.startswith("the document")


def _change(change, period: str, r: Reading, p: Proposal, notes: list[str]) -> tuple[str, dict]:
    previous = _year_before(period)
    if change.base_year:
        base = str(change.base_year)
        notes.append(f"compared with {base}")
    elif change.year_on_year and previous:
        base = previous
        notes.append("year on year (同比/较上年)")
    elif previous and r.unit in RELATIVE_UNITS:
        base = previous
        p.unsure.append("growth with no base stated: read as year on year")
    else:
        p.unsure.append(f"«{change.verb}» with no base period: proposed as the measure's effect (observed); "
                        "make it a change if the base is known")
        return "observed", {}
    return "change", {"base_period": base, "change": change.sign}


def _year_before(period: str) -> str | None:
    """"2025" → "2024"; "2026-01/2026-09" → "2025-01/2025-09" (the same months a year earlier)."""
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    months = re.fullmatch(r"(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?", period)
    if not months:
        return None
    y1, m1, y2, m2 = months.groups()
    start = f"{int(y1) - 1}-{m1}"
    return start if y2 is None else f"{start}/{int(y2) - 1}-{m2}"


def _indicator(r, kind, clause_before, clause_after, sentence_before, region, when, ctx, previous, sentence,
               p: Proposal, notes, draft: Draft, new_by_name: dict, reader: RegionReader) -> str:
    is_change = kind == "change"
    own_words = _CHANGE_FILLER.sub("", clause_before)
    if is_change and len(own_words) < 2 and previous is not None and previous.statement["kind"] != "change" \
            and previous.line == p.line and r.start > sentence[0]:
        notes.append(f"the change of the level before it ({previous.figure})")
        p.matched_words = previous.matched_words
        p.new_indicator = previous.new_indicator
        return previous.statement["indicator"]
    context = _respectively(clause_before) or (_near(clause_before) + _near(clause_after, after=True))
    if len(_CHANGE_FILLER.sub("", clause_before)) < 2:
        context = sentence_before + context
    for place in reader.all:
        context = context.replace(place.words, "")
    match = best_match(ctx.indicators, context, r.unit, is_change, region)
    if match and when and when.part_year and match.indicator.annual:
        part_id = f"{match.indicator.id}-part-year"
        if any(i.id == part_id for i in ctx.indicators):
            notes.append(f"part-year indicator of {match.indicator.id}")
            return part_id
        p.unsure.append(f"a part-year figure ({when.why}): not matched to the annual indicator "
                        f"{match.indicator.id}; a part-year indicator is proposed")
        zh = f"{match.indicator.zh}（年内累计）"
        return _new(zh, r, is_change, p, draft, new_by_name, ctx, part_id)
    if match:
        p.matched_words = match.words
        notes.append(f"indicator matched on {'、'.join(match.words) or 'its wording'} ({match.score:.0%} of its words)")
        if match.score < CONFIDENT:
            p.unsure.append(f"indicator {match.indicator.id} matched on only {match.score:.0%} of its words")
        return match.indicator.id
    places = [pl.words for pl in reader.all if pl.start >= sentence[0] and pl.start < r.start]
    zh = indicator_name(clause_before, clause_after, r.unit, places)
    return _new(zh, r, is_change, p, draft, new_by_name, ctx)


_FIGURE = re.compile(r"\d+(?:\.\d+)?[^\d、，,；;。]*?[、和及与]")


def _near(words: str, after: bool = False) -> str:
    """The words of a clause that belong to this figure: not those of the figures listed before
    it ("A达16个、B达32个": B's words for 32), nor after it."""
    if after:
        cut = re.search(r"[\d]", words)
        return words[:cut.start()] if cut else words
    parts = re.split(r"\d+(?:\.\d+)?[^\d、，,]{0,4}?[、]", words)
    return parts[-1] if parts[-1] else words


def _respectively(clause_before: str) -> str | None:
    """"A、B、C出口值分别为1、2、3": the k-th number goes with the k-th item, and the words the items
    share (出口值) are read off the last item, past the items' usual length."""
    at = clause_before.find("分别")
    if at < 0:
        return None
    items = [x for x in re.split(r"[、和与及]", clause_before[:at]) if x]
    k = len(re.findall(r"\d+(?:\.\d+)?", clause_before[at:]))
    if len(items) < 2 or k >= len(items):
        return None
    others = [len(x) for x in items[:-1]]
    last = items[-1]
    tail = last[min(round(sum(others) / len(others)), max(len(last) - 2, 0)):]
    return (items[k] + tail) if k < len(items) - 1 else last


def _new(zh: str, r: Reading, is_change: bool, p: Proposal, draft: Draft, new_by_name: dict, ctx: Context,
         wanted_id: str | None = None) -> str:
    p.new_indicator = True
    if zh not in new_by_name:
        entry = new_indicator(zh, r.unit, is_change, ctx.taken_ids, zh, ctx.themes)
        if wanted_id and wanted_id not in ctx.taken_ids:
            ctx.taken_ids.discard(entry["id"])
            entry["id"] = wanted_id
            ctx.taken_ids.add(wanted_id)
        entry["definition"] = f"Proposed by jjj draft (line {p.line}, «{zh}»): say what is measured and how it " \
                              "differs from look-alike indicators."
        new_by_name[zh] = entry
        draft.indicators.append(entry)
    if not wanted_id:
        p.unsure.append(f"no existing indicator fits: new indicator {new_by_name[zh]['id']} ({zh}) proposed")
    return new_by_name[zh]["id"]


def _flag_duplicates(proposals: list[Proposal]) -> None:
    seen: dict[tuple, int] = {}
    for p in proposals:
        st = p.statement
        key = (st["kind"], st["indicator"], st["region"], st["period"], st.get("base_period"))
        if key in seen:
            p.unsure.append(f"same indicator, region and period as the proposal at line {seen[key]}: "
                            "one of them is probably another indicator")
        seen.setdefault(key, p.line)
