"""A small, self-contained catalog written to a temporary folder, for tests that mutate it."""
from __future__ import annotations

import hashlib
from pathlib import Path

DOC_A = (
    "天津港加快建设世界一流港口。2023年集装箱吞吐量突破 2200万标准箱，\n"
    "2023年全市PM2.5平均浓度比2014年下降57.2%。2023年全市PM2.5平均浓度为41微克/立方米。\n"
    "到2030年，高铁、城际里程达到510公里。高铁城际里程达410公里。\n"
)
DOC_B = (
    "2024年，天津港吞吐量突破2329万标准箱。2023年集装箱吞吐量达到2300万标准箱。\n"
    "2025年出口值1000亿元，比2014年增长25%。\n"
)

ENTRY = """\
themes:
  - {id: transport, zh: 交通, en: Transport}
  - {id: port-trade, zh: 港口与贸易, en: Port & trade}
  - {id: environment, zh: 生态环境, en: Environment}
include:
  regions: catalog/regions/*.yaml
  indicators: catalog/indicators/*.yaml
  observations: catalog/observations/*.yaml
  documents: sources/meta/*.yaml
"""

REGIONS = """\
regions:
  - {id: jjj, zh: 京津冀, en: Beijing-Tianjin-Hebei, level: region}
  - {id: tianjin, zh: 天津市, en: Tianjin, level: province, parent: jjj}
  - {id: tj-binhai, zh: 滨海新区, en: Binhai New Area, level: district, parent: tianjin}
  - {id: tianjin-port, zh: 天津港, en: Port of Tianjin, level: port, parent: tj-binhai}
"""

INDICATORS = """\
indicators:
  - id: container-throughput
    zh: 集装箱吞吐量
    en: Container throughput
    theme: port-trade
    unit: TEU
    direction: higher_is_better
    definition: Containers handled by a port in a year.
  - id: pm25-annual-mean
    zh: PM2.5年均浓度
    en: PM2.5 annual mean
    theme: environment
    unit: ug/m3
    direction: lower_is_better
    definition: Annual mean concentration of PM2.5.
  - id: hsr-intercity-rail-km
    zh: 高铁、城际铁路里程
    en: High-speed and intercity rail length
    theme: transport
    unit: km
    direction: higher_is_better
    definition: Route length of high-speed and intercity railways.
  - id: exports-value
    zh: 出口值
    en: Exports value
    theme: port-trade
    unit: CNY
    direction: higher_is_better
    definition: Value of exports in yuan, as reported by customs.
"""

OBS_A = """\
document: doc-a
statements:
  - indicator: container-throughput
    region: tianjin-port
    kind: observed
    period: "2023"
    value: "2200"
    unit: 万标准箱
    qualifier: more_than
    quote: 2023年集装箱吞吐量突破2200万标准箱
  - indicator: pm25-annual-mean
    region: tianjin
    kind: change
    period: "2023"
    base_period: "2014"
    change: decrease
    value: "57.2"
    unit: "%"
    qualifier: exact
    quote: 2023年全市PM2.5平均浓度比2014年下降57.2%
  - indicator: pm25-annual-mean
    region: tianjin
    kind: observed
    period: "2023"
    value: "41"
    unit: 微克/立方米
    qualifier: exact
    quote: 2023年全市PM2.5平均浓度为41微克/立方米
  - indicator: hsr-intercity-rail-km
    region: tianjin
    kind: target
    period: "2030"
    value: "510"
    unit: 公里
    qualifier: exact
    quote: 到2030年，高铁、城际里程达到510公里
  - indicator: hsr-intercity-rail-km
    region: tianjin
    kind: observed
    period: doc
    value: "410"
    unit: 公里
    qualifier: exact
    quote: 高铁城际里程达410公里
excluded:
  - quote: 天津港加快建设世界一流港口
    reason: no figure, kept to test exclusions
"""

OBS_B = """\
document: doc-b
statements:
  - indicator: container-throughput
    region: tianjin-port
    kind: observed
    period: "2024"
    value: "2329"
    unit: 万标准箱
    qualifier: more_than
    quote: 2024年，天津港吞吐量突破2329万标准箱
  - indicator: container-throughput
    region: tianjin-port
    kind: observed
    period: "2023"
    value: "2300"
    unit: 万标准箱
    qualifier: exact
    quote: 2023年集装箱吞吐量达到2300万标准箱
  - indicator: exports-value
    region: tianjin
    kind: observed
    period: "2025"
    value: "1000"
    unit: 亿元
    qualifier: exact
    quote: 2025年出口值1000亿元
  - indicator: exports-value
    region: tianjin
    kind: change
    period: "2025"
    base_period: "2014"
    change: increase
    value: "25"
    unit: "%"
    qualifier: exact
    quote: 比2014年增长25%
"""


def meta(doc_id: str, file: str, text: str, date: str) -> str:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (f"id: {doc_id}\nfile: {file}\ntitle: 测试文件{doc_id}\ntitle_en: Test document {doc_id}\n"
            f"author: 测试\nauthor_en: Test\nkind: test\ndate: \"{date}\"\ndate_precision: month\n"
            f"date_evidence: Written for the tests, dated by hand.\nsha256: {sha}\n")


def mini_files() -> dict[str, str]:
    """The mini catalog's files: path relative to its root → text."""
    return {
        "indicators.yaml": ENTRY,
        "catalog/regions/base.yaml": REGIONS,
        "catalog/indicators/base.yaml": INDICATORS,
        "catalog/observations/doc-a.yaml": OBS_A,
        "catalog/observations/doc-b.yaml": OBS_B,
        "sources/a.txt": DOC_A,
        "sources/b.txt": DOC_B,
        "sources/meta/doc-a.yaml": meta("doc-a", "a.txt", DOC_A, "2024-03"),
        "sources/meta/doc-b.yaml": meta("doc-b", "b.txt", DOC_B, "2026-02"),
    }


def write_mini_catalog(root: Path) -> Path:
    """Write the mini catalog under `root`; returns the entry file."""
    for rel, text in mini_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "indicators.yaml"


def live_with_pending_edit(root: Path) -> tuple[Path, Path]:
    """A mini catalog built into a live database under `root`, then one catalog edit (an exact
    figure made approximate), so that the next build or refresh has something new to write.
    Returns (entry file, live database path)."""
    from db.engine import sqlite_url
    from etl.build import build
    entry = write_mini_catalog(root / "cat")
    live = root / "data" / "jjj.db"
    build(entry, sqlite_url(live))
    make_one_figure_approximate(entry)
    return entry, live


def make_one_figure_approximate(entry: Path) -> None:
    """One catalog edit on the mini catalog at `entry`: an exact figure made approximate (a new data version)."""
    obs = entry.parent / "catalog/observations/doc-b.yaml"
    text = obs.read_text(encoding="utf-8")
    obs.write_text(text.replace("qualifier: exact\n    quote: 2025年出口值",
                                "qualifier: about\n    quote: 2025年出口值"), encoding="utf-8")
