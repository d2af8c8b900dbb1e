import { join } from "node:path";
import type { AuditLedger } from "../../core/audit/index.ts";
import { openDatabase, parseDatabaseUrl, type ParsedDatabaseUrl } from "../db.ts";
import { stateDir } from "../paths.ts";
import { consentMigrations } from "./migrations.ts";
import type { ConsentDatabase } from "./schema.ts";
import { SqlConsentStore } from "./SqlConsentStore.ts";

export interface OpenConsentStoreOptions {
  /**
   * `sqlite:/path/to/consent.db` (optionally `?synchronous=full`) or
   * `postgres://user@host:5432/db` (optionally `?schema=name`). Default: defaultConsentUrl().
   */
  url?: string;
  /**
   * Where each event's audit record goes. Its registry must hold the consent actions
   * (withConsentAuditActions). Without it the store only reads (CLI show/export, the gate).
   * On SQLite it must be another file than the consent ledger.
   */
  audit?: AuditLedger;
  /** Refuse to create a new SQLite ledger (read-only commands). */
  mustExist?: boolean;
  clock?: () => Date;
}

/** `$WARDROOM_CONSENT_URL`, else the SQLite file `<stateDir>/consent/consent.db`. */
export function defaultConsentUrl(): string {
  return process.env.WARDROOM_CONSENT_URL ?? `sqlite:${join(stateDir(), "consent", "consent.db")}`;
}

/** The same URL forms as the audit ledger, with errors that speak of the consent ledger. */
export function parseConsentUrl(url: string): ParsedDatabaseUrl {
  return parseDatabaseUrl(url, "consent url", "/var/lib/wardroom/consent.db");
}

/**
 * Opens (creating and migrating when needed) the consent ledger at `url`; the caller closes
 * it. Several processes may open the same ledger; the database serializes their writes.
 * The database holds phone numbers (PHI): a new SQLite directory is private to its owner.
 */
export async function openConsentStore(options: OpenConsentStoreOptions = {}): Promise<SqlConsentStore> {
  const { db, kind } = await openDatabase<ConsentDatabase>({
    target: parseConsentUrl(options.url ?? defaultConsentUrl()),
    migrations: consentMigrations,
    name: "consent",
    ...(options.mustExist ? { mustExist: { what: "consent ledger", field: "consent url" } } : {}),
  });
  try {
    return await SqlConsentStore.open(db, kind, { audit: options.audit, clock: options.clock });
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
