"""The printed summary of a refresh run. Pure: a run record in, text out."""
from __future__ import annotations

from .changelog import describe

HEADLINES = {
    "ok": "Refresh done: a new database is live.",
    "degraded": "Refresh DEGRADED: an external source failed; its last good copy was used.",
    "no-op": "Refresh: nothing changed (same inputs, same content); the live database was kept.",
    "failed": "Refresh FAILED: the live database was not touched and keeps serving.",
    "refused": "Refresh refused: another run holds the lock.",
    "rolled-back": "Rolled back: the previous database is live again.",
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
            f"{table} +{c['added']} ~{c['changed']} -{c['removed']}" for table, c in record.changes.items()))
        lines += [f"    {describe(c)}" for c in record.change_log[:max_changes]]
        if len(record.change_log) > max_changes:
            lines.append(f"    … and {len(record.change_log) - max_changes} more (table `changes`)")
    if record.scan:
        lines.append(f"  scan: {record.scan['uncovered']} figure(s) in the documents that no quote covers"
                     + (" (run `jjj scan` for the list)" if record.scan["uncovered"] else ""))
        lines += [f"    {f.file}:{f.line}  {f.figure}  «{f.sentence}»" for f in record.findings[:max_findings]]
    if record.error:
        lines.append("  " + record.error.strip().replace("\n", "\n  "))
    return "\n".join(lines)
