import type { AuditLedger, AuditQuery, ExportFormat } from "../../core/audit/index.ts";
import { csvHeader, toCsvRow, toJsonLine } from "../../core/audit/index.ts";

const PAGE = 1000;

/** How far an export got: written records, and whether it reached the end. */
export interface ExportProgress {
  records: number;
  complete: boolean;
}

/**
 * The records matching `query` (its limit and cursor are ignored), newest first like the
 * audit page, as CSV or JSON Lines chunks of one page each: memory stays at one page however
 * large the ledger. `progress` is updated as chunks go out, so a caller whose client went
 * away can still record how much was sent.
 */
export async function* exportAudit(ledger: AuditLedger, query: AuditQuery, format: ExportFormat, progress: ExportProgress = { records: 0, complete: false }): AsyncGenerator<string> {
  if (format === "csv") yield csvHeader();
  let cursor: string | null = null;
  for (;;) {
    const page = await ledger.query({ ...query, limit: PAGE, cursor });
    if (page.records.length > 0) {
      yield page.records.map(format === "csv" ? toCsvRow : toJsonLine).join("");
      progress.records += page.records.length;
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  progress.complete = true;
}
