import type { Kysely } from "kysely";
import { isRoomId, isUserId } from "../../../core/matrix/ids.ts";
import { isE164, type E164 } from "../../../core/sms/phone.ts";
import type { Portal } from "../../../core/sms/portal.ts";
import type { ProviderMessageId } from "../providers/types.ts";
import type { BridgeDatabase } from "./schema.ts";

/** An outbox row; its number is typed (checked when read back). */
export type OutboxRow = Omit<BridgeDatabase["bridge_outbox"], "phone"> & { phone: E164 };
/** A stored inbound text; its number and provider id are typed (the number checked when read back). */
export type InboundRow = Omit<BridgeDatabase["bridge_inbound"], "phone" | "provider_message_id"> & { phone: E164; provider_message_id: ProviderMessageId };
export type InboxRow = BridgeDatabase["bridge_matrix_inbox"];
type PortalRow = BridgeDatabase["bridge_portals"];

/**
 * Every value the store hands out typed is checked here, once: a row that does not fit was
 * written by something other than the bridge (the database was altered), and is refused
 * rather than used. The messages name the table and column, never the value (PHI).
 */
function checked<T extends string>(value: string, ok: (v: string) => v is T, column: string): T {
  if (!ok(value)) throw new Error(`${column} has a malformed value (the database was altered)`);
  return value;
}

/** The one mapper from a portal row to the domain type. */
function toPortal(row: PortalRow): Portal {
  return {
    phone: checked(row.phone, isE164, "bridge_portals.phone"),
    roomId: checked(row.room_id, isRoomId, "bridge_portals.room_id"),
    puppetUserId: checked(row.puppet_user_id, isUserId, "bridge_portals.puppet_user_id"),
    language: row.language,
    timeZone: row.time_zone,
    createdAt: new Date(row.created_at),
  };
}

function toOutbox(row: BridgeDatabase["bridge_outbox"]): OutboxRow {
  return { ...row, phone: checked(row.phone, isE164, "bridge_outbox.phone") };
}

export interface MatrixEventIn {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  origin_server_ts: number;
  state_key?: string;
}

/** The bridge's durable state. Every method is one short transaction or statement. */
export class BridgeStore {
  constructor(
    readonly db: Kysely<BridgeDatabase>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private now(): string {
    return this.clock().toISOString();
  }

  /**
   * Records a whole appservice transaction's events, atomically. Synapse retries a transaction
   * until it gets a 200, and its transaction ids are not unique across its restarts, so the
   * dedupe is on the event ids (unique by construction): a retried or replayed event is
   * stored once.
   */
  async acceptTransaction(events: MatrixEventIn[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let added = 0;
      for (const e of events) {
        const res = await trx
          .insertInto("bridge_matrix_inbox")
          .values({
            event_id: e.event_id,
            room_id: e.room_id,
            sender: e.sender,
            type: e.type,
            content: JSON.stringify({ content: e.content, state_key: e.state_key }),
            origin_ts: e.origin_server_ts,
            status: "pending",
            received_at: this.now(),
          })
          .onConflict((oc) => oc.column("event_id").doNothing())
          .executeTakeFirst();
        added += Number(res.numInsertedOrUpdatedRows ?? 0n);
      }
      return added;
    });
  }

  async pendingInbox(limit = 50): Promise<MatrixEventIn[]> {
    const rows = await this.db
      .selectFrom("bridge_matrix_inbox")
      .selectAll()
      .where("status", "=", "pending")
      .orderBy("received_at")
      .orderBy("origin_ts")
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const stored = JSON.parse(r.content) as { content: Record<string, unknown>; state_key?: string };
      return {
        event_id: r.event_id,
        room_id: r.room_id,
        sender: r.sender,
        type: r.type,
        content: stored.content,
        origin_server_ts: Number(r.origin_ts),
        ...(stored.state_key === undefined ? {} : { state_key: stored.state_key }),
      };
    });
  }

  async markInboxDone(eventId: string): Promise<void> {
    // The content is dropped once handled: message text is kept only as long as needed.
    await this.db.updateTable("bridge_matrix_inbox").set({ status: "done", content: "{}" }).where("event_id", "=", eventId).execute();
  }

  /** The key of opaque puppet ids; refuses a database without one (it was altered). */
  async puppetIdKey(): Promise<Uint8Array> {
    const row = await this.db.selectFrom("bridge_meta").select("value").where("key", "=", "puppet_id_key").executeTakeFirst();
    if (!row || !/^[0-9a-f]{64}$/.test(row.value)) throw new Error("bridge_meta has no puppet_id_key (the database was altered)");
    return Buffer.from(row.value, "hex");
  }

  async portalByPhone(phone: string): Promise<Portal | undefined> {
    const row = await this.db.selectFrom("bridge_portals").selectAll().where("phone", "=", phone).executeTakeFirst();
    return row && toPortal(row);
  }

  async portalByRoom(roomId: string): Promise<Portal | undefined> {
    const row = await this.db.selectFrom("bridge_portals").selectAll().where("room_id", "=", roomId).executeTakeFirst();
    return row && toPortal(row);
  }

  /** Stores a portal; its set-up mark (beginPortalCreation) goes in the same transaction. */
  async savePortal(p: Portal): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("bridge_portals")
        .values({ phone: p.phone, room_id: p.roomId, puppet_user_id: p.puppetUserId, language: p.language, time_zone: p.timeZone, created_at: p.createdAt.toISOString() })
        .execute();
      await trx.deleteFrom("bridge_portal_creations").where("phone", "=", p.phone).execute();
    });
  }

  /**
   * Marks a portal room as being set up for this number, before the room is made. True when a
   * mark was there already: an earlier set-up was cut short and its room may exist.
   */
  async beginPortalCreation(phone: E164): Promise<boolean> {
    const res = await this.db
      .insertInto("bridge_portal_creations")
      .values({ phone, started_at: this.now() })
      .onConflict((oc) => oc.column("phone").doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 0;
  }

  /** Every stored portal's room id. */
  async portalRoomIds(): Promise<Set<string>> {
    return new Set((await this.db.selectFrom("bridge_portals").select("room_id").execute()).map((r) => r.room_id));
  }

  /** The patient switched language (PatientLanguage.ts): their texts are answered in it from now on. */
  async setPortalLanguage(phone: string, language: string): Promise<void> {
    await this.db.updateTable("bridge_portals").set({ language }).where("phone", "=", phone).execute();
  }

  /** Stores a verified inbound text; false when that provider id was received before (a duplicate webhook). */
  async storeInbound(m: { provider: string; providerMessageId: string; phone: E164; body: string; media: unknown[]; receivedAt: Date }): Promise<boolean> {
    const res = await this.db
      .insertInto("bridge_inbound")
      .values({
        provider: m.provider,
        provider_message_id: m.providerMessageId,
        phone: m.phone,
        body: m.body,
        media: JSON.stringify(m.media),
        received_at: m.receivedAt.toISOString(),
        status: "pending",
        attempts: 0,
        event_id: null,
        first_failed_at: null,
        next_attempt_at: null,
      })
      .onConflict((oc) => oc.columns(["provider", "provider_message_id"]).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async pendingInbound(limit = 50): Promise<InboundRow[]> {
    const rows = await this.db.selectFrom("bridge_inbound").selectAll().where("status", "=", "pending").orderBy("received_at").limit(limit).execute();
    return rows.map((r) => ({
      ...r,
      phone: checked(r.phone, isE164, "bridge_inbound.phone"),
      // The provider's own id, stored as it came from its verified webhook (providers/*.ts).
      provider_message_id: r.provider_message_id as ProviderMessageId,
    }));
  }

  async updateInbound(provider: string, providerMessageId: string, patch: Partial<BridgeDatabase["bridge_inbound"]>): Promise<void> {
    await this.db
      .updateTable("bridge_inbound")
      .set(patch)
      .where("provider", "=", provider)
      .where("provider_message_id", "=", providerMessageId)
      .execute();
  }

  /** Queues a text; false when that idempotency key is queued already (never sent twice). */
  async enqueue(
    row: Omit<OutboxRow, "status" | "attempts" | "provider_message_id" | "last_error" | "after_send_pending" | "created_at" | "updated_at" | "meta" | "sent_at" | "sender"> & { meta?: string | null; sender?: string | null },
  ): Promise<boolean> {
    const res = await this.db
      .insertInto("bridge_outbox")
      .values({ meta: null, sender: null, sent_at: null, ...row, status: "queued", attempts: 0, provider_message_id: null, last_error: null, after_send_pending: 0, created_at: this.now(), updated_at: this.now() })
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async dueOutbox(limit = 20): Promise<OutboxRow[]> {
    const rows = await this.db
      .selectFrom("bridge_outbox")
      .selectAll()
      .where((eb) => eb.or([eb("status", "in", ["queued", "sending"]), eb.and([eb("status", "=", "sent"), eb("after_send_pending", "=", 1)])]))
      .where("next_attempt_at", "<=", this.now())
      .orderBy("next_attempt_at")
      .limit(limit)
      .execute();
    return rows.map(toOutbox);
  }

  async outboxByKey(key: string): Promise<OutboxRow | undefined> {
    const row = await this.db.selectFrom("bridge_outbox").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
    return row && toOutbox(row);
  }

  async outboxByProviderId(providerMessageId: string): Promise<OutboxRow | undefined> {
    const row = await this.db.selectFrom("bridge_outbox").selectAll().where("provider_message_id", "=", providerMessageId).executeTakeFirst();
    return row && toOutbox(row);
  }

  async updateOutbox(key: string, patch: Partial<Omit<OutboxRow, "idempotency_key">>): Promise<void> {
    await this.db
      .updateTable("bridge_outbox")
      .set({ ...patch, updated_at: this.now() })
      .where("idempotency_key", "=", key)
      .execute();
  }

  /** Texts actually handed to the provider for a number since a time (the per-number rate limit). */
  async sentTimes(phone: string, since: Date): Promise<number[]> {
    const rows = await this.db
      .selectFrom("bridge_outbox")
      .select("sent_at")
      .where("phone", "=", phone)
      .where("sent_at", ">=", since.toISOString())
      .execute();
    return rows.map((r) => Date.parse(r.sent_at ?? ""));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
