"""Regions from the place names in a sentence and the catalog's region list. Pure.

Each region is known by its name and shorter forms of it: without a parenthesis, without the name
of an enclosing region in front (武清京津产业新城 → 京津产业新城), without 市/省/区 (武清区 → 武清),
with the dash variants the texts print (滨海—中关村 / 滨海一中关村). Words for "the city"
(全市, 我市) and "the district" (全区, 区内) point to the nearest such region named earlier.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

PAIR_WORDS = ("京津冀三地", "京津冀地区", "三地", "两地")  # Beijing–Tianjin(–Hebei) together: region jjj
CITY_WORDS = ("全市", "我市", "本市", "市内")
DISTRICT_WORDS = ("全区", "我区", "本区", "该区", "区内")
CITY_LEVELS = ("province", "city")
ORGANISATION = re.compile(r"大学|学院|集团|公司|银行|研究院|研究所|中心|医院|海关")
# Place-like names the region list may lack: 2–4 characters before a district/county/town word.
PLACE_LIKE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(新区|区|县|镇)(?![\u4e00-\u9fff]{0,1}[内外域])")
# Last characters of names that are a kind of area, not a place: 示范区, 先行区, 小区, 园区, 开发区, 片区…
NOT_PLACE_ENDINGS = set("范行贸验保心冲务能聚载城片全该本辖社小园景地市郊山库矿校发新政街业技户障态")
# Words that may open a clause before its subject: time, 在…方面, 其中.
LEADING = re.compile(r"^(?:(?:19|20)\d{2}年(?:底|末)?|去年(?:底)?|今年|过去一年|目前|如今|当前|近年来|其中|同时|此外|"
                     r"在[^，,]{0,12}?(?:方面|领域)|[,，、：:])*")
SUBJECT_REACH = 12   # a place this close to the start of its clause or sentence (after LEADING words) is its subject
SENTENCE_REACH = 12
# A place right after these words is an object (与京冀…, 服务三地…), not the subject.
OBJECT_OF = re.compile(r"(?:与|同|对|向|和|会同|联合|服务|引进|吸引|赴|来自|面向|联通|直通|打入|连接|支持|下放|"
                       r"落户|入驻|在)$")
PARAGRAPH_SKIPS = ("region", "province")  # too broad to be what one paragraph is about
PARAGRAPH_TOPIC = 2  # a paragraph is about a place it names this often, and more than any other


@dataclass(frozen=True)
class RegionInfo:
    id: str
    zh: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class Place:
    region: str
    start: int
    words: str


def _short_forms(name: str) -> set[str]:
    forms = {name}
    paren = re.match(r"(.+?)[（(](.+?)[）)]$", name)
    if paren:
        forms |= {paren.group(1), paren.group(2)}
    forms.add(re.sub(r"[（()）]", "", name))  # 中国（天津）自由贸易试验区 → 中国天津自由贸易试验区
    forms |= {f.replace("自由贸易", "自贸") for f in forms}  # the usual abbreviation
    for form in list(forms):
        for suffix in ("市", "省", "区"):
            if form.endswith(suffix) and not form.endswith("新区") and len(form) - len(suffix) >= 2:
                forms.add(form[: -len(suffix)])
        if form.endswith("新区") and len(form) > 3:
            forms.add(form[:-2])
    return forms


class Gazetteer:
    """Every name each region goes by, longest first, matched at each position of a text."""

    def __init__(self, regions: list[RegionInfo]):
        self.regions = {r.id: r for r in regions}
        names: dict[str, str] = {}
        for r in regions:
            for form in self._forms(r):
                if len(form) >= 2:
                    names.setdefault(form, r.id)
        root = next((r.id for r in regions if r.parent is None), None)
        for word in PAIR_WORDS:
            if root:
                names.setdefault(word, root)
        self.names = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))
        self.pattern = re.compile("|".join(re.escape(n) for n in self.names)) if self.names else None

    def _forms(self, r: RegionInfo) -> set[str]:
        forms = _short_forms(r.zh)
        prefixes = set()
        parent = self.regions.get(r.parent)
        while parent is not None:
            prefixes |= _short_forms(parent.zh)
            parent = self.regions.get(parent.parent)
        prefixes.add("中国")
        for form in list(forms):
            for prefix in prefixes:
                rest = form[len(prefix):] if form.startswith(prefix) else ""
                if len(rest) >= 2 and rest[0] not in "—-一（(":
                    forms.add(rest)
        if r.level == "park":  # a park goes by its first two characters: 天开高教科创园 → 天开园
            forms |= {f[:2] + f[-1] for f in list(forms) if len(f) >= 5 and f[-1] == "园"}
        for form in list(forms):  # the texts print — as 一 or - in names like 滨海—中关村
            if "—" in form:
                forms |= {form.replace("—", "一"), form.replace("—", "-")}
        return forms

    def places(self, s: str) -> list[Place]:
        """Place names in `s`; not those naming an organisation (南开大学, 天津港集团)."""
        if self.pattern is None:
            return []
        return [Place(self.names[m.group(0)], m.start(), m.group(0)) for m in self.pattern.finditer(s)
                if not ORGANISATION.match(s, m.end())]

    def enclosing(self, region: str, levels: tuple[str, ...]) -> str | None:
        node = self.regions.get(region)
        while node is not None and node.level not in levels:
            node = self.regions.get(node.parent)
        return node.id if node else None


class RegionReader:
    """The region of a figure: the subject of its clause, else of its sentence (a place near the
    start, not an object of 与/对/服务…), else the place its paragraph is about, else the document's
    most named place."""

    def __init__(self, gazetteer: Gazetteer, s: str, home: str | None = None):
        """`home`: the region the catalog codes most, for a document that names no place."""
        self.g = gazetteer
        self.s = s
        self.all = gazetteer.places(s)
        counts = Counter(p.region for p in self.all if self._level(p.region) != "region")
        self.home = home if home in gazetteer.regions else next(iter(gazetteer.regions), "")
        self.default = counts.most_common(1)[0][0] if counts else self.home

    def _level(self, region: str) -> str:
        r = self.g.regions.get(region)
        return r.level if r else ""

    def _subject(self, a: int, b: int, reach: int) -> Place | None:
        """The subject of s[a:b]: a place, or a word for the city or district, near its start."""
        a += LEADING.match(self.s[a:b]).end()
        b = min(b, a + reach + 1)
        found = [p for p in self.all
                 if a <= p.start < b and not OBJECT_OF.search(self.s[max(0, p.start - 2):p.start])]
        for word, levels in ((CITY_WORDS, CITY_LEVELS), (DISTRICT_WORDS, ("district",))):
            for w in word:
                i = self.s.find(w, a, b)
                if i >= 0:
                    region = self._nearest_earlier(before=i, levels=levels)
                    if region:
                        found.append(Place(region, i, w))
        return min(found, key=lambda p: p.start) if found else None

    def _nearest_earlier(self, before: int, levels: tuple[str, ...]) -> str | None:
        for p in reversed([p for p in self.all if p.start < before]):
            region = self.g.enclosing(p.region, levels)
            if region:
                return region
        if levels == CITY_LEVELS:  # 全市 with no city named before: the catalog's own city
            return self.g.enclosing(self.default, levels) or self.g.enclosing(self.home, levels)
        return None

    def region_at(self, clause: tuple[int, int], sentence: tuple[int, int], paragraph: tuple[int, int],
                  figure_start: int) -> tuple[str, str]:
        """(region id, the words it came from)."""
        for (a, b), reach in ((clause, SUBJECT_REACH), ((sentence[0], figure_start), SENTENCE_REACH)):
            place = self._subject(a, b, reach)
            if place:
                return place.region, place.words
        counts = Counter(p.region for p in self.all if paragraph[0] <= p.start < paragraph[1]
                         and self._level(p.region) not in PARAGRAPH_SKIPS)
        top = counts.most_common(2)
        if top and top[0][1] >= PARAGRAPH_TOPIC and (len(top) == 1 or top[0][1] > top[1][1]):
            region = top[0][0]
            return region, self.g.regions[region].zh + " (the paragraph's most named place)"
        return self.default, "the document's most named place"

    def unknown_place(self, a: int, b: int) -> str | None:
        """A place-like name in s[a:b] that no region goes by (a region stub is proposed for it)."""
        for m in PLACE_LIKE.finditer(self.s, a, b):
            name = m.group(0)
            if m.group(1)[-1] in NOT_PLACE_ENDINGS:
                continue
            if not any(p.start <= m.start() < p.start + len(p.words) for p in self.all):
                return name
        return None
