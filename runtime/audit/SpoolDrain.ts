import type { AuditLedger, SourcedEntry } from "../../core/audit/index.ts";
import { logger } from "../log.ts";

const log = logger("audit-drain");

/** The name of the Synapse spool as an audit source (its cursor in the ledger). */
export const SYNAPSE_SPOOL_SOURCE = "synapse_spool";

/** A spooled record as the module's endpoint hands it out. */
interface SpooledRecord {
  seq: number;
  ts: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** Where spooled records come from: the module's read and acknowledge endpoints. */
export interface SpoolSource {
  /** Records with seq > after, oldest first, and how many wait in all. */
  read(after: number, limit: number): Promise<{ records: SpooledRecord[]; pending: number }>;
  /** Every record up to `through` is in the ledger: the spool may delete them. */
  acknowledge(through: number): Promise<void>;
}

/**
 * Reads the spool of Wardroom's Synapse module over its bearer-token endpoints. The module
 * never accepts records over HTTP: this client only reads and acknowledges.
 */
export class HttpSpoolSource implements SpoolSource {
  readonly #base: string;
  readonly #token: string;

  constructor(homeserverUrl: string, token: string) {
    this.#base = `${homeserverUrl.replace(/\/$/, "")}/_synapse/client/wardroom/v1/audit_spool`;
    this.#token = token;
  }

  async read(after: number, limit: number): Promise<{ records: SpooledRecord[]; pending: number }> {
    const res = await fetch(`${this.#base}?after=${after}&limit=${limit}`, {
      headers: { Authorization: `Bearer ${this.#token}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`audit spool: read answered ${res.status}`);
    return (await res.json()) as { records: SpooledRecord[]; pending: number };
  }

  async acknowledge(through: number): Promise<void> {
    const res = await fetch(`${this.#base}/ack`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.#token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ through }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`audit spool: acknowledge answered ${res.status}`);
  }
}

export interface SpoolDrainOptions {
  /** Records per read (1..5000). */
  batchSize?: number;
  /** Wait between reads when the spool is empty. */
  idleMs?: number;
  /** Wait after a failure (homeserver or ledger down) before trying again. */
  retryMs?: number;
}

/**
 * Moves records from the Synapse spool into the ledger, in spool order, exactly once: the
 * ledger stores each batch together with the last spool seq applied (appendFromSource), and
 * reads resume after that seq, so a crash between the ledger write and the acknowledgement
 * re-reads records the ledger then skips. Nothing is lost while the ledger or this process
 * is down: the records wait in the spool. Failures are logged (ids and statuses only) and
 * retried; the drain never gives up.
 */
export class SpoolDrain {
  readonly #ledger: AuditLedger;
  readonly #source: SpoolSource;
  readonly #batch: number;
  readonly #idleMs: number;
  readonly #retryMs: number;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(ledger: AuditLedger, source: SpoolSource, options: SpoolDrainOptions = {}) {
    this.#ledger = ledger;
    this.#source = source;
    this.#batch = options.batchSize ?? 500;
    this.#idleMs = options.idleMs ?? 250;
    this.#retryMs = options.retryMs ?? 1000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  /** One pass: reads and applies until the spool is empty. Returns the records appended. */
  async drainOnce(): Promise<number> {
    let appended = 0;
    for (;;) {
      const cursor = await this.#ledger.sourceCursor(SYNAPSE_SPOOL_SOURCE);
      const { records } = await this.#source.read(cursor, this.#batch);
      if (records.length === 0) return appended;
      const entries: SourcedEntry[] = records.map((r) => ({
        sourceSeq: r.seq,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: { ...r.details, occurredAt: new Date(r.ts).toISOString() },
      }));
      appended += (await this.#ledger.appendFromSource(SYNAPSE_SPOOL_SOURCE, entries)).length;
      await this.#source.acknowledge(records[records.length - 1]!.seq);
      if (records.length < this.#batch) return appended;
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let wait = this.#idleMs;
      try {
        const n = await this.drainOnce();
        if (n > 0) log.debug({ appended: n }, "audit spool drained");
      } catch (err) {
        wait = this.#retryMs;
        log.warn({ err: err instanceof Error ? err.message : String(err) }, "audit spool drain failed; retrying");
      }
      if (!this.#running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }
}
