"""A document's text as the drafter reads it: whitespace removed (as the quote check does), with
the lines, sentences and clauses around any offset. Pure."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..scan import SENTENCE_END, squash_with_map

CLAUSE_END = SENTENCE_END + "，,：:"


@dataclass(frozen=True)
class Text:
    raw: str
    s: str                 # squashed
    offsets: list[int]     # squashed index → raw index
    line_starts: list[int]  # squashed index where each raw line begins

    @classmethod
    def of(cls, raw: str) -> Text:
        s, offsets = squash_with_map(raw)
        newlines = [i for i, ch in enumerate(raw) if ch == "\n"]
        starts, last = [], -1
        for i, off in enumerate(offsets):
            line = bisect.bisect_left(newlines, off)
            if line != last:
                starts.append(i)
                last = line
        return cls(raw, s, offsets, starts or [0])

    def line(self, i: int) -> int:
        """1-based line of the raw text holding squashed offset i."""
        return self.raw.count("\n", 0, self.offsets[i]) + 1 if self.offsets else 1

    def paragraph(self, i: int) -> tuple[int, int]:
        """The raw line holding offset i, as squashed bounds (the texts put a paragraph on a line)."""
        k = bisect.bisect_right(self.line_starts, i) - 1
        end = self.line_starts[k + 1] if k + 1 < len(self.line_starts) else len(self.s)
        return self.line_starts[k], end

    def sentence(self, i: int) -> tuple[int, int]:
        return self._bounds(i, SENTENCE_END)

    def clause(self, i: int) -> tuple[int, int]:
        return self._bounds(i, CLAUSE_END)

    def _bounds(self, i: int, stops: str) -> tuple[int, int]:
        lo, hi = self.paragraph(i)
        start = max([self.s.rfind(ch, lo, i) for ch in stops] + [lo - 1]) + 1
        ends = [j for j in (self.s.find(ch, i, hi) for ch in stops) if j >= 0]
        return start, (min(ends) if ends else hi)
