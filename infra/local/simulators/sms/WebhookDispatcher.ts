import { signEvent, SIGNATURE_HEADER, type SimulatorEvent } from "../../../../core/sms/simulatorWire.ts";

/**
 * Delivers the simulator's events to the bridge, one at a time and in order (a patient's
 * "YES" must not overtake the text before it), signed with the shared secret, retrying with
 * capped exponential backoff until the bridge answers 2xx. Like a real provider that keeps
 * retrying, it holds later events back while one is failing.
 */

export interface DispatcherOptions {
  webhookUrl: string;
  secret: string;
  fetch: typeof fetch;
  clock: () => Date;
  retryBaseMs: number;
  retryMaxMs: number;
  maxQueue: number;
  timeoutMs: number;
  /** Called after each attempt, with the HTTP status (or an error name). */
  onAttempt?: (event: SimulatorEvent, attempt: number, result: { ok: boolean; status?: number; error?: string }) => void;
}

export class WebhookDispatcher {
  private readonly queue: SimulatorEvent[] = [];
  private readonly options: DispatcherOptions;
  private running = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private inFlight: AbortController | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(options: DispatcherOptions) {
    this.options = options;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Queue an event; false when the queue is full or the dispatcher closed. */
  enqueue(event: SimulatorEvent): boolean {
    if (this.closed || this.queue.length >= this.options.maxQueue) return false;
    this.queue.push(event);
    if (!this.running) void this.run();
    return true;
  }

  /** Resolves once every queued event has been delivered (or the dispatcher closed). */
  idle(): Promise<void> {
    if (this.queue.length === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    this.inFlight?.abort();
    this.settleIdle();
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      let attempt = 0;
      while (!this.closed && this.queue.length > 0) {
        const event = this.queue[0];
        if (event === undefined) break;
        attempt += 1;
        const result = await this.attempt(event);
        if (this.closed) break;
        this.options.onAttempt?.(event, attempt, result);
        if (result.ok) {
          this.queue.shift();
          attempt = 0;
          continue;
        }
        const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** Math.min(attempt - 1, 20));
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, delay);
        });
        this.wake = undefined;
      }
    } finally {
      this.running = false;
      if (this.queue.length === 0 || this.closed) this.settleIdle();
    }
  }

  private async attempt(event: SimulatorEvent): Promise<{ ok: boolean; status?: number; error?: string }> {
    const body = JSON.stringify(event);
    const controller = new AbortController();
    this.inFlight = controller;
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const res = await this.options.fetch(this.options.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signEvent(this.options.secret, body, this.options.clock()) },
        body,
        signal: controller.signal,
        redirect: "error",
      });
      await res.arrayBuffer().catch(() => undefined);
      return { ok: res.status >= 200 && res.status < 300, status: res.status };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.name : "Error" };
    } finally {
      clearTimeout(timeout);
      this.inFlight = undefined;
    }
  }
}
