import type { AuditEntry } from "../../core/audit/index.ts";

/** Where aggregated records go (the audit ledger, or anything with its append). */
export interface AuditAppender {
  append(entry: AuditEntry): Promise<unknown>;
}

/**
 * Audit records of a flood, aggregated per source and minute: anyone who can reach an endpoint
 * can make it refuse requests, and each refusal must neither cost a ledger row nor go
 * unrecorded.
 * - The first record of a key (a source and whatever else tells records apart, e.g. the
 *   reason) in a minute is appended at once, with count 1; the rest of that minute's become
 *   one record with their count, appended when the minute is over (checked every 10 s and on
 *   every call) and on `flush`/`close`. A flood from one source adds two records a minute.
 * - `seen(source)` says how many records a source made in the current minute (for a caller
 *   that refuses a source past a limit).
 * Sources (peer addresses) stay in memory only; the ledger gets what `entry(count)` builds.
 * The SMS bridge's rejected webhooks and the console's refused requests use it.
 */
export class MinuteAggregator {
  #minute = -1;
  readonly #perSource = new Map<string, number>();
  readonly #pending = new Map<string, { entry: (count: number) => AuditEntry; count: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly o: { audit: AuditAppender; clock?: () => number; onError?: (err: Error) => void }) {
    this.#timer = setInterval(() => void this.rollover(), 10_000);
    this.#timer.unref();
  }

  #now(): number {
    return this.o.clock?.() ?? Date.now();
  }

  /** Records counted for this source in the current minute. */
  seen(source: string): number {
    void this.rollover();
    return this.#perSource.get(source) ?? 0;
  }

  /**
   * Counts one occurrence of `key` (which should include the source) from `source`; `entry`
   * builds the audit record for a count. Resolves once the record, if one is due now, is appended.
   */
  async record(source: string, key: string, entry: (count: number) => AuditEntry): Promise<void> {
    await this.rollover();
    this.#perSource.set(source, (this.#perSource.get(source) ?? 0) + 1);
    const fullKey = `${source}\u0000${key}`;
    const pending = this.#pending.get(fullKey);
    if (pending) {
      pending.count += 1;
      return;
    }
    this.#pending.set(fullKey, { entry, count: 0 });
    await this.#append(entry(1));
  }

  async #append(entry: AuditEntry): Promise<void> {
    await this.o.audit.append(entry).catch((err: Error) => this.o.onError?.(err));
  }

  /** Starts a new minute when the clock has moved on, writing the last one's counts. */
  async rollover(): Promise<void> {
    const minute = Math.floor(this.#now() / 60_000);
    if (minute === this.#minute) return;
    this.#minute = minute;
    this.#perSource.clear();
    await this.flush();
  }

  /** Writes the counts gathered so far (one record per key). */
  async flush(): Promise<void> {
    const entries = [...this.#pending.values()].filter((e) => e.count > 0);
    this.#pending.clear();
    for (const e of entries) await this.#append(e.entry(e.count));
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
