import type { Logger } from "pino";
import { PassRunner } from "../../../runtime/concurrency/PassRunner.ts";
import type { AuditPort, BlockedListener } from "../capabilities.ts";
import type { BridgeStore, MatrixEventIn } from "../store/BridgeStore.ts";

/** Attempts at one event before it is dropped (loudly). */
const MAX_EVENT_ATTEMPTS = 5;

/**
 * The Matrix inbox: events Synapse pushed (stored before its 200) are handled in order, one at
 * a time; an event that fails stays pending and is retried on the next pass. After repeated
 * failures it is dropped loudly: if its text was queued already it is still sent (the outbox
 * re-checks it); otherwise it was not sent, and its sender is told.
 */
export class MatrixInbox extends PassRunner {
  readonly #failures = new Map<string, number>();

  constructor(
    private readonly d: {
      store: BridgeStore;
      handle: (e: MatrixEventIn) => Promise<void>;
      audit: AuditPort;
      actor: string;
      onBlocked: BlockedListener;
      log: Logger;
    },
  ) {
    super(undefined, (err) => d.log.error({ err: err.message }, "inbox pass failed"), 2000);
  }

  protected override async runPass(): Promise<void> {
    const { store, log } = this.d;
    for (const e of await store.pendingInbox()) {
      try {
        await this.d.handle(e);
        await store.markInboxDone(e.event_id);
        this.#failures.delete(e.event_id);
      } catch (err) {
        const n = (this.#failures.get(e.event_id) ?? 0) + 1;
        this.#failures.set(e.event_id, n);
        log.error({ event: e.event_id, room: e.room_id, attempt: n, err: (err as Error).message }, "event handling failed");
        if (n >= MAX_EVENT_ATTEMPTS) await this.#giveUp(e);
        return;
      }
    }
  }

  async #giveUp(e: MatrixEventIn): Promise<void> {
    const { store } = this.d;
    this.#failures.delete(e.event_id);
    await store.markInboxDone(e.event_id);
    if (e.type !== "m.room.message" || (await store.outboxByKey(e.event_id))) return;
    if (!(await store.portalByRoom(e.room_id))) return;
    await this.d.audit.append({ actor: this.d.actor, action: "sms.blocked", target: e.room_id, details: { reason: "bridge_error", eventId: e.event_id, sender: e.sender } }).catch(() => undefined);
    await this.d.onBlocked({ roomId: e.room_id, eventId: e.event_id, sender: e.sender, reason: "bridge_error", categories: [] }).catch(() => undefined);
  }
}
