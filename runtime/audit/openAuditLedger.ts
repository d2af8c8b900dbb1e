import { join } from "node:path";
import { AuditLedger, type AuditActionRegistry } from "../../core/audit/index.ts";
import { stateDir } from "../paths.ts";
import { auditMigrations } from "./migrations.ts";
import { openDatabase, parseDatabaseUrl, type ParsedDatabaseUrl } from "../db.ts";
import type { AuditDatabase } from "./schema.ts";
import { SqlAuditStore } from "./SqlAuditStore.ts";

export interface OpenAuditLedgerOptions {
  /**
   * `sqlite:/path/to/audit.db` (optionally `?synchronous=full`) or
   * `postgres://user@host:5432/db` (optionally `?schema=name`). Default: defaultAuditUrl().
   */
  url?: string;
  /** Refuse to create a new SQLite ledger (read-only commands: verify, export, tail). */
  mustExist?: boolean;
  actions?: AuditActionRegistry;
  clock?: () => Date;
}

/** `$WARDROOM_AUDIT_URL`, else the SQLite file `<stateDir>/audit/audit.db`. */
export function defaultAuditUrl(): string {
  return process.env.WARDROOM_AUDIT_URL ?? `sqlite:${join(stateDir(), "audit", "audit.db")}`;
}

export type ParsedAuditUrl = ParsedDatabaseUrl;

/** Parses a ledger URL; errors name the URL's problem but never echo a password. */
export function parseAuditUrl(url: string): ParsedAuditUrl {
  return parseDatabaseUrl(url, "db", "/var/lib/wardroom/audit.db");
}

/**
 * Opens (creating and migrating when needed) the audit ledger at `url`. The caller closes it.
 * Several processes may open the same ledger and append at once.
 */
export async function openAuditLedger(options: OpenAuditLedgerOptions = {}): Promise<AuditLedger> {
  const { db, kind } = await openDatabase<AuditDatabase>({
    target: parseAuditUrl(options.url ?? defaultAuditUrl()),
    migrations: auditMigrations,
    name: "audit",
    ...(options.mustExist ? { mustExist: { what: "audit ledger", field: "db" } } : {}),
  });
  return new AuditLedger(new SqlAuditStore(db, kind), { actions: options.actions, clock: options.clock });
}
