"""Temporary helper for catalog coders: python tools/check_quotes.py catalog/observations/X.yaml"""
import re, sys, yaml, glob
DOCS = {"capital-metro-theory-page": "000", "tianjin-ten-years-review": "001",
        "wuqing-coordination-review": "002", "new-productive-forces-study": "003",
        "jingjin-double-city-report": "004"}
squash = lambda s: re.sub(r"\s+", "", s)
bad = 0
for path in sys.argv[1:]:
    data = yaml.safe_load(open(path, encoding="utf-8"))
    doc = data["document"]
    text = squash(open(glob.glob(f"sources/{DOCS[doc]}_*.txt")[0], encoding="utf-8").read())
    for i, st in enumerate(data.get("statements", []) + data.get("excluded", [])):
        q = squash(str(st["quote"]))
        probs = []
        if q not in text: probs.append("quote not in document")
        for f in ("value", "unit"):
            if f in st and squash(str(st[f])) not in q: probs.append(f"{f} {st[f]!r} not in quote")
        if probs:
            bad += 1; print(f"{path} #{i}: {'; '.join(probs)}: {st['quote']}")
    print(f"{path}: {len(data.get('statements', []))} statements, {len(data.get('excluded', []))} excluded")
sys.exit(1 if bad else 0)
