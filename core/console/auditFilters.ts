import type { AuditQuery } from "../audit/AuditLedger.ts";
import { InputError } from "../errors.ts";

/** The audit page's and API's filters, as they arrive in a query string. */
export interface AuditFilterInput {
  actor?: unknown;
  action?: unknown;
  target?: unknown;
  since?: unknown;
  until?: unknown;
  cursor?: unknown;
  limit?: unknown;
}

export const AUDIT_FILTER_NAMES = ["actor", "action", "target", "since", "until"] as const;
export type AuditFilterName = (typeof AUDIT_FILTER_NAMES)[number];

export interface ParsedAuditFilters {
  query: AuditQuery;
  /** Which filters were set: recorded in the view's audit record instead of their values. */
  used: AuditFilterName[];
  /** The values, for refilling the form and building the next page's link. */
  values: Partial<Record<AuditFilterName, string>>;
}

const MAX_FILTER = 255;

/**
 * Parses the filters of an audit search. Empty fields are no filter; anything malformed is
 * an InputError naming the parameter (shown to the person, a 400 from the API), never echoing
 * the value.
 */
export function parseAuditFilters(input: AuditFilterInput, defaults: { limit: number } = { limit: 50 }): ParsedAuditFilters {
  const values: Partial<Record<AuditFilterName, string>> = {};
  for (const name of AUDIT_FILTER_NAMES) {
    const raw = single(input[name], name);
    if (raw === undefined) continue;
    if (raw.length > MAX_FILTER || /[\p{Cc}\p{Cf}]/u.test(raw)) throw new InputError(`${name}: at most ${MAX_FILTER} characters, no control or format characters`);
    values[name] = raw;
  }
  for (const name of ["since", "until"] as const) {
    const v = values[name];
    if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) || Number.isNaN(Date.parse(v)))) {
      throw new InputError(`${name}: must be a date (2025-01-31) or an ISO 8601 time (2025-01-31T12:00:00Z)`);
    }
  }
  if (values.action !== undefined && !/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(values.action)) throw new InputError("action: must be an action name such as device.wiped");
  const cursor = single(input.cursor, "cursor");
  if (cursor !== undefined && !/^[1-9][0-9]{0,15}$/.test(cursor)) throw new InputError("cursor: must be the next-page cursor of a previous search");
  const limitText = single(input.limit, "limit");
  const limit = limitText === undefined ? defaults.limit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InputError("limit: must be an integer from 1 to 1000");
  const query: AuditQuery = { ...values, limit, cursor: cursor ?? null };
  return { query, used: AUDIT_FILTER_NAMES.filter((n) => values[n] !== undefined), values };
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new InputError(`${name}: give it once, as text`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}
