import fc from "fast-check";
import { SyncRedactor } from "redact-pii";
import { describe, expect, it } from "vitest";
import { REDACTION_TOKEN, alignRedaction, type Range } from "../../../bench/lib/alignRedaction.ts";
import { scorePhi } from "../../../bench/lib/phiScore.ts";
import { percentileOfSorted, percentiles, wilsonInterval } from "../../../bench/lib/stats.ts";
import { formatTable } from "../../../bench/lib/table.ts";
import { parseCorpusFile } from "../../../bench/lib/phiCorpus.ts";

const T = REDACTION_TOKEN;

/** Replaces each range of `input` by one token, as a redaction library would. */
function redact(input: string, ranges: readonly Range[]): string {
  let out = "";
  let at = 0;
  for (const r of ranges) {
    out += input.slice(at, r.start) + T;
    at = r.end;
  }
  return out + input.slice(at);
}

describe("wilsonInterval", () => {
  it("matches published values", () => {
    const half = wilsonInterval(50, 100);
    expect(half.estimate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = wilsonInterval(10, 10);
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBeCloseTo(1, 12);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(Number.isNaN(wilsonInterval(0, 0).estimate)).toBe(true);
  });
});

describe("percentiles", () => {
  it("uses nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted(sorted, 100)).toBe(100);
    expect(percentileOfSorted(sorted, 0)).toBe(1);
    expect(percentiles([3, 1, 2], [50, 100])).toEqual([2, 3]);
    expect(Number.isNaN(percentileOfSorted([], 50))).toBe(true);
  });
});

describe("formatTable", () => {
  it("pads columns to the widest cell", () => {
    expect(formatTable(["a", "bb"], [["xyz", "1"], ["q", "22"]])).toBe("a    bb\n---  --\nxyz   1\nq    22");
  });
});

describe("alignRedaction", () => {
  it("finds the replaced ranges", () => {
    const input = "Hi John, call 555-1234 now";
    expect(alignRedaction(input, `Hi ${T}, call ${T} now`)).toEqual([
      { start: 3, end: 7 },
      { start: 14, end: 22 },
    ]);
    expect(alignRedaction("John 555", `${T} ${T}`)).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 8 },
    ]);
    expect(alignRedaction("abc", T)).toEqual([{ start: 0, end: 3 }]);
    expect(alignRedaction("abc", "abc")).toEqual([]);
  });

  it("merges adjacent replacements", () => {
    expect(alignRedaction("JohnSmith", `${T}${T}`)).toEqual([{ start: 0, end: 9 }]);
  });

  it("returns null when the output cannot come from the input", () => {
    expect(alignRedaction("abc", "abd")).toBeNull();
    expect(alignRedaction("abc", `abc${T}`)).toBeNull();
    expect(alignRedaction(`a${T}`, T)).toBeNull();
  });

  it("recovers a redaction that rebuilds the same output, for any input and ranges", () => {
    const case_ = fc
      .tuple(fc.string({ unit: fc.constantFrom("a", "b", " ", "1", "-"), maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }))
      .map(([input, cuts]) => {
        // Non-empty, non-adjacent ranges from sorted cut points.
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const ranges: Range[] = [];
        for (let k = 0; k + 1 < points.length; k += 2) {
          const start = points[k] as number;
          const end = points[k + 1] as number;
          const last = ranges[ranges.length - 1];
          if (end > start && (last === undefined || start > last.end)) ranges.push({ start, end });
        }
        return { input, ranges };
      });
    fc.assert(
      fc.property(case_, ({ input, ranges }) => {
        const output = redact(input, ranges);
        const found = alignRedaction(input, output);
        expect(found).not.toBeNull();
        const covered = (rs: readonly Range[]): number => rs.reduce((n, r) => n + r.end - r.start, 0);
        expect(covered(found ?? [])).toBe(covered(ranges));
        expect(redact(input, found ?? [])).toBe(output);
      }),
    );
  });

  it("aligns real redact-pii output", () => {
    const input = "Call me at 312-555-0148 or mail ana.lopez@example.com, thanks";
    const output = new SyncRedactor({ globalReplaceWith: T }).redact(input);
    const ranges = alignRedaction(input, output);
    expect(ranges?.map((r) => input.slice(r.start, r.end))).toEqual(["312-555-0148", "ana.lopez@example.com"]);
  });
});

describe("scorePhi", () => {
  const lines = [
    { id: "t-0001", lang: "en", direction: "patient_to_clinician", text: "call 555-0100 re: my MRI", phi: [{ text: "555-0100", category: "CONTACT" }, { text: "MRI", category: "HEALTH" }] },
    { id: "t-0002", lang: "en", direction: "patient_to_clinician", text: "Ana Ruiz DOB 3/14/1980", phi: [{ text: "Ana Ruiz", category: "NAME" }, { text: "3/14/1980", category: "DATE" }] },
    { id: "t-0003", lang: "en", direction: "clinician_to_patient", text: "see you at 3:30", phi: [] },
    { id: "t-0004", lang: "en", direction: "clinician_to_patient", text: "room 4 is ready", phi: [] },
  ];
  const corpus = parseCorpusFile("t.jsonl", lines.map((l) => JSON.stringify(l)).join("\n"));

  it("counts a span found only when all its letters and digits are covered, whatever the punctuation", () => {
    const score = scorePhi(
      corpus,
      [
        // "555" and "0100" separately: the hyphen is not a letter or digit, so the phone is found.
        { containsPhi: true, spans: [{ start: 5, end: 8, category: "CONTACT" }, { start: 9, end: 13, category: "ID" }] },
        // "Ana" only, and the date half covered ("3/14/"): both spans missed.
        { containsPhi: true, spans: [{ start: 0, end: 3, category: "NAME" }, { start: 13, end: 18, category: "DATE" }] },
        { containsPhi: false, spans: [] },
        { containsPhi: true, spans: [{ start: 5, end: 6, category: "ID" }] },
      ],
      true,
    );
    expect(score.confusion).toEqual({ tp: 2, fn: 0, tn: 1, fp: 1 });
    expect(score.sensitivity.estimate).toBe(1);
    expect(score.specificity.estimate).toBe(0.5);
    expect(score.spanRecall).toEqual({ found: 1, total: 4, recall: 0.25 });
    expect(score.perCategory.CONTACT).toEqual({ found: 1, total: 1, recall: 1, typedRecall: 0 });
    expect(score.perCategory.HEALTH.found).toBe(0);
    expect(score.missedSpans.map((s) => `${s.id} ${s.category} ${s.covered}`)).toEqual([
      "t-0001 HEALTH 0/3",
      "t-0002 NAME 3/7",
      "t-0002 DATE 3/7",
    ]);
    expect(score.falsePositives).toEqual([{ id: "t-0004", source: "t.jsonl:4", detected: [{ category: "ID", text: "4" }] }]);
    // Detected letters/digits: 3+4 (phone) + 3 (Ana) + 3 (3/14) + 1 (room 4) = 14, of which 13 are in labels.
    expect(score.charPrecision).toEqual({ inLabels: 13, detected: 14, precision: 13 / 14 });
    // Labeled letters/digits: 7 + 3 + 7 + 7 = 24, of which 7 + 3 + 3 = 13 covered.
    expect(score.charRecall).toEqual({ found: 13, total: 24, recall: 13 / 24 });
  });

  it("reports missed messages and leaves typed recall out for systems without categories", () => {
    const empty = { containsPhi: false, spans: [] };
    const score = scorePhi(corpus, [empty, empty, empty, empty], false);
    expect(score.falseNegatives.map((f) => f.id)).toEqual(["t-0001", "t-0002"]);
    expect(score.perCategory.NAME.typedRecall).toBeNull();
    expect(Number.isNaN(score.charPrecision.precision)).toBe(true);
  });
});
