import type { AuditPort } from "./capabilities.ts";

/**
 * Rejected webhooks, counted per source: anyone who can reach the webhook can send garbage,
 * so a flood must neither fill the audit ledger nor cost a signature check per request.
 * - Audit records are aggregated: the first rejection of a source for a reason in a minute is
 *   recorded at once (count 1); the rest of that minute's become one record with their count
 *   (written when the minute is over, and on close). A flood adds two records a minute.
 * - A source with more than `limitPerMinute` rejections in the current minute is refused
 *   (429) before its body is read.
 * Sources are the peer's address; they stay in memory only, the ledger gets counts.
 */
export class WebhookRejections {
  #minute = -1;
  readonly #perSource = new Map<string, number>();
  readonly #pending = new Map<string, { reason: string; httpStatus: number; count: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly o: { audit: AuditPort; actor: string; provider: string; limitPerMinute?: number; clock?: () => number; onError?: (err: Error) => void },
  ) {
    this.#timer = setInterval(() => void this.#rollover(), 10_000);
    this.#timer.unref();
  }

  #now(): number {
    return this.o.clock?.() ?? Date.now();
  }

  /** True when this source already used up its rejections for the minute: refuse it unread. */
  limited(source: string): boolean {
    void this.#rollover();
    return (this.#perSource.get(source) ?? 0) >= (this.o.limitPerMinute ?? 20);
  }

  /** Counts one rejection (a refused signature, a malformed body, a rate-limited request). */
  async record(source: string, reason: string, httpStatus: number): Promise<void> {
    await this.#rollover();
    this.#perSource.set(source, (this.#perSource.get(source) ?? 0) + 1);
    const key = `${source}\u0000${reason}\u0000${httpStatus}`;
    const entry = this.#pending.get(key);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.#pending.set(key, { reason, httpStatus, count: 0 });
    await this.#append({ reason, httpStatus, count: 1 });
  }

  async #append(e: { reason: string; httpStatus: number; count: number }): Promise<void> {
    await this.o.audit
      .append({ actor: this.o.actor, action: "sms.webhook_rejected", details: { reason: e.reason, provider: this.o.provider, httpStatus: e.httpStatus, count: e.count } })
      .catch((err: Error) => this.o.onError?.(err));
  }

  async #rollover(): Promise<void> {
    const minute = Math.floor(this.#now() / 60_000);
    if (minute === this.#minute) return;
    this.#minute = minute;
    this.#perSource.clear();
    await this.flush();
  }

  /** Writes the counts gathered so far (one record per source and reason). */
  async flush(): Promise<void> {
    const entries = [...this.#pending.values()].filter((e) => e.count > 0);
    this.#pending.clear();
    for (const e of entries) await this.#append(e);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
