import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../core/audit/index.ts";
import { MinuteAggregator } from "../../../runtime/audit/MinuteAggregator.ts";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function setup() {
  const appended: AuditEntry[] = [];
  let now = T0;
  const agg = new MinuteAggregator({ audit: { append: async (e) => void appended.push(e) }, clock: () => now });
  const refuse = (source: string, reason: string) => agg.record(source, reason, (count) => ({ actor: "console:anonymous", action: "console.request_refused", details: { reason, count } }) as AuditEntry);
  return { appended, agg, refuse, advance: (ms: number) => (now += ms) };
}

const counts = (entries: AuditEntry[]) => entries.map((e) => e.details!.count as number);

describe("MinuteAggregator (runtime/audit)", () => {
  it("a flood of 1,000 from one source adds two records a minute; their counts add up", async () => {
    const { appended, agg, refuse } = setup();
    for (let i = 0; i < 1000; i++) await refuse("10.0.0.9", "csrf_token");
    // The first at once; the rest wait for the minute's end.
    expect(counts(appended)).toEqual([1]);
    expect(agg.seen("10.0.0.9")).toBe(1000);
    await agg.close();
    expect(counts(appended)).toEqual([1, 999]);
    expect(counts(appended).reduce((a, b) => a + b)).toBe(1000);
  });

  it("aggregates per source, key and minute; a new minute writes the last one's counts", async () => {
    const { appended, agg, refuse, advance } = setup();
    for (let i = 0; i < 300; i++) await refuse("10.0.0.1", "csrf_token");
    for (let i = 0; i < 200; i++) await refuse("10.0.0.2", "csrf_token");
    for (let i = 0; i < 100; i++) await refuse("10.0.0.1", "origin");
    expect(appended).toHaveLength(3);
    advance(60_000);
    for (let i = 0; i < 400; i++) await refuse("10.0.0.1", "csrf_token");
    // Minute 1's three remainders, then minute 2's first record.
    expect(appended.map((e) => [e.details!.reason, e.details!.count])).toEqual([
      ["csrf_token", 1],
      ["csrf_token", 1],
      ["origin", 1],
      ["csrf_token", 299],
      ["csrf_token", 199],
      ["origin", 99],
      ["csrf_token", 1],
    ]);
    expect(agg.seen("10.0.0.1")).toBe(400);
    expect(agg.seen("10.0.0.2")).toBe(0);
    await agg.close();
    expect(counts(appended).reduce((a, b) => a + b)).toBe(1000);
    // Nothing pending: closing again adds nothing.
    await agg.close();
    expect(appended).toHaveLength(8);
  });

  it("a ledger that fails is reported, never thrown at the caller", async () => {
    const errors: string[] = [];
    const agg = new MinuteAggregator({ audit: { append: async () => Promise.reject(new Error("ledger down")) }, clock: () => T0, onError: (e) => errors.push(e.message) });
    await agg.record("s", "k", () => ({ actor: "a", action: "console.request_refused", details: { reason: "origin", count: 1 } }));
    await agg.close();
    expect(errors).toEqual(["ledger down"]);
  });
});
