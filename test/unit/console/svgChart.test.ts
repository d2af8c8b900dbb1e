import { describe, expect, it } from "vitest";
import { fillDays, ledgerVerdict, niceMax, renderChart } from "../../../core/console/index.ts";

describe("dashboard charts", () => {
  const input = {
    id: "phi-blocks",
    title: "PHI blocks <per day>",
    description: "Messages the gate refused & redacted, last 3 days",
    labels: ["2025-03-01", "2025-03-02", "2025-03-03"],
    series: [{ name: "Blocked", values: [3, 0, 7] }],
    kind: "bars" as const,
  };

  it("renders an accessible SVG with escaped title and description, one titled bar per value, no script", () => {
    const svg = renderChart(input);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="phi-blocks-title phi-blocks-desc"/);
    expect(svg).toContain('<title id="phi-blocks-title">PHI blocks &lt;per day&gt;</title>');
    expect(svg).toContain('<desc id="phi-blocks-desc">Messages the gate refused &amp; redacted, last 3 days</desc>');
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain("<title>Blocked, 2025-03-03: 7</title>");
    expect(svg).not.toMatch(/<script|on[a-z]+=|javascript:|style=/i);
  });

  it("draws lines with a point per value, and the tallest value never leaves the plot", () => {
    const svg = renderChart({ ...input, kind: "lines", series: [{ name: "Wipes", values: [1, 9, 2] }, { name: "Blocks", values: [0, 0, 0] }] });
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    const ys = [...svg.matchAll(/cy="([0-9.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(16);
    expect(niceMax(9)).toBeGreaterThanOrEqual(9);
    expect(niceMax(0)).toBe(4);
  });

  it("refuses data that does not fit its labels and ids that could break out of the attribute", () => {
    expect(() => renderChart({ ...input, series: [{ name: "x", values: [1] }] })).toThrow(/1 values for 3 labels/);
    expect(() => renderChart({ ...input, series: [{ name: "x", values: [1, Number.NaN, 2] }] })).toThrow(TypeError);
    expect(() => renderChart({ ...input, id: 'a" onload="x' })).toThrow(TypeError);
  });

  it("fills missing days with zero and judges the ledger's health", () => {
    expect(fillDays([{ day: "2025-03-02", count: 5 }], new Date("2025-03-03T12:00:00Z"), 3)).toEqual([
      { day: "2025-03-01", count: 0 },
      { day: "2025-03-02", count: 5 },
      { day: "2025-03-03", count: 0 },
    ]);
    const now = new Date("2025-03-03T12:00:00Z");
    const fresh = { ts: "2025-03-03T11:00:00.000Z" };
    expect(ledgerVerdict({ headSeq: 3, headTs: fresh.ts, lastCheckpoint: { ...fresh, seq: 3 }, lastVerification: { ...fresh, ok: true, checked: 3 } }, now)).toEqual({ ok: true, notes: [] });
    const bad = ledgerVerdict({ headSeq: 3, headTs: fresh.ts, lastCheckpoint: { ts: "2025-03-01T00:00:00.000Z", seq: 1 }, lastVerification: { ...fresh, ok: false, checked: 3 } }, now);
    expect(bad.ok).toBe(false);
    expect(bad.notes).toEqual(["The last checkpoint is older than 24 hours.", "The last verification found a problem."]);
  });
});
