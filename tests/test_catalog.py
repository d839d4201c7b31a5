"""The real catalog: every quote verified, every document and theme present, the owner's families."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter

from sqlalchemy import select
from typer.testing import CliRunner

from cli.main import app
from db.engine import read_engine, sqlite_url
from db.export import TIDY_COLUMNS
from db.schema import Target
from etl.build import check
from etl.validate import squash


def test_every_quote_occurs_in_its_document_with_its_value(catalog_entry):
    catalog = check(catalog_entry)  # raises CatalogInvalid listing any quote not found
    texts = {d.id: squash((catalog_entry.parent / "sources" / d.file).read_text(encoding="utf-8"))
             for d in catalog.documents}
    assert len(catalog.statements) >= 150
    for cs in catalog.statements:
        quote = squash(cs.statement.quote)
        assert quote in texts[cs.document], cs.origin
        assert squash(cs.statement.value) in quote, cs.origin


def test_statements_come_from_all_five_documents_and_every_theme(catalog_entry):
    catalog = check(catalog_entry)
    per_doc = Counter(cs.document for cs in catalog.statements)
    assert len(catalog.documents) == 5 and all(per_doc[d.id] > 0 for d in catalog.documents)
    themes = {catalog.indicator(cs.statement.indicator).theme for cs in catalog.statements}
    assert themes == {t.id for t in catalog.themes}


def test_the_owner_named_families_are_present(built_url):
    engine = read_engine(built_url)
    with engine.connect() as conn:
        targets = {(t.indicator_id, t.target_year, t.value) for t in conn.execute(select(Target.__table__))}
    assert ("hsr-intercity-rail-km", 2030, 510) in targets
    assert ("expressway-km", 2030, 1450) in targets
    catalog_ids = {i for i in re.findall(r"indicator: ([a-z0-9-]+)", _all_observations())}
    for family in ("container-throughput", "pm25-annual-mean", "hsr-intercity-rail-km", "foreign-trade-value",
                   "registered-enterprises", "hightech-enterprises", "tech-smes"):
        assert family in catalog_ids, family


def _all_observations() -> str:
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "catalog" / "observations"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.yaml")))


def test_stats_lists_documents_themes_targets_and_conflicts(built_db):
    result = CliRunner().invoke(app, ["stats", "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    for heading in ("Statements per document (5)", "Statements per theme (9)", "Targets", "Conflicts"):
        assert heading in result.output
    assert "tianjin-ten-years-review" in result.output and "culture-tourism" in result.output


def test_export_writes_the_tidy_csv_with_bom(built_db, tmp_path):
    out = tmp_path / "tidy.csv"
    result = CliRunner().invoke(app, ["export", "--csv", str(out), "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0].keys()) == TIDY_COLUMNS
    kinds = Counter(r["kind"] for r in rows)
    assert set(kinds) == {"observed", "change", "derived", "target"}
    port = [r for r in rows if r["indicator_id"] == "container-throughput" and r["region_id"] == "tianjin-port"
            and r["period"] == "2024"]
    assert port and float(port[0]["value"]) == 23_290_000 and port[0]["value_as_written"] == "2329"
    assert port[0]["qualifier"] == "more_than" and "2329万标准箱" in port[0]["quote"]
    # the SQL join's rows through the text encoder, though the command fills the names in and encodes bytes
    from db.csv_encoding import csv_stream
    from db.export import tidy_query
    with read_engine(sqlite_url(built_db)).connect() as conn:
        assert raw == "".join(csv_stream(conn, tidy_query(), TIDY_COLUMNS)).encode()


def test_progress_command_prints_every_target(built_db):
    result = CliRunner().invoke(app, ["progress", "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    assert "hsr-intercity-rail-km" in result.output and "one observation" in result.output


def test_check_command_reports_ok(catalog_entry):
    result = CliRunner().invoke(app, ["check", "--catalog", str(catalog_entry)])
    assert result.exit_code == 0, result.output
    assert "every quote found in its document" in result.output
