"""New catalog entries where nothing existing fits: an indicator (zh name from the clause, a
proposed English name from a small glossary, unit, theme, direction) and a region stub. Pure;
every field is a proposal a curator reviews."""
from __future__ import annotations

import re

from ..normalize import BASE_UNITS, NormalizationError, split_unit

# Written measure word → the count unit an indicator of it is usually measured in.
COUNT_UNIT_OF = {"家": "enterprises", "项": "items", "条": "lines", "所": "institutions", "列": "trains",
                 "户": "households", "辆": "vehicles", "架次": "flights", "次": "events", "场": "events",
                 "张": "count", "个": "count", "": "count"}
GLOSSARY = {  # longest first when matched; enough for common statistical phrases
    "集装箱": "container", "吞吐量": "throughput", "进出口": "foreign trade", "出口": "exports", "进口": "imports",
    "高新技术企业": "high-tech enterprises", "科技型中小企业": "tech SMEs", "企业": "enterprises",
    "项目": "projects", "投资": "investment", "总投资": "total investment", "产值": "output value",
    "营业收入": "revenue", "营业额": "turnover", "增加值": "value added", "旅客": "passengers",
    "游客": "tourists", "客流": "passenger flow", "航线": "routes", "里程": "length", "高铁": "high-speed rail",
    "铁路": "railway", "高速公路": "expressway", "实验室": "laboratories", "平台": "platforms",
    "基站": "base stations", "浓度": "concentration", "面积": "area", "人口": "population", "医院": "hospitals",
    "学校": "schools", "学位": "school places", "床位": "beds", "事项": "items", "政务服务": "government services",
    "协议": "agreements", "新增": "new", "累计": "cumulative", "注册": "registered", "国家级": "national",
    "重点": "key", "签约": "signed", "收入": "income", "就业": "employment", "日均": "daily average",
    "年均": "annual average", "机构": "institutions", "人才": "talent", "基金": "funds", "园区": "parks",
    "集群": "clusters", "产业": "industry", "创新": "innovation", "科技": "science and technology",
    "养老": "elderly care", "医疗": "medical", "教育": "education", "旅游": "tourism", "活动": "events",
    "覆盖率": "coverage rate", "比重": "share", "占比": "share", "增速": "growth rate", "订单": "orders",
    "城市更新": "urban renewal", "改造": "renovation", "绿化": "greening", "湿地": "wetland", "线路": "lines",
}
THEME_WORDS = (  # first theme whose word occurs in the name
    ("port-trade", ("港", "集装箱", "航线", "进出口", "出口", "进口", "外贸", "贸易")),
    ("transport", ("铁", "公路", "交通", "城际", "通勤", "航班", "机场", "里程", "车站", "地铁", "公交")),
    ("environment", ("PM", "浓度", "生态", "湿地", "绿化", "林木", "水质", "污染", "排放", "碳")),
    ("culture-tourism", ("旅游", "游客", "文化", "景区", "活动")),
    ("public-services", ("医", "养老", "教育", "学校", "学位", "社保", "住房", "小区", "政务", "床位")),
    ("reform-opening", ("改革", "自贸", "互认", "通办", "同事同标", "制度创新", "开放")),
    ("innovation", ("科技", "创新", "实验室", "研发", "专利", "高新", "人才", "孵化")),
    ("industry", ("产业", "产值", "集群", "制造", "工厂")),
)
LOWER_IS_BETTER = ("浓度", "污染", "排放", "能耗", "时间", "时长", "事故", "拥堵", "耗")
NAME_TRIM = re.compile(r"^(?:其中|以及|并|和|与|及|共|已|累计|新|全年|当年|目前|如今)+|"
                       r"(?:达到|达|为|是|实现|完成|突破|超过|超|约|近|逾|共|累计|增至|提升至|增长|同比|分别|比|较|从)+$")


def indicator_name(before: str, after: str, unit: str, places: list[str]) -> str:
    """The thing measured: the words after a measure word ("8个国家级创新平台"), else before the number."""
    for place in sorted(places, key=len, reverse=True):
        before, after = before.replace(place, ""), after.replace(place, "")
    before = re.sub(r"(?:19|20)\d{2}年|去年|今年|过去一年", "", before)
    after_words = re.match(r"[\u4e00-\u9fff“”\"]{2,14}", after)
    counted = unit in COUNT_UNIT_OF or unit[-1:] in COUNT_UNIT_OF
    if counted and after_words:
        name = after_words.group(0)
    else:
        name = before[-14:]
    previous = None
    while previous != name:
        previous, name = name, NAME_TRIM.sub("", name)
    return name.strip("“”\"") or before[-8:] or "未命名指标"


def english_name(zh: str) -> str:
    words, i, unknown = [], 0, False
    keys = sorted(GLOSSARY, key=len, reverse=True)
    while i < len(zh):
        key = next((k for k in keys if zh.startswith(k, i)), None)
        if key:
            words.append(GLOSSARY[key])
            i += len(key)
        else:
            unknown = True
            i += 1
    text = " ".join(words) if words else ""
    return (text[:1].upper() + text[1:] + (" (to translate)" if unknown else "")) if text else f"(to translate: {zh})"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def canonical_of(unit_as_written: str, change: bool) -> str:
    try:
        _, base = split_unit(unit_as_written)
    except NormalizationError:
        return "count"
    if base in BASE_UNITS:
        unit = BASE_UNITS[base]
        return "percent" if change and unit in ("pp", "times") else unit
    return COUNT_UNIT_OF.get(base, "count")


def new_indicator(zh: str, unit_as_written: str, change: bool, taken: set[str], quote: str,
                  themes: tuple[str, ...] = ()) -> dict:
    en = english_name(zh)
    base_id = slug(en.replace("(to translate)", "")) if not en.startswith("(") else "new-indicator"
    base_id = base_id or "new-indicator"
    ident, n = base_id, 1
    while ident in taken:
        n += 1
        ident = f"{base_id}-{n}"
    taken.add(ident)
    theme = next((t for t, words in THEME_WORDS if any(w in zh for w in words) and (not themes or t in themes)),
                 "economy" if not themes or "economy" in themes else themes[0])
    return {"id": ident, "zh": zh, "en": en, "theme": theme, "unit": canonical_of(unit_as_written, change),
            "direction": "lower_is_better" if any(w in zh for w in LOWER_IS_BETTER) else "higher_is_better",
            "definition": f"Proposed by jjj draft from «{quote}»: say what is measured and how it differs "
                          "from look-alike indicators."}


REGION_LEVEL_OF = {"新区": "district", "区": "district", "县": "district", "镇": "district"}


def region_stub(name: str, parent: str, taken: set[str], doc_id: str) -> dict:
    ident, n = f"{doc_id}-place", 1
    while ident in taken:
        n += 1
        ident = f"{doc_id}-place-{n}"
    taken.add(ident)
    level = next((lvl for suffix, lvl in REGION_LEVEL_OF.items() if name.endswith(suffix)), "district")
    return {"id": ident, "zh": name, "en": f"(to translate: {name})", "level": level, "parent": parent}
