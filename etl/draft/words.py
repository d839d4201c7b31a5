"""Which words of a clause belong to one figure, for matching it to an indicator. Pure."""
from __future__ import annotations

import re

# What a change clause says besides what it measures: comparison, verbs, qualifiers, numbers.
CHANGE_FILLER = re.compile(r"同比|比上年|较上年|比去年|较去年|分别|增长|下降|提升|提高|增加|减少|降低|上升|改善|"
                           r"增速|高达|达到|达|为|超过|超|近|约|逾|了|[\d.%％、和与及]|个百分点|倍")


def own_words(clause_before: str) -> str:
    """The clause before a number without its change and comparison words: what it names, if anything."""
    return CHANGE_FILLER.sub("", clause_before)


def near(words: str, after: bool = False) -> str:
    """The words of a clause that belong to this figure: not those of the figures listed before
    it ("A达16个、B达32个": B's words for 32), nor of those after it."""
    if after:
        cut = re.search(r"\d", words)
        return words[:cut.start()] if cut else words
    parts = re.split(r"\d+(?:\.\d+)?[^\d、，,]{0,4}?[、]", words)
    return parts[-1] or words


def respectively(clause_before: str) -> str | None:
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


def matching_context(clause_before: str, clause_after: str, sentence_before: str, places: list[str]) -> str:
    """The words an indicator's name is compared with, place names removed (the region says where)."""
    context = respectively(clause_before) or (near(clause_before) + near(clause_after, after=True))
    if len(own_words(clause_before)) < 2:  # "同比增长6%": the sentence says what grew
        context = sentence_before + context
    for place in sorted(places, key=len, reverse=True):
        context = context.replace(place, "")
    return context
