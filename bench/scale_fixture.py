"""A catalog grown through the real input path: the project's catalog plus external series CSVs.

Each series is one indicator measured monthly in 40 regions (a region column, periods YYYY-MM),
as a statistics bureau publishes it; 58 series × 40 regions × 432 months ≈ 1 M observations.
Sizes past what 58 indicators × 36 years hold use more series: an indicator's further series cover
earlier 36-year spans (an archive split by period), so no two rows give the same indicator, region
and month and the data stays free of invented conflicts.

    from scale_fixture import make_fixture
    entry = make_fixture(Path(tmp), 1_000_000)     # → tmp/indicators.yaml, catalog including the series
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGIONS = 40
MONTHS = 432  # 1990-01 … 2025-12
LAST_YEAR = 2025
# A unit as a bureau writes it, for each canonical unit the generated indicators use.
WRITTEN_UNIT = {"count": "个", "items": "项", "institutions": "家", "projects": "个", "enterprises": "家",
                "CNY": "万元", "percent": "%", "persons": "人", "km": "公里", "tonnes": "万吨"}


def _catalog_ids() -> tuple[list[tuple[str, str]], list[str]]:
    """(indicator id, unit) of indicators a series can measure, and region ids, from the project's catalog."""
    indicators, regions = [], []
    for path in sorted((ROOT / "catalog/indicators").glob("*.yaml")):
        for ind in yaml.safe_load(path.read_text(encoding="utf-8")).get("indicators", []):
            if ind["unit"] in WRITTEN_UNIT:
                indicators.append((ind["id"], ind["unit"]))
    for path in sorted((ROOT / "catalog/regions").glob("*.yaml")):
        regions += [r["id"] for r in yaml.safe_load(path.read_text(encoding="utf-8")).get("regions", [])]
    return indicators, sorted(regions)


def plan(n: int) -> tuple[int, int, int]:
    """(series, regions, months) giving about `n` observations: whole series of 40 regions × 432 months,
    fewer months when `n` is smaller than one series."""
    per_series = REGIONS * MONTHS
    if n < per_series:
        return 1, REGIONS, max(1, n // REGIONS)
    return round(n / per_series), REGIONS, MONTHS


def make_fixture(folder: Path, n: int) -> Path:
    """Copy the catalog and documents into `folder`, add external series of about `n` rows; the entry file."""
    for name in ("catalog", "sources"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("external"))
    entry = folder / "indicators.yaml"
    entry.write_text((ROOT / "indicators.yaml").read_text(encoding="utf-8")
                     + "  external: catalog/external/*.yaml\n", encoding="utf-8")
    indicators, regions = _catalog_ids()
    n_series, n_regions, n_months = plan(n)
    out = folder / "catalog/external"
    out.mkdir(parents=True)
    declared = []
    for k in range(n_series):
        indicator, unit = indicators[k % len(indicators)]
        block = k // len(indicators)  # an indicator's further series reach further back
        series_id = f"scale-{k:04d}"
        declared.append({
            "id": series_id, "indicator": indicator, "source": f"catalog/external/{series_id}.csv",
            "title": f"月度数据 {series_id}", "publisher": "基准测试统计局",
            "columns": {"period": "月份", "value": "数值", "region": "地区"},
            "unit": WRITTEN_UNIT[unit], "qualifier": "exact"})
        last_month = (LAST_YEAR - 36 * block) * 12 + 11  # months since year 0
        with open(out / f"{series_id}.csv", "w", encoding="utf-8", newline="") as fh:
            fh.write("地区,月份,数值\n")
            for r, region in enumerate(regions[:n_regions]):
                lines = []
                for m in range(last_month - n_months + 1, last_month + 1):
                    value = 100 + (k * 7 + r * 13 + m) % 997 + (m % 10) / 10
                    lines.append(f"{region},{m // 12:04d}-{m % 12 + 1:02d},{value:g}\n")
                fh.write("".join(lines))
    (out / "scale.yaml").write_text(yaml.safe_dump({"series": declared}, allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")
    return entry


def observation_count(n: int) -> int:
    s, r, m = plan(n)
    return s * r * m
