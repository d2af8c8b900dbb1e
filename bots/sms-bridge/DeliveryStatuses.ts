import type { Logger } from "pino";
import type { AuditPort } from "./capabilities.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import type { StatusUpdate } from "./providers/types.ts";
import type { BridgeStore } from "./store/BridgeStore.ts";

/** Early updates older than this are dropped (their send was never recorded). */
const EARLY_TTL_MS = 10 * 60_000;

/**
 * Delivery statuses from the provider: recorded on the outbox row, audited, and shown in the
 * room (the puppet's read receipt, a notice on failure). A provider can report "delivered"
 * before its answer to the send reached the outbox (the simulator does, on a fast machine):
 * such updates wait in memory until the send is recorded (`sent()`).
 */
export class DeliveryStatuses {
  readonly #early = new Map<string, { updates: StatusUpdate[]; at: number }>();

  constructor(private readonly d: { store: BridgeStore; matrix: RoomActions; audit: AuditPort; log: Logger; clock?: () => number }) {}

  /** The send of `providerMessageId` is recorded now: apply what arrived before it. */
  async sent(providerMessageId: string): Promise<void> {
    const waiting = this.#early.get(providerMessageId);
    if (!waiting) return;
    this.#early.delete(providerMessageId);
    for (const u of waiting.updates) await this.apply(u);
  }

  async apply(u: StatusUpdate): Promise<void> {
    const { store, matrix, audit, log } = this.d;
    const row = await store.outboxByProviderId(u.providerMessageId);
    if (!row) {
      const now = this.d.clock?.() ?? Date.now();
      for (const [id, w] of this.#early) if (now - w.at > EARLY_TTL_MS) this.#early.delete(id);
      const entry = this.#early.get(u.providerMessageId) ?? { updates: [], at: now };
      entry.updates.push(u);
      this.#early.set(u.providerMessageId, entry);
      // The send may have been recorded meanwhile (another connection): apply it now then.
      if (await store.outboxByProviderId(u.providerMessageId)) await this.sent(u.providerMessageId);
      return;
    }
    const final = u.status === "delivered" ? "delivered" : u.status === "failed" || u.status === "undelivered" ? "failed" : undefined;
    if (final && row.status !== final) await store.updateOutbox(row.idempotency_key, { status: final, ...(u.errorCode ? { last_error: u.errorCode } : {}) });
    await audit.append({
      actor: matrix.botUserId,
      action: "sms.delivery_updated",
      target: row.room_id,
      details: { providerMessageId: u.providerMessageId, status: u.status, ...(row.event_id ? { eventId: row.event_id } : {}), ...(u.errorCode ? { errorCode: u.errorCode } : {}) },
    });
    const portal = await store.portalByRoom(row.room_id);
    if (!portal || !row.event_id) return;
    // Showing it in the room is best effort: the status is recorded, and a provider must not
    // be made to resend it (the simulator would hold every later text back meanwhile).
    try {
      if (u.status === "delivered") await matrix.sendReceipt(row.room_id, row.event_id, portal.puppetUserId);
      if (final === "failed") {
        await matrix.sendNotice(row.room_id, `The carrier could not deliver this text${u.errorCode ? ` (code ${u.errorCode})` : ""}.`, {
          "m.relates_to": { "m.in_reply_to": { event_id: row.event_id } },
        });
      }
    } catch (err) {
      log.warn({ room: row.room_id, err: (err as Error).message }, "could not show a delivery status");
    }
  }
}
