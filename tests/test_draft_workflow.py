"""`jjj draft` end to end on documents written for the tests: draft → the build refuses it → review
→ accept → the quotes are verified like any other; `--all`; the /sources page's waiting list."""
from __future__ import annotations

import re

import yaml
from typer.testing import CliRunner

from cli.main import app
from etl.load import load_catalog
from tests.draftdocs import catalog_with_documents

runner = CliRunner()


def jjj(*args):
    return runner.invoke(app, list(args))


def drafted(tmp_path):
    entry = catalog_with_documents(tmp_path / "cat")
    result = jjj("draft", str(entry.parent / "sources" / "report_2026.txt"), "--catalog", str(entry))
    return entry, result


def resolve_review_markers(root):
    """What a curator does after reviewing: fill in the English, and clear the UNSURE notes."""
    for path in list((root / "catalog").rglob("*.draft.yaml")) + [root / "sources" / "meta" / "report-2026.yaml"]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\(to translate[^)]*\)", "Reviewed", text).replace("UNSURE:", "checked:")
        path.write_text(text.replace("(to describe: article, report, plan, newspaper page…)", "report"),
                        encoding="utf-8")


def test_draft_writes_reviewable_files_and_prints_a_summary(tmp_path):
    entry, result = drafted(tmp_path)
    root = entry.parent
    assert result.exit_code == 0, result.output
    for part in ("figures found:", "matched to existing indicators:", "new indicators proposed:", "unsure:",
                 "jjj draft --accept report-2026"):
        assert part in result.output
    obs = yaml.safe_load((root / "catalog/observations/report-2026.draft.yaml").read_text(encoding="utf-8"))
    assert obs["document"] == "report-2026" and len(obs["statements"]) >= 10
    shape = {"indicator", "region", "kind", "period", "value", "unit", "qualifier", "quote", "note"}
    assert all(shape <= set(s) <= shape | {"base_period", "change"} for s in obs["statements"])
    assert (root / "catalog/indicators/report-2026.draft.yaml").exists()
    assert (root / "catalog/regions/report-2026.draft.yaml").exists()  # 宁河区 is not in the test catalog
    meta = yaml.safe_load((root / "sources/meta/report-2026.yaml").read_text(encoding="utf-8"))
    assert meta["file"] == "report_2026.txt" and "review" in meta
    again = jjj("draft", str(root / "sources" / "report_2026.txt"), "--catalog", str(entry))
    assert again.exit_code == 1 and "already has metadata or drafts" in again.output


def test_the_build_refuses_drafts_and_says_how_to_accept_them(tmp_path):
    entry, _ = drafted(tmp_path)
    raw = load_catalog(entry)
    assert not [s for s in raw.statements if s.document == "report-2026"]
    assert not [d for d in raw.documents if d.data.get("id") == "report-2026"]
    assert {d["kind"] for d in raw.drafts} == {"observations", "indicators", "regions", "documents"}
    checked = jjj("check", "--catalog", str(entry))
    assert checked.exit_code == 0, checked.output
    assert "report-2026: a draft" in checked.output and "jjj draft --accept report-2026" in checked.output


def test_accept_waits_for_the_review_then_the_quotes_are_verified(tmp_path):
    entry, _ = drafted(tmp_path)
    root = entry.parent
    refused = jjj("draft", "--accept", "report-2026", "--catalog", str(entry))
    assert refused.exit_code == 1 and "still marked for review" in refused.output
    assert "report-2026.draft.yaml:" in refused.output
    resolve_review_markers(root)
    accepted = jjj("draft", "--accept", "report-2026", "--catalog", str(entry))
    assert accepted.exit_code == 0, accepted.output
    assert not list(root.rglob("*.draft.yaml"))
    assert "review:" not in (root / "sources/meta/report-2026.yaml").read_text(encoding="utf-8")
    raw = load_catalog(entry)
    assert [s for s in raw.statements if s.document == "report-2026"] and not raw.drafts
    reviewed = jjj("check", "--catalog", str(entry))  # the drafted shapes, quotes, units and periods hold
    assert reviewed.exit_code == 0, reviewed.output
    accepted_obs = root / "catalog/observations/report-2026.yaml"
    text = accepted_obs.read_text(encoding="utf-8")
    accepted_obs.write_text(text.replace("quote: 天开园累计注册企业3000余家", "quote: 天开园累计注册企业3100余家"),
                            encoding="utf-8")
    checked = jjj("check", "--catalog", str(entry))
    assert checked.exit_code == 2 and "quote not found in document report-2026" in checked.output


def test_all_drafts_every_document_without_metadata_and_only_those(tmp_path):
    entry = catalog_with_documents(tmp_path / "cat")
    result = jjj("draft", "--all", "--catalog", str(entry))
    assert result.exit_code == 0, result.output
    assert "document report-2026" in result.output and "document plain" in result.output
    assert "doc-a" not in result.output
    plain = yaml.safe_load((entry.parent / "sources/meta/plain.yaml").read_text(encoding="utf-8"))
    assert (plain["date"], plain["date_precision"]) == ("2024", "year") and "2024" in plain["date_evidence"]
    assert "nothing to draft" in jjj("draft", "--all", "--catalog", str(entry)).output


def test_bad_arguments_and_bad_documents_say_what_is_wrong(tmp_path):
    entry = catalog_with_documents(tmp_path / "cat")
    assert jjj("draft", "--catalog", str(entry)).exit_code == 2
    assert jjj("draft", "--accept", "nothing-here", "--catalog", str(entry)).exit_code == 1
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("2024年，天津港吞吐量达到2500万标准箱。", encoding="utf-8")
    result = jjj("draft", str(outside), "--catalog", str(entry))
    assert result.exit_code == 1 and "put the document there first" in result.output
    latin1 = entry.parent / "sources" / "latin1.txt"
    latin1.write_bytes("2024年".encode("gbk"))
    result = jjj("draft", str(latin1), "--catalog", str(entry))
    assert result.exit_code == 1 and "is not UTF-8" in result.output
    assert not (entry.parent / "sources" / "meta" / "latin1.yaml").exists()


def test_the_sources_page_lists_documents_waiting_for_review(tmp_path):
    from dashboard.app import create_app
    from dashboard.views.sources import sources_layout
    from db.engine import sqlite_url
    from etl.build import build
    from tests.test_dashboard_callbacks import find, text_of
    entry, _ = drafted(tmp_path)
    url = sqlite_url(tmp_path / "live.db")
    build(entry, url)
    app = create_app(url=url)
    with app.server.test_request_context("/"):
        page = sources_layout(lang="en")
        section = find(page, "sources-pending")
        assert "Waiting for review" in text_of(section)
        row = text_of(find(page, "sources-pending-report-2026"))
        assert "report_2026.txt" in row and "jjj draft --accept report-2026" in row
        assert "proposed statements" in row
        assert "待审核文档" in text_of(find(sources_layout(lang="zh"), "sources-pending"))
