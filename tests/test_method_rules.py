"""The method page and the README state every progress rule with the numbers the code uses."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import etl.progress as progress
from dashboard.components.method_rules import RULES, method_rules
from tests.test_progress_data import text_of

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_and_deviation_is_on_the_page(lang):
    page = method_rules(lang)
    text = text_of(page)
    for number in ("2014", "0.95", "0.60", "1.5%", "0.5%", "0.001"):
        assert number in text, number
    rules = page.children[1].children
    assert [li.id for li in rules] == [f"method-rule-{r.replace('_', '-')}" for r in RULES]
    assert len(page.children[3].children.children[1].children) == len(progress.DEVIATIONS)
    assert "{" not in text  # every placeholder filled


def test_the_page_reads_its_numbers_from_the_code(monkeypatch):
    monkeypatch.setattr(progress, "BASE_YEAR", 2015)
    monkeypatch.setattr(progress, "ZERO_REPLACEMENT", 0.0001)
    monkeypatch.setattr(progress, "TARGET_THRESHOLDS", {"substantial": 0.9, "moderate": 0.5, "limited": 0.0})
    text = text_of(method_rules("en"))
    assert "The base year is 2015" in text and "replaced by 0.0001" in text
    assert "Ratio ≥ 0.90: substantial progress; ≥ 0.50: moderate" in text


def test_the_readme_states_the_numbers_the_code_uses_and_every_deviation():
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Progress toward targets"):readme.index("## Architecture")]
    m = progress.method_summary()
    assert f"base year is {m['base_year']}" in section and f"基年为{m['base_year']}年" in section
    for v in m["target_thresholds"].values():
        assert f"{v:.2f}" in section or f"{v:g}" in section
    for v in m["no_target_thresholds"].values():
        assert f"{v * 100:g} %" in section or f"{v * 100:g}%" in section or v == 0
    assert str(m["zero_replacement"]) in section
    table = section[section.index("### Where this differs"):]
    assert len(re.findall(r"^\| (?!case|---)", table, flags=re.M)) == len(progress.DEVIATIONS)
