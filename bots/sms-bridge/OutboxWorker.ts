import type { Logger } from "pino";
import { PassRunner } from "../../runtime/concurrency/PassRunner.ts";
import type { Policy } from "../../core/policy/index.ts";
import { countSegments } from "../../core/sms/segments.ts";
import { decideSend } from "../../core/sms/rateLimit.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import { decideOutbound } from "../../core/gate/outboundGate.ts";
import type { AuditPort, BlockedListener, ConsentPort, PhiDetector, SentListener } from "./capabilities.ts";
import { ProviderError } from "./providers/errors.ts";
import type { SmsProvider } from "./providers/types.ts";
import type { BridgeStore, OutboxRow } from "./store/BridgeStore.ts";

export interface OutboxOptions {
  /** Sends tried at most this many times before the room is told it failed. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, capped at maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How often due messages are looked for when nothing kicks the worker. */
  pollMs: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = { maxAttempts: 6, baseBackoffMs: 1000, maxBackoffMs: 5 * 60_000, pollMs: 1000 };
const HOUR = 3_600_000;

/**
 * Sends what the gate let through, from the durable outbox: retries with backoff and a limit,
 * at most one provider call per attempt recorded before it is made, the per-number rate limit,
 * and a last consent check (a STOP may have arrived while a text waited for quiet hours).
 */
export class OutboxWorker {
  #runner: PassRunner | undefined;
  #stopped = false;

  constructor(
    private readonly deps: {
      store: BridgeStore;
      provider: SmsProvider;
      matrix: RoomActions;
      consent: ConsentPort;
      audit: AuditPort;
      policy: Policy;
      log: Logger;
      onSent: SentListener;
      onBlocked: BlockedListener;
      detectPhi: PhiDetector;
      /**
       * The provider never sends twice for one idempotency key (the simulator). Otherwise
       * (Twilio, AWS) a send that may have gone out is not retried: a duplicate text is worse.
       */
      idempotentSends: boolean;
      options?: Partial<OutboxOptions>;
      clock?: () => Date;
    },
  ) {}

  private get opts(): OutboxOptions {
    return { ...DEFAULT_OUTBOX, ...this.deps.options };
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Starts the passes: on every kick, and every `pollMs` (the shared PassRunner). */
  start(): void {
    this.kick();
  }

  /** Runs a pass now (or right after the current one); the first kick starts the polling. */
  kick(): void {
    if (this.#stopped) return;
    this.#runner ??= new PassRunner(() => this.#pass(), (err) => this.deps.log.error({ err: err.message }, "outbox pass failed"), this.opts.pollMs);
    this.#runner.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#runner?.stop();
  }

  /** Resolves when no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    await this.#runner?.idle();
  }

  async #pass(): Promise<void> {
    for (const row of await this.deps.store.dueOutbox()) {
      if (this.#stopped) return;
      await this.#process(row);
    }
  }

  async #process(row: OutboxRow): Promise<void> {
    const { store, provider, audit, matrix } = this.deps;
    const now = this.now();
    if (row.status === "sent") {
      // Sent before; only the after-send step (consent evidence) is still owed.
      await this.#afterSend(row, row.provider_message_id ?? "", row.sent_at ? new Date(row.sent_at) : now);
      return;
    }
    if (row.kind === "clinician") {
      // The gate again, at send time: a text may have waited (quiet hours, retries) while the
      // consent changed (STOP and START, a new warning). Only what passes now goes out.
      const decision = await decideOutbound({
        kind: "clinician",
        text: row.body,
        blockWithoutConsent: this.deps.policy.phi.blockWithoutConsent,
        consentState: () => this.deps.consent.currentState(row.phone),
        detectPhi: this.deps.detectPhi,
      });
      if (!decision.allowed && (decision.reason === "consent_unavailable" || decision.reason === "detector_unavailable")) {
        // Nothing goes out while the checks cannot run; look again shortly.
        await store.updateOutbox(row.idempotency_key, { next_attempt_at: new Date(now.getTime() + 30_000).toISOString(), last_error: decision.reason });
        return;
      }
      if (!decision.allowed) {
        await store.updateOutbox(row.idempotency_key, { status: "failed", body: "", last_error: decision.reason });
        await audit.append({
          actor: matrix.botUserId,
          action: "sms.blocked",
          target: row.room_id,
          details: { reason: decision.reason, ...(row.event_id ? { eventId: row.event_id } : {}), ...(row.sender ? { sender: row.sender } : {}), ...(decision.categories.length ? { phiCategories: decision.categories } : {}) },
        });
        if (row.event_id && row.sender) {
          await this.deps
            .onBlocked({ roomId: row.room_id, eventId: row.event_id, sender: row.sender, reason: decision.reason, categories: decision.categories })
            .catch((e: Error) => this.deps.log.warn({ err: e.message }, "could not report a text blocked at send time"));
        }
        return;
      }
    } else if (row.kind === "system") {
      let state: string;
      try {
        state = await this.deps.consent.currentState(row.phone);
      } catch {
        // The ledger cannot answer: nothing goes out; look again shortly.
        await store.updateOutbox(row.idempotency_key, { next_attempt_at: new Date(now.getTime() + 30_000).toISOString(), last_error: "consent_unavailable" });
        return;
      }
      if (state === "opted_out") {
        await store.updateOutbox(row.idempotency_key, { status: "failed", body: "", last_error: "opted_out" });
        await audit.append({
          actor: matrix.botUserId,
          action: "sms.blocked",
          target: row.room_id,
          details: { reason: "opted_out", ...(row.event_id ? { eventId: row.event_id } : {}) },
        });
        if (row.event_id) {
          await matrix
            .sendNotice(row.room_id, "Not sent: the patient texted STOP before this text went out.", { "m.relates_to": { "m.in_reply_to": { event_id: row.event_id } } })
            .catch((e: Error) => this.deps.log.warn({ err: e.message }, "could not report a stopped text"));
        }
        return;
      }
    }
    // Carriers require the STOP/START/HELP answers at once; the per-number limit is for the rest.
    const sent = row.kind === "carrier" ? [] : await store.sentTimes(row.phone, new Date(now.getTime() - HOUR));
    const rate = decideSend(sent.sort((a, b) => a - b), now.getTime(), { limit: this.deps.policy.sms.maxMessagesPerNumberPerHour, windowMs: HOUR });
    if (!rate.allowed) {
      await store.updateOutbox(row.idempotency_key, { next_attempt_at: new Date(now.getTime() + rate.retryAfterMs).toISOString(), last_error: "rate_limited_locally" });
      return;
    }

    if (row.status === "sending" && !this.deps.idempotentSends) {
      // The bridge stopped during a send: the provider may have the text already.
      await this.#giveUp(row, row.attempts, "uncertain");
      return;
    }
    const attempts = row.attempts + 1;
    // Recorded before the call: after a crash the attempt counts, and the idempotency key
    // stays the same, so a provider that honours it cannot send twice.
    await store.updateOutbox(row.idempotency_key, { status: "sending", attempts });
    let providerMessageId: string;
    try {
      providerMessageId = await provider.send({
        to: row.phone,
        from: this.deps.policy.sms.practiceNumber,
        body: row.body,
        idempotencyKey: row.idempotency_key,
      });
    } catch (err) {
      const pe = err instanceof ProviderError ? err : undefined;
      const kind = pe?.kind ?? "internal";
      if (!pe) this.deps.log.error({ key: row.idempotency_key, err: (err as Error).message }, "send failed unexpectedly");
      if (pe?.maybeSent && !this.deps.idempotentSends) {
        await this.#giveUp(row, attempts, "uncertain");
        return;
      }
      if (pe?.retryable && attempts < this.opts.maxAttempts) {
        // Exponential backoff, but never sooner than the provider's Retry-After.
        const exponential = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** (attempts - 1));
        const backoff = Math.min(this.opts.maxBackoffMs, Math.max(exponential, pe.retryAfterMs ?? 0));
        await store.updateOutbox(row.idempotency_key, { status: "queued", next_attempt_at: new Date(now.getTime() + backoff).toISOString(), last_error: kind });
        this.deps.log.warn({ key: row.idempotency_key, attempts, kind }, "send failed; will retry");
        return;
      }
      await this.#giveUp(row, attempts, kind);
      return;
    }

    // The text has left: from here on nothing may mark it failed. The bridge keeps no copy.
    const segments = countSegments(row.body).segments;
    const sentAt = this.now();
    // Until the after-send step has run, the row says so; the worker retries it (it records the
    // consent evidence of a warning, which must not be lost).
    await store.updateOutbox(row.idempotency_key, { status: "sent", provider_message_id: providerMessageId, body: "", last_error: null, after_send_pending: 1, sent_at: sentAt.toISOString(), next_attempt_at: sentAt.toISOString() });
    // The sender is named: the clinician who wrote it, or the bridge for Wardroom's own texts.
    const sender = row.sender ?? matrix.botUserId;
    await audit.append({
      actor: sender,
      action: "sms.relayed",
      target: row.room_id,
      details: { direction: "outbound", sender, provider: provider.name, providerMessageId, segments, ...(row.event_id ? { eventId: row.event_id } : {}) },
    });
    await this.#afterSend(row, providerMessageId, sentAt);
  }

  async #afterSend(row: OutboxRow, providerMessageId: string, sentAt: Date): Promise<void> {
    try {
      await this.deps.onSent({
        roomId: row.room_id,
        eventId: row.event_id,
        idempotencyKey: row.idempotency_key,
        providerMessageId,
        phone: row.phone,
        sentAt,
        meta: row.meta,
      });
      await this.deps.store.updateOutbox(row.idempotency_key, { after_send_pending: 0 });
    } catch (err) {
      this.deps.log.error({ key: row.idempotency_key, err: (err as Error).message }, "after-send step failed; will retry");
      await this.deps.store.updateOutbox(row.idempotency_key, { next_attempt_at: new Date(this.now().getTime() + 15_000).toISOString() });
    }
  }

  /** Marks a text failed, audits it and tells the room (the text is not kept). */
  async #giveUp(row: OutboxRow, attempts: number, kind: string): Promise<void> {
    const { store, audit, matrix, provider } = this.deps;
    await store.updateOutbox(row.idempotency_key, { status: "failed", body: "", last_error: kind });
    await audit.append({
      actor: matrix.botUserId,
      action: "sms.failed",
      target: row.room_id,
      details: { attempts, errorKind: kind.replace(/[^a-z0-9_]/g, "_"), provider: provider.name, ...(row.event_id ? { eventId: row.event_id } : {}) },
    });
    const text =
      kind === "uncertain"
        ? "Delivery uncertain: the SMS provider may or may not have sent this text, and it was not retried to avoid a duplicate. Check with the patient."
        : `Not delivered by SMS after ${attempts} attempt(s) (${kind}). The patient did not get this text.`;
    await matrix
      .sendNotice(row.room_id, text, row.event_id ? { "m.relates_to": { "m.in_reply_to": { event_id: row.event_id } } } : {})
      .catch((e: Error) => this.deps.log.error({ err: e.message }, "could not report a failed send"));
  }
}
