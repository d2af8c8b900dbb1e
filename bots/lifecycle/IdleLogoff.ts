import type { Logger } from "pino";
import type { AuditLedger } from "../../core/audit/index.ts";
import { sweepIdleDevices, type FirstNoticed, type IdleDeviceActions, type IdleSweepReport } from "../../core/lifecycle/index.ts";
import type { Policy } from "../../core/policy/index.ts";

export interface IdleLogoffDeps {
  actions: IdleDeviceActions;
  policy: Policy;
  serverName: string;
  /** The lifecycle bot's own account: never logged off by itself. */
  selfUserId: string;
  audit: Pick<AuditLedger, "append">;
  log: Logger;
  now?: () => number;
  /** How often to sweep; default a quarter of the idle limit, at most a minute. */
  intervalMs?: number;
  /** Told of every failed sweep (the process restarts itself when its own session is gone). */
  onSweepError?: (err: unknown) => void;
}

/**
 * The lifecycle bot's automatic logoff: sweeps on a timer, deletes devices idle past the
 * policy's limit and audits each user's logoff (`device.logged_off_idle`). A sweep that fails
 * (homeserver down) is logged and retried at the next tick; the process keeps running.
 */
export class IdleLogoff {
  readonly #d: IdleLogoffDeps;
  readonly #firstNoticed: FirstNoticed = new Map();
  readonly #exempt: Set<string>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(d: IdleLogoffDeps) {
    this.#d = d;
    this.#exempt = new Set([d.selfUserId, ...d.policy.sessions.idleLogoffExempt.map((l) => `@${l}:${d.serverName}`)]);
  }

  get idleLimitMs(): number {
    return this.#d.policy.sessions.idleLogoffMinutes * 60_000;
  }

  /** One sweep now; sweeps never overlap. */
  sweepOnce(): Promise<IdleSweepReport> {
    const run = this.#running.then(() => this.#sweep());
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #sweep(): Promise<IdleSweepReport> {
    const now = (this.#d.now ?? Date.now)();
    const report = await sweepIdleDevices(this.#d.actions, { idleLimitMs: this.idleLimitMs, isExempt: (u) => this.#exempt.has(u), pageSize: 1000 }, now, this.#firstNoticed);
    for (const { userId, deviceIds } of report.loggedOff) {
      for (let i = 0; i < deviceIds.length; i += 100) {
        await this.#d.audit.append({
          actor: "system:lifecycle",
          action: "device.logged_off_idle",
          target: userId,
          details: { deviceIds: deviceIds.slice(i, i + 100), idleLimitMinutes: this.#d.policy.sessions.idleLogoffMinutes },
        });
      }
    }
    const devices = report.loggedOff.reduce((n, l) => n + l.deviceIds.length, 0);
    this.#d.log.info({ scanned: report.scanned, loggedOff: devices, users: report.loggedOff.length, failures: report.failures.length }, "idle sweep");
    for (const f of report.failures) this.#d.log.warn({ error: f.error }, "idle logoff failed for one user; retried next sweep");
    return report;
  }

  start(): void {
    const interval = this.#d.intervalMs ?? Math.min(60_000, this.idleLimitMs / 4);
    const tick = () => {
      this.sweepOnce()
        .catch((err: unknown) => {
          this.#d.log.warn({ error: err instanceof Error ? err.message : String(err) }, "idle sweep failed; retrying next tick");
          this.#d.onSweepError?.(err);
        })
        .finally(() => {
          if (this.#timer !== undefined) this.#timer = setTimeout(tick, interval);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
