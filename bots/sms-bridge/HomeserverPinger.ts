import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { HomeserverPing, RoomActions } from "./matrix/RoomActions.ts";

export type PingState = HomeserverPing["outcome"] | "not_yet";

export interface HomeserverPingerDeps {
  matrix: Pick<RoomActions, "pingFromHomeserver">;
  appserviceId: string;
  log: Pick<Logger, "info" | "warn">;
  /** Between pings; the first one is sent at start. */
  intervalMs?: number;
}

/**
 * Asks the homeserver, at start and then every half minute, to call the bridge back.
 *
 * Why: when the bridge was down (a crash, a restart, a deploy), Synapse marks the appservice
 * down and retries its transactions with a backoff that grows to 512 seconds; clinicians'
 * replies to patients would wait up to 8.5 minutes after the bridge is back. A successful
 * ping makes Synapse retry at once (in worker mode only on the appservice worker, which is why
 * the routing table sends the ping there). The answer also tells whether the homeserver can
 * reach the bridge at all (a wrong URL in the registration, a firewall), which /health shows.
 */
export class HomeserverPinger {
  readonly #d: Required<HomeserverPingerDeps>;
  #state: PingState = "not_yet";
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = false;

  constructor(d: HomeserverPingerDeps) {
    this.#d = { intervalMs: 30_000, ...d };
  }

  get state(): PingState {
    return this.#state;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#inFlight;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#ping().finally(() => {
        this.#inFlight = undefined;
        this.#schedule(this.#d.intervalMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #ping(): Promise<void> {
    const result = await this.#d.matrix.pingFromHomeserver(this.#d.appserviceId, `wardroom-ping-${randomUUID()}`);
    const before = this.#state;
    this.#state = result.outcome;
    if (result.outcome === before) return;
    // Log changes only: a ping every 30 s would otherwise fill the log.
    if (result.outcome === "reached") this.#d.log.info({ durationMs: result.durationMs }, "homeserver reaches the bridge");
    else if (result.outcome === "unreachable") this.#d.log.warn({ errcode: result.errcode }, "homeserver cannot reach the bridge: check the registration's url and the network");
    else this.#d.log.warn("homeserver did not answer the appservice ping");
  }
}
