import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { detectPhi, MAX_SCAN_LENGTH, PHI_CATEGORIES, type PhiResult } from "../../../core/phi/index.ts";

function checkShape(text: string, result: PhiResult): void {
  let previousEnd = 0;
  for (const span of result.spans) {
    expect(Number.isInteger(span.start) && Number.isInteger(span.end)).toBe(true);
    expect(span.start).toBeGreaterThanOrEqual(previousEnd); // sorted, disjoint
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
    expect(PHI_CATEGORIES).toContain(span.category);
    previousEnd = span.end;
  }
  expect(result.containsPhi).toBe(result.spans.length > 0);
}

/** Pieces that exercise every rule: names, numbers, separators, emoji, clinical words, Spanish. */
const PIECES = [
  "Will", "will", "Hope", "Dr.", "Sra.", "María", "J.", "K", "pt", "hx", "DM2", "HTN", "s/p", "bp", "140/90", "A1c",
  "7.2", "3/4/", "XXXX", "**", "2024", "March", "14th", "el", "de", "mayo", "555", "123", "4567", "-", ".", "/", ":",
  "@", "gmail", "com", "www.", "#", "$", "%", "😀", "📞", "4️⃣", "\u200b", "\u00ad", "é", "ñ", "İ", "ß", "ﬁ", "\n", " ",
  ",", "'s", "O'Brien", "metformn", "diabetis", "92", "yo", "years", "old", "noventa", "y", "dos", "Apt", "4B", "St",
  "Main", "Hospital", "calle", "MRN", "SSN", "***-**-", "five", "oh", "x", "mg", "q4h", "d i a b", "𝟏", "\uD800",
  "constructor", "__proto__", "toString",
];

const messages = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(" "));
const glued = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

describe("properties of detectPhi", () => {
  it("never throws on arbitrary strings and returns sorted, in-range, disjoint spans", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
      checkShape(text, detectPhi(text));
    }), { numRuns: 400 });
  });

  it("holds on messages built from tricky pieces, with and without spaces", () => {
    fc.assert(fc.property(messages, (text) => checkShape(text, detectPhi(text))), { numRuns: 400 });
    fc.assert(fc.property(glued, (text) => checkShape(text, detectPhi(text))), { numRuns: 400 });
  });

  it("is deterministic", () => {
    fc.assert(fc.property(messages, (text) => {
      expect(detectPhi(text)).toEqual(detectPhi(text));
    }), { numRuns: 100 });
  });

  it("still finds a phone number whatever surrounds it", () => {
    fc.assert(
      fc.property(messages, messages, (before, after) => {
        const text = `${before}\ncall 312-555-0199\n${after}`;
        const start = text.indexOf("312-555-0199");
        const span = detectPhi(text).spans.find((s) => s.start <= start && s.end >= start + 12);
        expect(span, text).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });

  it("handles long adversarial inputs within the cap", () => {
    for (const unit of ["1 ", "a@", "d i a b ", "J. ", "1/", "555-", "Dr. Will ", "💊", "\u200b", "x"]) {
      const text = unit.repeat(Math.ceil(MAX_SCAN_LENGTH / unit.length)).slice(0, MAX_SCAN_LENGTH);
      checkShape(text, detectPhi(text));
    }
  });
});
