"""How well `jjj draft` proposes what curators coded: each seed document drafted as if it were new
(its own statements and exclusions hidden; indicators, regions and other documents kept), then
each coded statement compared with the proposal for the figure inside its quote.

A second line hides the indicators defined in the document's own catalog files too; a
proposal is then right when it names the right existing indicator, or proposes a new one where
the coded indicator was the document's own.

Per field: the share of coded statements whose proposal has the same value, unit, kind, qualifier,
period, region and indicator (and the base period and sign of changes). Prints a table; exits 1
when a goal of issue 15 is missed (≥ 90 % value, unit, kind, qualifier; ≥ 75 % period, region,
indicator). Usage: python bench/draft_accuracy.py [--catalog indicators.yaml] [--misses FIELD]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.draft.run import draft_document  # noqa: E402
from etl.load import load_catalog  # noqa: E402

FIELDS = ("value", "unit", "kind", "qualifier", "period", "region", "indicator")
GOALS = {"value": 0.9, "unit": 0.9, "kind": 0.9, "qualifier": 0.9, "period": 0.75, "region": 0.75,
         "indicator": 0.75}


def squash(text) -> str:
    return "".join(str(text).split())


def same(field: str, coded: dict, proposed: dict) -> bool:
    return squash(coded.get(field, "")) == squash(proposed.get(field, ""))


def compare(entry: Path, hide_indicators: bool = False) -> tuple[dict, list[tuple]]:
    raw = load_catalog(entry)
    own = {r.data.get("id"): Path(r.origin.path).stem for r in raw.indicators}
    hits = {f: 0 for f in FIELDS}
    hits["total"] = 0
    misses = []
    for doc in raw.documents:
        doc_id, file_name = doc.data["id"], doc.data["file"]
        result = draft_document(entry, raw.root / "sources" / file_name, doc_id, write=False, hide_document=doc_id,
                                hide_indicators=hide_indicators)
        s = squash(raw.source_texts[file_name])
        for st in (r.data for r in raw.statements if r.document == doc_id):
            hits["total"] += 1
            quote = squash(st["quote"])
            spans = []
            at = s.find(quote)
            while at >= 0:
                spans.append((at, at + len(quote)))
                at = s.find(quote, at + 1)
            candidates = [p.statement for p in result.draft.statements
                          if any(a <= p.start < b for a, b in spans)]
            best = max(candidates, key=lambda c: (same("value", st, c), sum(same(f, st, c) for f in FIELDS)),
                       default={})  # the proposal for the same number, else the closest one
            if hide_indicators and own.get(st["indicator"], "").startswith(doc_id) and best:
                # its indicator is hidden: proposing a new one is the right answer
                new_ids = {p.statement["indicator"] for p in result.draft.statements if p.new_indicator}
                best = {**best, "indicator": st["indicator"] if best["indicator"] in new_ids else best["indicator"]}
            for f in FIELDS:
                if best and same(f, st, best):
                    hits[f] += 1
                else:
                    misses.append((f, doc_id, st, best))
    return hits, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=Path("indicators.yaml"))
    parser.add_argument("--misses", help="list the coded statements missed on this field")
    args = parser.parse_args()
    hits, misses = compare(args.catalog)
    total = hits["total"]
    print(f"coded statements: {total} (five seed documents, each drafted with its own statements hidden)")
    ok = True
    for f in FIELDS:
        share = hits[f] / total if total else 0.0
        goal = GOALS[f]
        ok &= share >= goal
        print(f"  {f:<10} {hits[f]:>4}/{total}  {share:6.1%}  goal ≥ {goal:.0%}  {'ok' if share >= goal else 'MISSED'}")
    strict, _ = compare(args.catalog, hide_indicators=True)
    print(f"  as if the document's own indicators did not exist yet (for those, proposing a new one counts as "
          f"right): indicator {strict['indicator']}/{total}  {strict['indicator'] / total:.1%}  (not a goal)")
    if args.misses:
        for f, doc_id, st, best in misses:
            if f == args.misses:
                print(f"- {doc_id}: coded {st.get(f)!r} proposed {best.get(f)!r}  «{st['quote'][:60]}»")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
