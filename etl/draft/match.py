"""Indicator matching: an existing indicator when the wording, the unit and the region agree. Pure.

Wording is compared as shared pairs of characters (bigrams) between the figure's clause and each
phrase an indicator is known by: its Chinese name, and the words before the number in the quotes
already coded for it. The unit must normalize to the indicator's (a change in %, 个百分点 or 倍
fits any indicator); a region the indicator already has statements for breaks ties.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import NormalizationError, canonical_unit, split_unit

MATCH_THRESHOLD = 0.4  # share of an indicator phrase's character pairs found in the clause
MIN_SHARED = 2         # and at least this many pairs: one shared pair is a coincidence
RELATIVE_UNITS = ("%", "％", "个百分点", "百分点", "倍")
# Words of comparison and time say how a figure moved, not what it measures.
_COMPARISON = re.compile(r"(?:19|20)\d{2}年|同比|比上年|较上年|比去年|较去年|增长|下降|提升|提高|减少|降低|分别|"
                         r"去年|今年|全年|[比较从]")
_NOT_WORDS = re.compile(r"[\d.,，、。；;：:“”\"'《》（）()\s%％~—\-]+")


@dataclass
class IndicatorInfo:
    id: str
    zh: str
    unit: str
    phrases: list[str] = field(default_factory=list)
    regions: set[str] = field(default_factory=set)
    spans: set[str] = field(default_factory=set)  # the period spans coded for it: year, months, doc…

    @property
    def annual(self) -> bool:
        """Measured for whole years (or dated by documents): a part-year figure is not its value."""
        return not (self.spans & {"months", "month"}) and "年内" not in self.zh


@dataclass(frozen=True)
class Match:
    indicator: IndicatorInfo
    score: float
    words: list[str]


def bigrams(text: str) -> set[str]:
    text = _NOT_WORDS.sub("|", _COMPARISON.sub("|", text))
    return {text[i:i + 2] for i in range(len(text) - 1) if "|" not in text[i:i + 2]}


def shared_words(phrase: str, context: str) -> list[str]:
    """The longest runs of `phrase` (two characters or more) that occur in `context`."""
    out, i = [], 0
    while i < len(phrase) - 1:
        j = i + 1
        while j < len(phrase) and phrase[i:j + 1] in context:
            j += 1
        if j - i >= 2 and phrase[i:j] in context:
            out.append(phrase[i:j])
            i = j
        else:
            i += 1
    return out


def unit_fits(unit_as_written: str, indicator_unit: str, change: bool) -> bool:
    try:
        _, base = split_unit(unit_as_written)
        if change and base in RELATIVE_UNITS:
            return True
        return canonical_unit(base, indicator_unit) == indicator_unit
    except NormalizationError:
        return False


def phrase_from_quote(quote: str, value: str, unit: str) -> str:
    """The words around the number in a coded quote, within its clause: what it measured."""
    squashed = "".join(quote.split())
    value, unit = "".join(value.split()), "".join(unit.split())
    at = squashed.rfind(value)
    if at < 0:
        return ""
    before, after = squashed[:at], squashed[at + len(value):]
    after = after[len(unit):] if after.startswith(unit) else after
    cut = max(before.rfind(ch) for ch in "，,。；;：:、")
    stop = min([i for i in (after.find(ch) for ch in "，,。；;：:、") if i >= 0] + [len(after)])
    return before[cut + 1:] + after[:stop]


def best_match(indicators: list[IndicatorInfo], context: str, unit: str, change: bool,
               region: str) -> Match | None:
    """The indicator whose phrases best cover `context`, with a fitting unit; None below the threshold.
    Ranked by the share of the shorter side's pairs that are shared, then by how many are shared
    (a longer name fully found beats a shorter one), then by the region."""
    context_pairs = bigrams(context)
    best: tuple | None = None
    for ind in indicators:
        if not unit_fits(unit, ind.unit, change):
            continue
        for phrase in [ind.zh] + ind.phrases:
            pairs = bigrams(phrase)
            if len(pairs) < (1 if phrase == ind.zh else MIN_SHARED):
                continue
            shared = len(pairs & context_pairs)
            if shared < min(MIN_SHARED, len(pairs)):
                continue
            score = shared / min(len(pairs), len(context_pairs))
            rank = RANK(score, shared, len(pairs), region in ind.regions)
            if best is None or rank > best[0]:
                best = (rank, score, ind, phrase)
    if best is None or best[1] < MATCH_THRESHOLD:
        return None
    _, score, ind, phrase = best
    return Match(ind, round(score, 2), shared_words(phrase, context))


def RANK(score, shared, size, same_region):
    return (round(score, 1), shared, same_region, -size)
