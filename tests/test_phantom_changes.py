"""A rebuild from unchanged inputs records no change (issue 12, item 2: every swap used to record
"半 → 过半 [qualifier_as_written]" because the live snapshot left that column out)."""
from __future__ import annotations

from etl.build import change_log, check, process
from etl.changelog import COMPARED
from etl.live import live_state


def test_the_live_snapshot_holds_every_column_the_change_log_compares(built_url):
    snapshot = live_state(built_url)["snapshot"]
    for table in ("observations", "targets"):
        assert snapshot[table], table
        assert set(COMPARED) <= set(snapshot[table][0]), table


def test_a_rebuild_with_unchanged_inputs_records_no_change(built_url, catalog_entry):
    dataset = process(check(catalog_entry))
    assert change_log(live_state(built_url), dataset) == []
