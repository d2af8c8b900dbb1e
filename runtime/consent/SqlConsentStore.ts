import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { AuditLedger } from "../../core/audit/index.ts";
import { isIdToken } from "../../core/audit/index.ts";
import {
  ConsentConflictError,
  ConsentUnavailableError,
  consentAuditEntry,
  foldConsent,
  INITIAL_STATUS,
  isConsentState,
  missingConsentAuditActions,
  parseConsentEvent,
  phoneRef,
  phoneSchema,
  transition,
  warningVersion,
  warningVersionSchema,
  type ConsentEvent,
  type ConsentEventRecord,
  type ConsentExportItem,
  type ConsentHistory,
  type ConsentLedger,
  type ConsentStatus,
  type ConsentVerifyReport,
  type RecordConsentInput,
  type RecordedConsent,
  type StoredWarning,
} from "../../core/consent/index.ts";
import { InputError, WardroomError } from "../../core/errors.ts";
import { maskPhone, type E164 } from "../../core/sms/phone.ts";
import type { ConsentDialectKind } from "./migrations.ts";
import type { ConsentDatabase, ConsentEventsTable } from "./schema.ts";

type Db = Kysely<ConsentDatabase> | Transaction<ConsentDatabase>;
type EventRow = Omit<ConsentEventsTable, "seq"> & { seq: number | string };

export interface SqlConsentStoreOptions {
  /** Every event's audit record is appended through it, inside the event's transaction. Without it the store is read-only. */
  audit?: AuditLedger;
  clock?: () => Date;
}

const PAGE = 1000;

/**
 * The consent ledger on SQLite or PostgreSQL through kysely. Writes to one number are
 * serialized across processes: SQLite transactions start with BEGIN IMMEDIATE (the database's
 * write lock, see runtime/audit's NodeSqliteDialect), PostgreSQL ones take a transaction-scoped
 * advisory lock on the number. Inside the lock the state is read, the transition checked, and
 * the event, the new state and the audit record written; the unique (phone, revision) backs
 * this up. The audit record is appended before the commit, so an event never exists without
 * it (should the commit itself fail after that, the audit record names a consentId that the
 * ledger lacks, which verify shows). On SQLite, open one store per process: node:sqlite waits
 * for a lock synchronously.
 */
export class SqlConsentStore implements ConsentLedger {
  readonly kind: ConsentDialectKind;
  readonly db: Kysely<ConsentDatabase>;
  readonly #audit: AuditLedger | undefined;
  readonly #clock: () => Date;
  readonly #phoneRefKey: Uint8Array;
  #closed = false;

  private constructor(db: Kysely<ConsentDatabase>, kind: ConsentDialectKind, phoneRefKey: Uint8Array, options: SqlConsentStoreOptions) {
    this.db = db;
    this.kind = kind;
    this.#phoneRefKey = phoneRefKey;
    this.#audit = options.audit;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Wraps a migrated database; refuses an audit ledger that cannot record every consent action. */
  static async open(db: Kysely<ConsentDatabase>, kind: ConsentDialectKind, options: SqlConsentStoreOptions = {}): Promise<SqlConsentStore> {
    if (options.audit) {
      const missing = missingConsentAuditActions(options.audit.actions);
      if (missing.length > 0) {
        throw new InputError(
          `consent ledger: the audit ledger's action registry lacks ${missing.join(", ")}; open it with actions: withConsentAuditActions(registry), or with the default registry`,
        );
      }
    }
    const row = await db.selectFrom("consent_meta").select("value").where("key", "=", "phone_ref_key").executeTakeFirst();
    if (!row || !/^[0-9a-f]{64}$/.test(row.value)) throw new ConsentUnavailableError("consent_meta has no phone_ref_key (the database was altered)");
    return new SqlConsentStore(db, kind, Buffer.from(row.value, "hex"), options);
  }

  phoneRef(phone: E164): string {
    return phoneRef(this.#phoneRefKey, checkPhone(phone));
  }

  async currentState(phone: E164): Promise<ConsentStatus> {
    checkPhone(phone);
    return this.#answer(() => readStatus(this.db, phone));
  }

  async record(input: RecordConsentInput): Promise<RecordedConsent> {
    const audit = this.#audit;
    if (!audit) throw new InputError("consent ledger: opened without an audit ledger, so it is read-only");
    const event = parseConsentEvent(input.event);
    const phone = event.evidence.phone;
    if (typeof input.actor !== "string" || !isIdToken(input.actor)) {
      throw new InputError("consent event: actor: must be a Matrix user id or a process id such as system:compliance");
    }
    if (input.expectedRevision !== undefined && (!Number.isSafeInteger(input.expectedRevision) || input.expectedRevision < 0)) {
      throw new InputError("consent event: expectedRevision: must be a revision (an integer >= 0)");
    }
    if (event.type === "warning_sent") {
      if (typeof input.warningText !== "string") throw new InputError("consent event: warningText: the exact warning text is required for warning_sent");
      if (warningVersion(input.warningText) !== event.evidence.warningVersion) {
        throw new InputError("consent event: warningText: its SHA-256 is not evidence.warningVersion (the text sent and the version recorded must match)");
      }
    }
    const ref = this.phoneRef(phone);

    return this.#answer(() =>
      this.db.transaction().execute(async (trx) => {
        if (this.kind === "postgres") {
          await sql`SELECT pg_advisory_xact_lock(hashtext('wardroom.consent'), hashtext(${phone}))`.execute(trx);
        }
        const before = await readStatus(trx, phone);
        if (input.expectedRevision !== undefined && before.revision !== input.expectedRevision) {
          throw new ConsentConflictError(input.expectedRevision, before.revision);
        }
        const ts = this.#clock().toISOString();
        const after = transition(before, event, { at: ts, maxReminders: input.maxReminders });

        if (event.type === "warning_sent") {
          await trx
            .insertInto("consent_warnings")
            .values({ version: event.evidence.warningVersion, language: event.evidence.language, text: input.warningText!, first_sent_at: ts })
            .onConflict((oc) => oc.column("version").doNothing())
            .execute();
        }
        const id = randomUUID();
        const row = {
          id,
          phone,
          revision: after.revision,
          event: event.type,
          state_after: after.state,
          warning_version: eventWarningVersion(event),
          evidence: JSON.stringify(event.evidence),
          actor: input.actor,
          ts,
        };
        let inserted: { seq: number | string };
        try {
          inserted = await trx.insertInto("consent_events").values(row).returning("seq").executeTakeFirstOrThrow();
        } catch (err) {
          if (isUniqueViolation(err)) throw new ConsentConflictError(input.expectedRevision ?? null, null);
          throw err;
        }
        const status = JSON.stringify(after);
        await trx
          .insertInto("consent_state")
          .values({ phone, state: after.state, revision: after.revision, status, updated_at: ts })
          .onConflict((oc) => oc.column("phone").doUpdateSet({ state: after.state, revision: after.revision, status, updated_at: ts }))
          .execute();
        const auditRecord = await audit.append(
          consentAuditEntry({ consentId: id, event, actor: input.actor, phoneRef: ref, previousState: before.state, reminders: after.reminders }),
        );
        return { record: toRecord({ ...row, seq: inserted.seq }, ref), status: after, audit: auditRecord };
      }),
    );
  }

  async history(phone: E164): Promise<ConsentHistory> {
    checkPhone(phone);
    const ref = this.phoneRef(phone);
    return this.#answer(async () => {
      const status = await readStatus(this.db, phone);
      const rows = await this.db.selectFrom("consent_events").selectAll().where("phone", "=", phone).orderBy("revision", "asc").execute();
      const events = rows.map((r) => toRecord(r, ref));
      const versions = [...new Set(events.map((e) => e.warningVersion).filter((v): v is string => v !== null))];
      const warnings = versions.length === 0 ? [] : await this.db.selectFrom("consent_warnings").selectAll().where("version", "in", versions).orderBy("first_sent_at").execute();
      return { phone, phoneRef: ref, status, events, warnings: warnings.map(toWarning) };
    });
  }

  async warningText(version: string): Promise<StoredWarning | null> {
    if (!warningVersionSchema.safeParse(version).success) throw new InputError("version: must be a warning version (64 lowercase hex digits)");
    return this.#answer(async () => {
      const row = await this.db.selectFrom("consent_warnings").selectAll().where("version", "=", version).executeTakeFirst();
      return row ? toWarning(row) : null;
    });
  }

  /** Warning texts, then every event in ledger order, read page by page (constant memory). */
  async *exportAll(options: { pageSize?: number } = {}): AsyncGenerator<ConsentExportItem> {
    const pageSize = options.pageSize ?? PAGE;
    this.#checkOpen();
    const warnings = await this.#answer(() => this.db.selectFrom("consent_warnings").selectAll().orderBy("first_sent_at").orderBy("version").execute());
    for (const w of warnings) yield { type: "warning", ...toWarning(w) };
    let after = 0;
    for (;;) {
      const page = await this.#answer(() => this.db.selectFrom("consent_events").selectAll().where("seq", ">", after).orderBy("seq", "asc").limit(pageSize).execute());
      for (const row of page) yield { type: "event", ...toRecord(row, this.phoneRef(row.phone as E164)) };
      if (page.length < pageSize) return;
      after = Number(page[page.length - 1]!.seq);
    }
  }

  async verify(): Promise<ConsentVerifyReport> {
    return this.#answer(async () => {
      const problems: ConsentVerifyReport["problems"] = [];
      const states = await this.db.selectFrom("consent_state").selectAll().execute();
      const stored = new Map(states.map((s) => [s.phone, s]));
      const texts = new Map((await this.db.selectFrom("consent_warnings").selectAll().execute()).map((w) => [w.version, w]));
      for (const w of texts.values()) {
        if (warningVersion(w.text) !== w.version) problems.push({ phoneRef: null, message: `warning ${w.version}: its text does not hash to its version` });
      }
      let events = 0;
      const phones = await this.db.selectFrom("consent_events").select("phone").distinct().execute();
      for (const { phone } of phones) {
        const ref = this.phoneRef(phone as E164);
        const rows = await this.db.selectFrom("consent_events").selectAll().where("phone", "=", phone).orderBy("revision", "asc").execute();
        events += rows.length;
        let folded: ConsentStatus;
        try {
          folded = foldConsent(rows.map((r) => ({ event: rowEvent(r), ts: r.ts })));
        } catch (err) {
          problems.push({ phoneRef: ref, message: `events do not replay: ${err instanceof Error ? err.message : String(err)}` });
          continue;
        }
        rows.forEach((r, i) => {
          if (r.revision !== i + 1) problems.push({ phoneRef: ref, message: `revision ${i + 1}: missing (found ${r.revision})` });
          if (r.warning_version !== null && !texts.has(r.warning_version)) problems.push({ phoneRef: ref, message: `revision ${r.revision}: warning ${r.warning_version} has no stored text` });
        });
        const row = stored.get(phone);
        stored.delete(phone);
        if (!row) problems.push({ phoneRef: ref, message: "has events but no consent_state row" });
        else if (JSON.stringify(JSON.parse(row.status)) !== JSON.stringify(folded) || row.state !== folded.state || row.revision !== folded.revision) {
          problems.push({ phoneRef: ref, message: `consent_state (${row.state}, revision ${row.revision}) disagrees with its events (${folded.state}, revision ${folded.revision})` });
        }
      }
      for (const phone of stored.keys()) problems.push({ phoneRef: this.phoneRef(phone as E164), message: "has a consent_state row but no events" });
      return { ok: problems.length === 0, numbers: phones.length, events, problems };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }

  #checkOpen(): void {
    if (this.#closed) throw new ConsentUnavailableError("the store is closed");
  }

  /**
   * Runs a read or write; anything that is not a typed answer (a refused transition, a
   * conflict, bad input) becomes ConsentUnavailableError: the caller must fail closed.
   */
  async #answer<T>(run: () => Promise<T>): Promise<T> {
    this.#checkOpen();
    try {
      return await run();
    } catch (err) {
      if (err instanceof WardroomError) throw err;
      if (this.#closed) throw new ConsentUnavailableError("the store is closed", { cause: err });
      throw new ConsentUnavailableError(describe(err), { cause: err });
    }
  }
}

function checkPhone(phone: E164): E164 {
  if (!phoneSchema.safeParse(phone).success) throw new InputError('phone: must be a phone number in E.164 form such as "+15555550100"');
  return phone;
}

/**
 * The number's status from consent_state, checked against its last event: a state row that
 * does not match the ledger (edited by hand, or a bug) is not an answer.
 */
async function readStatus(db: Db, phone: E164): Promise<ConsentStatus> {
  const state = await db.selectFrom("consent_state").selectAll().where("phone", "=", phone).executeTakeFirst();
  const last = await db
    .selectFrom("consent_events")
    .select(["revision", "state_after", "warning_version"])
    .where("phone", "=", phone)
    .orderBy("revision", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!state && !last) return INITIAL_STATUS;
  if (!state || !last) throw new ConsentUnavailableError(`the number's ${state ? "events are" : "state row is"} missing (run wardroom consent verify)`);
  let status: ConsentStatus;
  try {
    status = JSON.parse(state.status) as ConsentStatus;
  } catch {
    throw new ConsentUnavailableError("the number's state row is not valid JSON (run wardroom consent verify)");
  }
  const agrees =
    isConsentState(status.state) &&
    status.state === state.state &&
    status.state === last.state_after &&
    status.revision === state.revision &&
    status.revision === last.revision &&
    // An event that names a warning version leaves that version as the status's warning.
    (last.warning_version === null || status.warning?.version === last.warning_version);
  if (!agrees) throw new ConsentUnavailableError("the number's state row disagrees with its events (run wardroom consent verify)");
  return status;
}

function eventWarningVersion(event: ConsentEvent): string | null {
  switch (event.type) {
    case "warning_sent":
    case "reminder_sent":
    case "accepted":
    case "declined":
      return event.evidence.warningVersion;
    default:
      return null;
  }
}

/** The stored event, validated again: evidence altered in the database is not an answer. */
function rowEvent(row: EventRow): ConsentEvent {
  try {
    return parseConsentEvent({ type: row.event, evidence: JSON.parse(row.evidence) as unknown });
  } catch {
    throw new ConsentUnavailableError(`event ${row.id}: its stored evidence is not valid (run wardroom consent verify)`);
  }
}

function toRecord(row: EventRow, ref: string): ConsentEventRecord {
  const event = rowEvent(row);
  if (!isConsentState(row.state_after)) throw new ConsentUnavailableError(`event ${row.id}: unknown state_after`);
  return {
    seq: Number(row.seq),
    id: row.id,
    phone: row.phone as E164,
    phoneRef: ref,
    revision: row.revision,
    event: event.type,
    stateAfter: row.state_after,
    warningVersion: row.warning_version,
    evidence: event.evidence,
    actor: row.actor,
    ts: row.ts,
  };
}

function toWarning(row: { version: string; language: string; text: string; first_sent_at: string }): StoredWarning {
  return { version: row.version, language: row.language, text: row.text, firstSentAt: row.first_sent_at };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errcode?: unknown; message?: unknown };
  // PostgreSQL SQLSTATE 23505; node:sqlite reports SQLITE_CONSTRAINT_UNIQUE in the message.
  return e?.code === "23505" || (typeof e?.message === "string" && /UNIQUE constraint failed/.test(e.message));
}

/**
 * A short reason: the driver's first line (it names tables and constraints) and its code.
 * Anything shaped like a phone number is masked, should a driver ever quote a value.
 */
function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? ` (${e.code})` : "";
  const message = typeof e?.message === "string" ? e.message.split("\n")[0]!.slice(0, 200) : "unknown error";
  return `${message.replace(/\+?[0-9][0-9 ().-]{5,}[0-9]/g, (m) => maskPhone(m))}${code}`;
}
