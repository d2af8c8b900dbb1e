import { describe, expect, it } from "vitest";
import { detectPhi, MAX_SCAN_LENGTH, preparePhiDetector } from "../../../core/phi/index.ts";

describe("the input cap", () => {
  it("scans text up to the cap", () => {
    const text = `${"ok ".repeat(100)}call 312-555-0199`;
    expect(detectPhi(text).spans.map((s) => s.category)).toEqual(["CONTACT"]);
  });

  it("reports the text beyond the cap as one unscanned span (fails closed)", () => {
    const text = "ok ".repeat(MAX_SCAN_LENGTH); // 30,000 units, no PHI in it
    const { containsPhi, spans } = detectPhi(text);
    expect(containsPhi).toBe(true);
    const last = spans[spans.length - 1];
    expect(last).toMatchObject({ end: text.length, category: "HEALTH", subcategory: "unscanned" });
    expect(last?.start).toBeLessThanOrEqual(MAX_SCAN_LENGTH);
    expect(last?.start).toBeGreaterThan(MAX_SCAN_LENGTH - 64);
  });

  it("cuts at a word boundary so that no identifier is split", () => {
    const filler = "a".repeat(MAX_SCAN_LENGTH - 5);
    const text = `${filler} 312-555-0199 more text`;
    const spans = detectPhi(text).spans;
    const phone = text.indexOf("312");
    // the phone number is either scanned whole or inside the unscanned span
    expect(spans.some((s) => s.start <= phone && s.end >= phone + 12)).toBe(true);
  });

  it("handles a 100 KB adversarial input", () => {
    for (const unit of ["a", "1 ", "a@", "d i a b ", "555-", "Dr. Will ", "🩺"]) {
      const text = unit.repeat(Math.ceil(102_400 / unit.length));
      const { spans } = detectPhi(text);
      expect(spans.length).toBeGreaterThan(0);
      expect(spans[spans.length - 1]?.end).toBe(text.length);
    }
  });

  it("can build its indexes ahead of the first message", () => {
    preparePhiDetector();
    expect(detectPhi("refill my metformn").spans.map((s) => s.category)).toEqual(["HEALTH"]);
  });

  it("rejects a value that is not a string", () => {
    expect(() => detectPhi(42 as unknown as string)).toThrow(TypeError);
  });
});
