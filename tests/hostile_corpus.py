"""The hostile-catalog corpus: deterministic mutations of the mini catalog (tests/minicatalog.py), each
with the one error it must produce: file, line, field and a fragment of the message.

Used by tests/test_hostile_catalog.py. A mutation edits files under the catalog's root; the expected
line is that of the edited text in the original file unless given.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.minicatalog import DOC_A, mini_files

OBS_A, OBS_B = "catalog/observations/doc-a.yaml", "catalog/observations/doc-b.yaml"
META_A, IND, REG, ENTRY = "sources/meta/doc-a.yaml", "catalog/indicators/base.yaml", "catalog/regions/base.yaml", \
    "indicators.yaml"
FILES = mini_files()
MB = 1024 * 1024


@dataclass(frozen=True)
class Mutation:
    name: str
    category: str
    apply: Callable[[Path], None]
    file: str
    line: int
    field: str      # "" for an error about the file itself (syntax, encoding)
    fragment: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" + (f" [{self.field}]" if self.field else ":")


def line_of(file: str, text) -> int:
    original = FILES[file]
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    assert text in original, f"{text!r} not in {file}"
    return original[:original.index(text)].count("\n") + 1


def _replace(root: Path, file: str, old, new) -> None:
    path = root / file
    data = path.read_bytes()
    old_b, new_b = (x.encode("utf-8") if isinstance(x, str) else x for x in (old, new))
    assert old_b in data, f"{old!r} not in {file}"
    path.write_bytes(data.replace(old_b, new_b, 1))


def _rehash(root: Path, meta_file: str = META_A, doc: str = "sources/a.txt") -> None:
    """Record a document's new hash, as a curator would after editing it."""
    sha = hashlib.sha256((root / doc).read_bytes()).hexdigest()
    path = root / meta_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("sha256: ")] + f"sha256: {sha}\n", encoding="utf-8")


CORPUS: list[Mutation] = []


def edit(name, category, file, old, new, field, fragment, where=None, line=None):
    """Replace `old` by `new` in `file`; the error is expected in `where` (default: the same file) at `line`
    (default: the line of `old`)."""
    CORPUS.append(Mutation(name, category, lambda root: _replace(root, file, old, new), where or file,
                           line or line_of(file, old), field, fragment))


def custom(name, category, apply, file, line, field, fragment):
    CORPUS.append(Mutation(name, category, apply, file, line, field, fragment))


def _write(rel: str, data) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def _steps(*steps) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)
    return apply


# --- types: a field that holds the wrong kind of value ---
STRING = "Input should be a valid string"
edit("value as a list", "types", OBS_A, 'value: "2200"', "value: [2200]", "value", STRING)
edit("value as a mapping", "types", OBS_A, 'value: "2200"', "value: {n: 2200}", "value", STRING)
edit("value as a boolean", "types", OBS_A, 'value: "2200"', "value: yes", "value", "read this as the boolean true")
edit("value as null", "types", OBS_A, 'value: "2200"', "value: ~", "value", STRING)
edit("quote as a list", "types", OBS_A, "quote: 2023年集装箱吞吐量突破2200万标准箱", "quote: [a, b]", "quote", STRING)
edit("kind as a number", "types", OBS_A, "kind: observed\n    period: \"2023\"\n    value: \"2200\"",
     "kind: 5\n    period: \"2023\"\n    value: \"2200\"", "kind", "Input should be 'observed', 'target' or 'change'")
edit("period as a list", "types", OBS_A, 'period: "2023"\n    value: "2200"', 'period: ["2023"]\n    value: "2200"',
     "period", STRING)
edit("qualifier as a boolean", "types", OBS_A, "qualifier: more_than", "qualifier: no", "qualifier",
     "read this as the boolean false")
edit("indicator as a number", "types", OBS_A, "indicator: container-throughput", "indicator: 12", "indicator",
     "unknown indicator '12'")
edit("statements as text", "types", OBS_A, "statements:\n  - indicator: container-throughput",
     "statements: many\nold:\n  - indicator: container-throughput", "statements", "must be a list")
edit("a statement as text", "types", OBS_A, "statements:\n", "statements:\n  - just text\n", "statements",
     "each entry must be a mapping, got a str")
edit("document missing", "types", OBS_A, "document: doc-a\n", "", "document", "missing: the id of the document")
edit("document as a list", "types", OBS_A, "document: doc-a", "document: [doc-a]", "document",
     "missing: the id of the document")
custom("regions as a mapping", "types", _write(REG, "regions: {jjj: x}\n"), REG, 1, "regions", "must be a list")
edit("definition too short", "types", IND, "definition: Containers handled by a port in a year.",
     "definition: short", "definition", "at least 10 characters")
edit("unknown region level", "types", REG, "level: province, parent: jjj}", "level: county, parent: jjj}",
     "level", "Input should be")
edit("title as a list", "types", META_A, "title: 测试文件doc-a", "title: [a]", "title", STRING)
custom("observations file is a list", "types", _write(OBS_A, "- a\n- b\n"), OBS_A, 1, "",
       "the file must hold a mapping at the top")
edit("unknown top-level key", "types", OBS_A, "excluded:", "notes: x\nexcluded:", "notes", "unknown top-level key")
edit("misspelt field", "types", OBS_A, 'value: "2200"', 'valeu: "2200"', "valeu", "unknown field (a typo?)")
edit("change field on an observation", "types", OBS_A, "qualifier: more_than",
     "qualifier: more_than\n    change: increase", "change", "only change statements have change",
     line=line_of(OBS_A, "qualifier: more_than") + 1)

# --- units ---
edit("unknown unit", "units", OBS_A, "unit: 万标准箱", "unit: 万集装箱", "unit", "unknown unit")
edit("unit of another dimension", "units", IND, "unit: TEU", "unit: km", "unit", "normalizes to TEU",
     where=OBS_A, line=line_of(OBS_A, "unit: 万标准箱"))
edit("unit not in the quote", "units", OBS_A, "unit: 万标准箱", "unit: 万吨", "unit", "does not occur in the quote")
edit("unknown canonical unit", "units", IND, "unit: TEU", "unit: furlongs", "unit", "unknown canonical unit")
edit("a concentration for a percentage", "units", IND, "unit: ug/m3", "unit: percent", "unit",
     "normalizes to ug/m3", where=OBS_A, line=line_of(OBS_A, "unit: 微克/立方米"))
edit("a length for an area", "units", IND, "unit: km\n", "unit: km2\n", "unit", "normalizes to km",
     where=OBS_A, line=line_of(OBS_A, "unit: 公里"))
for bad, fragment in [("inf", "'inf' is not a finite number"), ("NaN", "'NaN' is not a finite number"),
                      ("1e400", "is too large to store"), ("-2200", "cannot be negative")]:
    edit(f"value {bad}", "units", OBS_A, 'value: "2200"', f'value: "{bad}"', "value", fragment)
edit("range qualifier on one number", "units", OBS_A, "qualifier: more_than", "qualifier: range", "qualifier",
     "goes with a value like '30-40'")
edit("ratio without 倍", "units", OBS_A, "change: decrease", "change: ratio", "change", "needs unit 倍")

# --- dates and periods ---
for bad in ("2024-13-45", "2024-02-30", "2024-00"):
    edit(f"document date {bad}", "dates", META_A, 'date: "2024-03"', f'date: "{bad}"', "date", "is not a real date")
edit("document date 2024-3", "dates", META_A, 'date: "2024-03"', 'date: "2024-3"', "date", "should match pattern")
edit("document date unquoted", "dates", META_A, 'date: "2024-03"', "date: 2024-03-01", "date",
     "YAML read this as the date 2024-03-01")
edit("date precision", "dates", META_A, "date_precision: month", "date_precision: monthly", "date_precision",
     "Input should be")
P1 = 'period: "2023"\n    value: "2200"'
edit("month 13", "dates", OBS_A, P1, 'period: "2023-13"\n    value: "2200"', "period", "has month 13")
edit("months backwards", "dates", OBS_A, P1, 'period: "2023-10/2023-01"\n    value: "2200"', "period",
     "must run forwards")
edit("years not a span", "dates", OBS_A, P1, 'period: "2014/2014"\n    value: "2200"', "period", "must run forwards")
edit("year and month mixed", "dates", OBS_A, P1, 'period: "2022-01/2023"\n    value: "2200"', "period",
     "mixes a year and a month")
edit("period with a character", "dates", OBS_A, P1, 'period: "2023年"\n    value: "2200"', "period", "is not one of")
edit("observation after its document", "dates", OBS_A, P1, 'period: "2030"\n    value: "2200"', "period",
     "postdates its document doc-a (dated 2024-03)")
edit("observation in 9999", "dates", OBS_A, P1, 'period: "9999"\n    value: "2200"', "period",
     "only targets look forward")
edit("change after its document", "dates", OBS_A, 'period: "2023"\n    base_period: "2014"',
     'period: "2025"\n    base_period: "2014"', "period", "change value for 2025 postdates its document")
edit("base period after period", "dates", OBS_A, 'base_period: "2014"', 'base_period: "2024"', "base_period",
     "is not before")
edit("target period a month", "dates", OBS_A, 'period: "2030"', 'period: "2030-06"', "period",
     "a target's period is its year")

# --- encodings ---
custom("observations in UTF-16", "encodings", _write(OBS_A, FILES[OBS_A].encode("utf-16")), OBS_A, 1, "",
       "not UTF-8")
edit("a Latin-1 byte", "encodings", OBS_A, "突破2200万标准箱".encode(), b"\xe9 2200", "", "not UTF-8 (invalid")
edit("a cut multi-byte character", "encodings", REG, "天津市".encode(), "天津市".encode()[:-1], "", "not UTF-8")
edit("an overlong encoding", "encodings", IND, "theme: transport", b"theme: \xc0\xaftransport", "", "not UTF-8")
custom("a document not in UTF-8", "encodings", _write("sources/a.txt", DOC_A.encode("gbk")), META_A,
       line_of(META_A, "file: a.txt"), "file", "document sources/a.txt is not UTF-8")
edit("a surrogate written as an escape", "encodings", OBS_A, 'value: "2200"', 'value: "\\ud800"', "",
     "lone surrogate U+D800 written as an escape")

# --- control bytes, raw in every kind of file, and as escapes ---
CONTROL_AT = {ENTRY: "include:", REG: "  - {id: tianjin,", IND: "    zh: 集装箱吞吐量",
              OBS_A: "    region: tianjin-port", META_A: "title_en: Test document doc-a"}
for byte, label in [(b"\x00", "U+0000 (NUL)"), (b"\x01", "U+0001"), (b"\x1b", "U+001B (ESC)"),
                    (b"\x7f", "U+007F (DEL)")]:
    for file, anchor in CONTROL_AT.items():
        edit(f"{label.split()[0]} in {file}", "control bytes", file, anchor, anchor.encode() + byte, "",
             f"control character {label} at column {len(anchor) + 1}: remove it")
for escape, label in [("\\x01", "U+0001"), ("\\0", "U+0000 (NUL)"), ("\\e", "U+001B (ESC)")]:
    edit(f"{label.split()[0]} as an escape", "control bytes", OBS_A, 'value: "2200"', f'value: "22{escape}00"', "",
         f"control character {label} written as an escape")

# --- YAML bombs ---
custom("billion laughs", "YAML bombs",
       _write("catalog/regions/bomb.yaml", "regions:\n  - &a [x, x, x, x, x, x, x, x, x]\n"
                                           "  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                           "  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"),
       "catalog/regions/bomb.yaml", 3, "", "aliases (*name) are not allowed")
custom("deep sequence nesting", "YAML bombs",
       _write("catalog/regions/deep.yaml", "regions:\n  - " + "[" * 5000 + "]" * 5000),
       "catalog/regions/deep.yaml", 2, "", "nested deeper than 50 levels")
custom("deep mapping nesting", "YAML bombs",
       _write("catalog/regions/deep.yaml", "regions:\n  - " + "{a: " * 3000 + "1" + "}" * 3000),
       "catalog/regions/deep.yaml", 2, "", "nested deeper than 50 levels")
edit("merge key", "YAML bombs", OBS_A, "  - indicator: pm25-annual-mean\n    region: tianjin\n    kind: change",
     "  - <<: *base\n    indicator: pm25-annual-mean\n    region: tianjin\n    kind: change", "",
     "aliases (*name) are not allowed")
edit("python tag", "YAML bombs", OBS_A, 'value: "2200"', "value: !!python/object/apply:os.system [echo]", "",
     "could not determine a constructor")
edit("duplicate key", "YAML bombs", OBS_A, 'value: "2200"', 'value: "2200"\n    value: "2300"', "",
     "duplicate key 'value'", line=line_of(OBS_A, 'value: "2200"') + 1)
edit("two YAML documents", "YAML bombs", REG, "regions:", "regions: []\n---\nregions:", "",
     "expected a single document", line=2)
custom("an unclosed flow", "YAML bombs", _write("catalog/regions/open.yaml", "regions:\n  - " + "[" * 40 + "\n"),
       "catalog/regions/open.yaml", 3, "", "YAML syntax")

# --- huge files and fields ---
custom("a 9 MB file", "huge files", _write("catalog/regions/huge.yaml", "# " + "x" * (9 * MB) + "\n"),
       "catalog/regions/huge.yaml", 1, "", "is 9.4 MB; a catalog file is at most 8 MB")
edit("a 1 MB quote", "huge files", OBS_A, "quote: 2023年集装箱吞吐量突破2200万标准箱", "quote: " + "港" * MB, "quote",
     "(1,048,576 characters)")
edit("a 1 MB value", "huge files", OBS_A, 'value: "2200"', 'value: "' + "9" * MB + '"', "value",
     "(1,048,576 characters)' 万标准箱 is too large to store")
edit("a 1 MB indicator id", "huge files", OBS_A, "indicator: container-throughput", "indicator: " + "x" * MB,
     "indicator", "(1,048,576 characters)")


# --- symbolic links ---
def _link(rel: str, target: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        os.symlink(target, root / rel)
    return apply


custom("a broken link", "symlinks", _link(OBS_B, "gone.yaml"), OBS_B, 1, "", "a broken or looping symbolic link")
custom("a looping link", "symlinks", _link(OBS_B, "doc-b.yaml"), OBS_B, 1, "", "a broken or looping symbolic link")
custom("a link out of the catalog", "symlinks", _link(OBS_B, "/etc/hostname"), OBS_B, 1, "",
       "outside the catalog's folder")
custom("a document linked from outside", "symlinks", _link("sources/a.txt", "/etc/hostname"), META_A,
       line_of(META_A, "file: a.txt"), "file", "is outside sources/")

# --- duplicate and dangling ids ---
edit("duplicate region id", "ids", REG, "{id: tj-binhai,", "{id: tianjin,", "id", "duplicate region id 'tianjin'")
edit("duplicate indicator id", "ids", IND, "id: exports-value", "id: pm25-annual-mean", "id",
     "duplicate indicator id 'pm25-annual-mean'")
edit("duplicate statement", "ids", OBS_A, "excluded:",
     "  - indicator: container-throughput\n    region: tianjin-port\n    kind: observed\n    period: \"2023\"\n"
     "    value: \"2200\"\n    unit: 万标准箱\n    qualifier: more_than\n"
     "    quote: 2023年集装箱吞吐量突破2200万标准箱\n"
     "excluded:", "period", "is already coded at catalog/observations/doc-a.yaml:3",
     line=line_of(OBS_A, "excluded:") + 3)
edit("dangling indicator", "ids", OBS_A, "indicator: container-throughput", "indicator: container-thruput",
     "indicator", "unknown indicator 'container-thruput'")
edit("dangling region", "ids", OBS_A, "region: tianjin-port", "region: tianjin-harbour", "region",
     "unknown region 'tianjin-harbour'")
edit("dangling parent", "ids", REG, "parent: tj-binhai", "parent: tj-binhia", "parent", "unknown region 'tj-binhia'")
edit("dangling document", "ids", OBS_A, "document: doc-a", "document: doc-z", "document",
     "unknown document 'doc-z'", line=line_of(OBS_A, "  - indicator: container-throughput"))
custom("a second metadata file with the same id", "ids", _write("sources/meta/doc-c.yaml", FILES[META_A]),
       "sources/meta/doc-c.yaml", 1, "id", "differs from the file's name")
custom("two metadata files for one document", "ids",
       _write("sources/meta/doc-c.yaml", FILES[META_A].replace("id: doc-a", "id: doc-c")),
       "sources/meta/doc-c.yaml", 2, "file", "file a.txt is already described by 'doc-a'")
edit("unknown theme", "ids", IND, "theme: transport", "theme: transportation", "theme", "Input should be")
edit("region cycle", "ids", REG, "level: region}", "level: region, parent: tianjin-port}", "parent",
     "regions form a parent cycle")
edit("include pattern outside", "ids", ENTRY, "regions: catalog/regions/*.yaml", "regions: ../*.yaml",
     "include.regions", "must be relative to the catalog's folder")

# --- changed documents ---
edit("document edited, hash not", "changed documents", "sources/a.txt", "世界一流港口", "世界一流大港", "sha256",
     "the document changed", where=META_A, line=line_of(META_A, "sha256:"))
custom("document deleted", "changed documents", lambda root: (root / "sources/a.txt").unlink(), META_A,
       line_of(META_A, "file: a.txt"), "file", "document sources/a.txt not found")
custom("document cut short", "changed documents",
       _steps(_write("sources/a.txt", DOC_A.split("\n")[0] + "\n"), _rehash), OBS_A,
       line_of(OBS_A, "quote: 2023年全市PM2.5平均浓度比2014年下降57.2%"), "quote", "quote not found in document doc-a")
custom("document replaced by a folder", "changed documents",
       lambda root: ((root / "sources/a.txt").unlink(), (root / "sources/a.txt").mkdir()), META_A,
       line_of(META_A, "file: a.txt"), "file", "is a folder, not a document")
edit("sha256 not hex", "changed documents", META_A, "sha256: ", "sha256: zz", "sha256", "should match pattern")
custom("metadata deleted", "changed documents", lambda root: (root / META_A).unlink(), OBS_A,
       line_of(OBS_A, "  - indicator: container-throughput"), "document", "unknown document 'doc-a'")
custom("excluded sentence edited away", "changed documents",
       _steps(lambda root: _replace(root, "sources/a.txt", "世界一流港口", "一流港口"), _rehash), OBS_A,
       line_of(OBS_A, "  - quote: 天津港加快建设世界一流港口"), "quote", "excluded quote not found in document doc-a")

# --- a document's statements emptied (its figures would silently go) ---
STATEMENTS = FILES[OBS_A][FILES[OBS_A].index("statements:\n"):FILES[OBS_A].index("excluded:")]
EMPTIED = "document {doc} has no statements: all its figures would be dropped"
edit("statements emptied", "changed documents", OBS_A, STATEMENTS, "statements:\n", "statements",
     EMPTIED.format(doc="doc-a"))
edit("statements: []", "changed documents", OBS_A, STATEMENTS, "statements: []\n", "statements",
     EMPTIED.format(doc="doc-a"))
custom("observations file deleted", "changed documents", lambda root: (root / OBS_B).unlink(),
       "sources/meta/doc-b.yaml", 1, "statements", EMPTIED.format(doc="doc-b"))
edit("no_statements beside statements", "changed documents", OBS_A, "excluded:",
     "no_statements: not coded yet\nexcluded:",
     "no_statements", "document doc-a has 5 statement(s)")
edit("no_statements without a reason", "changed documents", OBS_A, STATEMENTS, "statements: []\nno_statements: ~\n",
     "no_statements", "give the reason", line=line_of(OBS_A, "statements:") + 1)
