"""Both interface catalogs say the same things; names come from the data's zh/en columns."""
import json
import re
from pathlib import Path

import pytest

from dashboard.i18n import LANGS, catalog, name, normalize_lang, t
from db.records import Indicator, Theme
from tests.record_factories import make, progress_row

I18N = Path(__file__).resolve().parent.parent / "dashboard" / "i18n"


def test_both_catalogs_have_the_same_keys():
    zh, en = (json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGS)
    assert set(zh) == set(en), set(zh) ^ set(en)


def test_placeholders_match_between_languages():
    zh, en = catalog("zh"), catalog("en")
    for key in zh:
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in (I18N.parent).rglob("*.py"):
        used |= set(re.findall(r"""t\(\w+, ["']([a-z_]+\.[\w./-]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the pattern found no keys"
    assert used - set(catalog("en")) == set()


def test_lookup_fills_placeholders_and_falls_back_to_chinese():
    assert t("en", "header.counts", indicators=165, documents=5) == "165 indicators · 5 documents"
    assert t("xx", "nav.overview") == "总览"
    assert normalize_lang("fr") == "zh"
    with pytest.raises(KeyError):
        t("en", "no.such.key")


def test_names_come_from_the_row():
    row = make(Indicator, zh="集装箱吞吐量", en="Container throughput")
    assert name(row, "en") == "Container throughput"
    assert name(row, "zh") == "集装箱吞吐量"
    assert name(Theme(id="t", zh="只有中文", en=""), "en") == "只有中文"


def test_definition_follows_the_language_and_falls_back_to_english():
    from dashboard.i18n import definition
    both = make(Indicator, definition="Containers handled by a port.", definition_zh="港口装卸的集装箱数量。")
    assert definition(both, "zh") == "港口装卸的集装箱数量。"
    assert definition(both, "en") == "Containers handled by a port."
    assert definition(make(Indicator, definition="Only English.", definition_zh=None), "zh") == "Only English."


def test_every_progress_reason_has_a_text_in_both_languages():
    from dashboard.i18n import catalog
    from etl.progress import REASONS
    for lang in ("zh", "en"):
        missing = [code for code in REASONS if f"reason.{code}" not in catalog(lang)]
        assert not missing, (lang, missing)


def test_reasons_render_in_the_reader_language():
    import json

    from dashboard.i18n import reason_text
    from etl.progress import Point, assess
    a = assess([Point(2024, 410)], "higher_is_better", Point(2030, 510))
    row = progress_row(reason=a.reason, reason_codes=json.dumps(a.reasons))
    assert reason_text(row, "zh").startswith("仅有一个观测值：无法评估进展")
    assert "2030年达到510需年均增长+3.70%" in reason_text(row, "zh")
    assert reason_text(row, "en").startswith("One observation: progress cannot be assessed")
    b = assess([Point(2023, 2200, "more_than"), Point(2024, 2329, "more_than")], "higher_is_better")
    zh = reason_text(progress_row(reason_codes=json.dumps(b.reasons)), "zh")
    assert "2023年数值为下限" in zh and "未提出目标" in zh


def test_english_reasons_read_as_one_sentence():
    import json

    from dashboard.i18n import reason_text
    from etl.progress import Growth, Point, assess
    a = assess([Point(2024, 38.14)], "lower_is_better", None, [Growth(2014, 2023, -0.09)])
    text = reason_text(progress_row(reason_codes=json.dumps(a.reasons)), "en")
    assert text.startswith("Rate from a change statement between 2014 and 2023; no target stated")


def _families():
    """Every key the code builds with an f-string (t(lang, f"status.{s}")), from the list the code iterates."""
    import vocab
    from dashboard.components.method_rules import DEVIATION_COLUMNS, RULES
    from dashboard.figures.compare import MODES
    from dashboard.i18n import DROPDOWN_LABELS
    from etl.progress import DEVIATIONS, REASONS
    from etl.schema import CANONICAL_UNITS
    families = {
        "status": vocab.Status, "evidence.kind": vocab.Kind, "qualifier": vocab.Qualifier,
        "rests_on": vocab.RestsOn, "changes.status": vocab.RefreshOutcome, "changes.change": vocab.Change,
        "direction": vocab.Direction, "unit": sorted(CANONICAL_UNITS), "compare.mode": MODES,
        "reason": REASONS, "dropdown": DROPDOWN_LABELS, "method.dev.col": DEVIATION_COLUMNS,
        "method.rule": RULES,
    }
    keys = [f"{family}.{word}" for family, words in families.items() for word in words]
    keys += [f"method.rule.{rule}.title" for rule in RULES]
    keys += [f"method.dev.{d}.{c}" for d in DEVIATIONS for c in DEVIATION_COLUMNS]
    return keys


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_built_from_a_vocabulary_exists(lang):
    keys = _families()
    assert len(keys) > 100
    assert [k for k in keys if k not in catalog(lang)] == []
