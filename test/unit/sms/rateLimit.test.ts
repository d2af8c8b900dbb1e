import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decideSend, PerNumberRateLimiter } from "../../../core/sms/rateLimit.ts";

const HOUR = 3_600_000;

describe("decideSend", () => {
  it("allows up to the limit in a window, then refuses until the oldest send leaves it", () => {
    const w = { limit: 3, windowMs: HOUR };
    let state: readonly number[] = [];
    for (const [t, remaining] of [[0, 2], [10, 1], [20, 0]] as const) {
      const d = decideSend(state, t, w);
      expect(d).toMatchObject({ allowed: true, remaining, retryAfterMs: 0 });
      state = d.state;
    }
    const refused = decideSend(state, 30, w);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: HOUR - 30 });
    expect(refused.state).toEqual([0, 10, 20]);
    expect(decideSend(state, HOUR - 1, w).allowed).toBe(false);
    const later = decideSend(state, HOUR, w);
    expect(later.allowed).toBe(true);
    expect(later.state).toEqual([10, 20, HOUR]);
  });

  it("counts sends recorded after now (a clock that stepped back)", () => {
    const d = decideSend([5000, 6000], 1000, { limit: 2, windowMs: HOUR });
    expect(d.allowed).toBe(false);
  });

  it("rejects a limit below 1 naming the policy key", () => {
    expect(() => decideSend([], 0, { limit: 0, windowMs: HOUR })).toThrow(/^sms\.maxMessagesPerNumberPerHour: /);
  });

  it("never allows more than the limit in any window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 5 * HOUR }), { maxLength: 200 }), (limit, raw) => {
        const times = [...raw].sort((a, b) => a - b);
        let state: readonly number[] = [];
        const allowed: number[] = [];
        for (const t of times) {
          const d = decideSend(state, t, { limit, windowMs: HOUR });
          state = d.state;
          if (d.allowed) allowed.push(t);
          else expect(d.retryAfterMs).toBeGreaterThan(0);
        }
        for (const t of allowed) {
          const inWindow = allowed.filter((u) => u > t - HOUR && u <= t).length;
          expect(inWindow).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });
});

describe("PerNumberRateLimiter", () => {
  it("keeps a separate window per number, on the injected clock", () => {
    let now = 0;
    const limiter = new PerNumberRateLimiter({ limit: 2, windowMs: HOUR, clock: () => now });
    expect(limiter.tryAcquire("+15555550101").allowed).toBe(true);
    expect(limiter.tryAcquire("+15555550101").allowed).toBe(true);
    expect(limiter.tryAcquire("+15555550101").allowed).toBe(false);
    expect(limiter.tryAcquire("+15555550102").allowed).toBe(true);
    now = HOUR;
    expect(limiter.tryAcquire("+15555550101").allowed).toBe(true);
  });

  it("peek answers without recording", () => {
    const limiter = new PerNumberRateLimiter({ limit: 1, windowMs: HOUR, clock: () => 0 });
    expect(limiter.peek("+15555550101")).toMatchObject({ allowed: true, remaining: 0, state: [] });
    expect(limiter.peek("+15555550101").allowed).toBe(true);
    limiter.tryAcquire("+15555550101");
    expect(limiter.peek("+15555550101")).toMatchObject({ allowed: false, state: [0] });
  });

  it("forgets the least recently used number beyond its bound", () => {
    const limiter = new PerNumberRateLimiter({ limit: 1, windowMs: HOUR, clock: () => 0, maxNumbers: 2 });
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquire("a"); // refused, but now most recently used
    limiter.tryAcquire("c");
    expect(limiter.size).toBe(2);
    expect(limiter.peek("a").allowed).toBe(false);
    expect(limiter.peek("b").allowed).toBe(true); // forgotten
  });
});
