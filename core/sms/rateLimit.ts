import { InputError } from "../errors.ts";

/**
 * Per-number send limit (policy `sms.maxMessagesPerNumberPerHour`): at most `limit` texts to
 * one number in any window of `windowMs`. A sliding log of send times enforces exactly that (a
 * token bucket would let through up to twice the limit in an hour), and with limits of at most
 * 100 the log stays small.
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Send times (ms since epoch) still inside the window, oldest first. */
export type RateState = readonly number[];

export interface RateDecision {
  allowed: boolean;
  /** The state to keep for the next decision. */
  state: RateState;
  /** Sends still allowed in the current window after this one. */
  remaining: number;
  /** When refused: how long until the oldest send leaves the window. 0 when allowed. */
  retryAfterMs: number;
}

function checkWindow(w: RateWindow): void {
  if (!Number.isInteger(w.limit) || w.limit < 1) throw new InputError("sms.maxMessagesPerNumberPerHour: must be a whole number of at least 1");
  if (!(w.windowMs > 0)) throw new InputError("windowMs: must be positive");
}

/** Pure decision: may one more text go at `nowMs`? Allowed sends are recorded in the returned state. */
export function decideSend(state: RateState, nowMs: number, window: RateWindow): RateDecision {
  checkWindow(window);
  // Entries from the future (a clock that stepped back) still count: the limit errs on the safe side.
  const live = state.filter((t) => t > nowMs - window.windowMs);
  if (live.length >= window.limit) {
    const oldest = live[0] ?? nowMs;
    return { allowed: false, state: live, remaining: 0, retryAfterMs: Math.max(1, oldest + window.windowMs - nowMs) };
  }
  const next = [...live, nowMs].sort((a, b) => a - b);
  return { allowed: true, state: next, remaining: window.limit - next.length, retryAfterMs: 0 };
}

export interface PerNumberRateLimiterOptions extends RateWindow {
  /** Milliseconds since epoch; injected so tests control time. */
  clock: () => number;
  /**
   * Numbers remembered at most; the least recently used is forgotten first (which resets its
   * count). Default 100 000.
   */
  maxNumbers?: number;
}

/** The per-number limit for a whole process, keyed by E.164 number. */
export class PerNumberRateLimiter {
  private readonly states = new Map<string, RateState>();
  private readonly window: RateWindow;
  private readonly clock: () => number;
  private readonly maxNumbers: number;

  constructor(options: PerNumberRateLimiterOptions) {
    this.window = { limit: options.limit, windowMs: options.windowMs };
    checkWindow(this.window);
    this.clock = options.clock;
    this.maxNumbers = options.maxNumbers ?? 100_000;
  }

  /** Record a send to `number` if the limit allows it. */
  tryAcquire(number: string): RateDecision {
    const decision = decideSend(this.states.get(number) ?? [], this.clock(), this.window);
    this.states.delete(number); // re-inserted last: Map order is least recently used first
    if (decision.state.length > 0) this.states.set(number, decision.state);
    while (this.states.size > this.maxNumbers) {
      const first = this.states.keys().next();
      if (first.done) break;
      this.states.delete(first.value);
    }
    return decision;
  }

  /** What tryAcquire would answer, without recording anything (`state` is the current one). */
  peek(number: string): RateDecision {
    const now = this.clock();
    const current = this.states.get(number) ?? [];
    const decision = decideSend(current, now, this.window);
    return { ...decision, state: current.filter((t) => t > now - this.window.windowMs) };
  }

  /** Numbers currently remembered (for metrics). */
  get size(): number {
    return this.states.size;
  }
}
