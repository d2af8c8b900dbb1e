import { MinuteAggregator } from "../../runtime/audit/MinuteAggregator.ts";
import type { AuditPort } from "./capabilities.ts";

/**
 * Rejected webhooks, counted per source: anyone who can reach the webhook can send garbage,
 * so a flood must neither fill the audit ledger nor cost a signature check per request.
 * - Audit records are aggregated (runtime/audit/MinuteAggregator.ts): the first rejection of a
 *   source for a reason in a minute is recorded at once (count 1); the rest of that minute's
 *   become one record with their count (written when the minute is over, and on close). A
 *   flood adds two records a minute.
 * - A source with more than `limitPerMinute` rejections in the current minute is refused
 *   (429) before its body is read.
 * Sources are the peer's address; they stay in memory only, the ledger gets counts.
 */
export class WebhookRejections {
  readonly #counts: MinuteAggregator;

  constructor(
    private readonly o: { audit: AuditPort; actor: string; provider: string; limitPerMinute?: number; clock?: () => number; onError?: (err: Error) => void },
  ) {
    this.#counts = new MinuteAggregator({ audit: o.audit, ...(o.clock ? { clock: o.clock } : {}), ...(o.onError ? { onError: o.onError } : {}) });
  }

  /** True when this source already used up its rejections for the minute: refuse it unread. */
  limited(source: string): boolean {
    return this.#counts.seen(source) >= (this.o.limitPerMinute ?? 20);
  }

  /** Counts one rejection (a refused signature, a malformed body, a rate-limited request). */
  async record(source: string, reason: string, httpStatus: number): Promise<void> {
    await this.#counts.record(source, `${reason}\u0000${httpStatus}`, (count) => ({
      actor: this.o.actor,
      action: "sms.webhook_rejected",
      details: { reason, provider: this.o.provider, httpStatus, count },
    }));
  }

  /** Writes the counts gathered so far (one record per source and reason). */
  async flush(): Promise<void> {
    await this.#counts.flush();
  }

  async close(): Promise<void> {
    await this.#counts.close();
  }
}
