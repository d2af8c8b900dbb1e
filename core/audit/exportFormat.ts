import type { AuditRecord } from "./record.ts";

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const COLUMNS = ["seq", "ts", "actor", "action", "target", "details", "prevHash", "hash"] as const;

/**
 * One JSON object per line, fields in the record's order. This is the faithful copy: an
 * external verifier can recompute every hash from it (see docs/audit.md).
 */
export function toJsonLine(record: AuditRecord): string {
  const { seq, ts, actor, action, target, details, prevHash, hash } = record;
  return `${JSON.stringify({ seq, ts, actor, action, target, details, prevHash, hash })}\n`;
}

export function csvHeader(): string {
  return `${COLUMNS.join(",")}\r\n`;
}

/**
 * RFC 4180 rows for spreadsheets; `details` is its JSON text. A cell that a spreadsheet would
 * run as a formula (starting with = + - @, as Matrix user ids do) is prefixed with a single
 * quote (OWASP CSV injection guidance): the CSV is for reading, the JSONL for verifying.
 */
export function toCsvRow(record: AuditRecord): string {
  const cells = [
    String(record.seq),
    record.ts,
    record.actor,
    record.action,
    record.target ?? "",
    JSON.stringify(record.details),
    record.prevHash,
    record.hash,
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
