import type { Logger } from "pino";
import { PassRunner } from "../../../runtime/concurrency/PassRunner.ts";
import type { AuditPort, BlockedListener } from "../capabilities.ts";
import type { BridgeStore, MatrixEventIn } from "../store/BridgeStore.ts";
import { afterFailure, type InboundRetryPolicy } from "./inboundRetry.ts";

/**
 * How long one event is retried before it is dropped (loudly). Budgeted by time, like the
 * patients' texts (queues/inboundRetry.ts), never by passes: passes come as fast as events
 * arrive, and a clinician's message that arrives while its portal room is still being set up
 * (a loaded homeserver takes seconds) used five attempts in a second and was lost.
 */
export const DEFAULT_EVENT_RETRY: InboundRetryPolicy = { budgetMs: 60 * 60_000, baseDelayMs: 250, maxDelayMs: 10_000 };

/** How many pending events one pass looks at (waiting rooms are skipped, not counted out). */
const PASS_BATCH = 200;

interface Failure {
  attempts: number;
  firstFailedAt: Date;
  retryAt: Date;
}

/**
 * The Matrix inbox: events Synapse pushed (stored before its 200) are handled in order per
 * room. An event that fails waits (backoff) and holds back only the later events of its own
 * room, so one room's trouble never delays another's. When its time budget is spent it is
 * dropped loudly: if its text was queued already it is still sent (the outbox re-checks it);
 * otherwise it was not sent, and its sender is told.
 */
export class MatrixInbox extends PassRunner {
  readonly #failures = new Map<string, Failure>();
  readonly #clock: () => Date;
  readonly #retry: InboundRetryPolicy;

  constructor(
    private readonly d: {
      store: BridgeStore;
      handle: (e: MatrixEventIn) => Promise<void>;
      audit: AuditPort;
      actor: string;
      onBlocked: BlockedListener;
      log: Logger;
      clock?: () => Date;
      retry?: InboundRetryPolicy;
      /** How often a pass runs without a kick (retries are picked up by it). */
      intervalMs?: number;
    },
  ) {
    super(undefined, (err) => d.log.error({ err: err.message }, "inbox pass failed"), d.intervalMs ?? 1000);
    this.#clock = d.clock ?? (() => new Date());
    this.#retry = d.retry ?? DEFAULT_EVENT_RETRY;
  }

  /** Events waiting for a retry (for /health and tests). */
  get waiting(): number {
    return this.#failures.size;
  }

  protected override async runPass(): Promise<void> {
    const { store, log } = this.d;
    const held = new Set<string>(); // rooms whose earlier event is waiting: later ones wait too
    for (const e of await store.pendingInbox(PASS_BATCH)) {
      if (held.has(e.room_id)) continue;
      const failed = this.#failures.get(e.event_id);
      const now = this.#clock();
      if (failed && failed.retryAt > now) {
        held.add(e.room_id);
        continue;
      }
      try {
        await this.d.handle(e);
        await store.markInboxDone(e.event_id);
        this.#failures.delete(e.event_id);
      } catch (err) {
        const attempts = (failed?.attempts ?? 0) + 1;
        const firstFailedAt = failed?.firstFailedAt ?? now;
        const decision = afterFailure({ attempts, firstFailedAt, now, permanent: false }, this.#retry);
        log.error({ event: e.event_id, room: e.room_id, attempt: attempts, err: (err as Error).message, decision: decision.kind }, "event handling failed");
        if (decision.kind === "give_up") {
          await this.#giveUp(e);
          continue;
        }
        this.#failures.set(e.event_id, { attempts, firstFailedAt, retryAt: decision.at });
        held.add(e.room_id);
      }
    }
  }

  async #giveUp(e: MatrixEventIn): Promise<void> {
    const { store, log } = this.d;
    this.#failures.delete(e.event_id);
    await store.markInboxDone(e.event_id);
    if (e.type !== "m.room.message" || (await store.outboxByKey(e.event_id))) return;
    if (!(await store.portalByRoom(e.room_id))) {
      log.warn({ event: e.event_id, room: e.room_id }, "event dropped after its retries: its room is not a portal");
      return;
    }
    await this.d.audit.append({ actor: this.d.actor, action: "sms.blocked", target: e.room_id, details: { reason: "bridge_error", eventId: e.event_id, sender: e.sender } }).catch(() => undefined);
    await this.d.onBlocked({ roomId: e.room_id, eventId: e.event_id, sender: e.sender, reason: "bridge_error", categories: [] }).catch(() => undefined);
  }
}
