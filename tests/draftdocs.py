"""Documents written for the drafter's tests (not the seeds), and a catalog to draft them against."""
from __future__ import annotations

from pathlib import Path

from tests.minicatalog import write_mini_catalog

MORE_REGIONS = """\
regions:
  - {id: tj-wuqing, zh: 武清区, en: Wuqing District, level: district, parent: tianjin}
  - {id: tiankai-park, zh: 天开高教科创园, en: Tiankai Park, level: park, parent: tianjin}
"""

# One sentence per rule; the dateline makes the document's year 2026.
REPORT = """\
滨海新区经济运行情况通报

■ 记者 王五

发布日期：2026年10月20日

2026年1至9月，天津港集装箱吞吐量完成1800万标准箱，同比增长5.2%。
前三季度，滨海新区出口值超过1200亿元。
上半年，武清区新增企业约300家。
去年，天津港集装箱吞吐量突破2400万标准箱。
全市PM2.5年均浓度比2014年下降57.2%。
武清区接待游客近120万人次，营业收入1000亿元以上。
天开园累计注册企业3000余家。
到2030年，全市高铁、城际里程力争达到600公里。
“十四五”期间，武清区引进项目投资300亿元。
京津冀主要城市1~1.5小时通达。
如今的武清站，已从日均发送乘客二三百人，发展到现在的8000余人。
宁河区新建公园12个。
全市新能源汽车产量增长1.5倍。
天津港航线入选第五批试点。
2025年，武清区出口值达100亿元。船舶出口增速达39.7%。
"""

PLAIN = "2024年，天津港吞吐量达到2500万标准箱。\n"  # no dateline: dated by its latest year


def catalog_with_documents(folder: Path) -> Path:
    """The mini catalog, two more regions, and the test documents in sources/ with no metadata."""
    entry = write_mini_catalog(folder)
    (folder / "catalog" / "regions" / "more.yaml").write_text(MORE_REGIONS, encoding="utf-8")
    (folder / "sources" / "report_2026.txt").write_text(REPORT, encoding="utf-8")
    (folder / "sources" / "plain.txt").write_text(PLAIN, encoding="utf-8")
    return entry
