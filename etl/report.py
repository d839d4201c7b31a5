"""The printed summary of a refresh run. Pure: a run record in, text out."""
from __future__ import annotations

from vocab import RefreshOutcome as R
from vocab import change_summary

from .changelog import describe

HEADLINES = {
    R.OK: "Refresh done: a new database is live.",
    R.DEGRADED: "Refresh DEGRADED: an external source failed; its last good copy was used.",
    R.NO_OP: "Refresh: nothing changed (same inputs, same content); the live database was kept.",
    R.FAILED: "Refresh FAILED: the live database was not touched and keeps serving.",
    R.REFUSED: "Refresh refused: another run holds the lock.",
    R.ROLLED_BACK: "Rolled back: the previous database is live again.",
}


def format_summary(record, max_changes: int = 30, max_findings: int = 15) -> str:
    lines = [HEADLINES.get(record.status, record.status),
             f"  run {record.run_uuid}  {record.started_at} → {record.finished_at}  database {record.database}"]
    if record.data_version:
        moved = (f"{record.previous_version or '(none)'} → {record.data_version}" if record.swapped
                 else record.data_version)
        lines.append(f"  data version {moved}" + ("" if record.swapped else " (not swapped)"))
    lines += [f"  note: {note}" for note in getattr(record, "notes", [])]
    if record.counts:
        lines.append("  rows: " + ", ".join(f"{k} {v}" for k, v in record.counts.items()))
    for entry in record.external:
        lines.append(f"  external {entry['series']}: {entry['status']} - {entry['message']}")
    if record.changes:
        lines.append("  changes: " + "; ".join(
            change_summary(table, c) for table, c in record.changes.items()))
        lines += [f"    {describe(c)}" for c in record.change_log[:max_changes]]
        total = sum(sum(c.values()) for c in record.changes.values())  # change_log holds the first entries only
        if total > min(len(record.change_log), max_changes):
            lines.append(f"    … and {total - min(len(record.change_log), max_changes)} more (table `changes`)")
    if record.scan:
        lines.append(f"  scan: {record.scan['uncovered']} figure(s) in the documents that no quote covers"
                     + (" (run `jjj scan` for the list)" if record.scan["uncovered"] else ""))
        lines += [f"    {f.file}:{f.line}  {f.figure}  «{f.sentence}»" for f in record.findings[:max_findings]]
    if record.error:
        lines.append("  " + record.error.strip().replace("\n", "\n  "))
    return "\n".join(lines)
