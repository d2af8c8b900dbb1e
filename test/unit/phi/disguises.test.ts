import { describe, expect, it } from "vitest";
import { detectPhi } from "../../../core/phi/index.ts";
import { foldCodePoint, normalizeText, originalRange } from "../../../core/phi/normalize.ts";
import { DISGUISED_CASES, INNOCENT_UNICODE } from "./disguisedMessages.ts";
import { expectFound, expectPhi } from "./helpers.ts";

describe("PHI written with Unicode and typing tricks", () => {
  it("has its own list of at least 80 disguised messages across the techniques", () => {
    expect(DISGUISED_CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(DISGUISED_CASES.map((c) => c.technique)).size).toBeGreaterThanOrEqual(40);
  });

  for (const c of DISGUISED_CASES) {
    it(`finds ${c.category} disguised by ${c.technique}: ${JSON.stringify(c.text)}`, () => {
      expectPhi(c.text, true);
      expectFound(c.text, c.part, c.category);
    });
  }

  it("does not flag ordinary messages that use the same characters innocently", () => {
    for (const text of INNOCENT_UNICODE) expectPhi(text, false);
  });

  it("reports offsets into the original text, ignorables inside a span included", () => {
    const text = "your \u202aH\u2063I\u{E0056}V\u202c test";
    const r = detectPhi(text);
    expect(r.spans.length).toBe(1);
    const s = r.spans[0];
    expect(s?.start).toBe(text.indexOf("H"));
    expect(text.slice(s?.start, s?.end)).toContain("I\u{E0056}V");
    expect(text.slice(s?.end)).toBe("");
  });
});

describe("normalizeText", () => {
  it("leaves ASCII and Latin-1 text as it is, without an offset map", () => {
    for (const text of ["plain ascii 123", "presión, niño, café", "1º de mayo"]) {
      const n = normalizeText(text);
      expect(n.text).toBe(text);
      expect(n.starts).toBeNull();
    }
  });

  it("skips Default_Ignorable_Code_Point and Bidi_Control characters", () => {
    for (const cp of [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2060, 0x2063, 0x2066, 0x2069, 0x180e, 0xfeff, 0xfe0f, 0x061c, 0xe0041, 0xe007f, 0x00ad, 0x034f, 0x3164]) {
      expect(foldCodePoint(cp), cp.toString(16)).toBe("");
    }
  });

  it("folds compatibility forms with NFKC and look-alikes with confusables.txt and letter names", () => {
    expect(normalizeText("①²𝟑４").text).toBe("1234");
    expect(normalizeText("ＨＩＶ ℍ ﬁle").text).toBe("HIV H file");
    expect(normalizeText("ΗΙV сancer dıabetes").text).toBe("HIV cancer diabetes");
    expect(normalizeText("ʜɪᴠ").text).toBe("HIV");
  });

  it("keeps punctuation and emoji as they are", () => {
    for (const text of ["… ‼ “ok” — – ’", "👍🏽 ❤"]) expect(normalizeText(text).text).toBe(text.replace(/\ufe0f/g, ""));
  });

  it("maps every normalised unit back to the original character it came from", () => {
    const text = "a\u200bﬁ𝟏b";
    const n = normalizeText(text);
    expect(n.text).toBe("afi1b");
    expect(originalRange(n, 1, 3)).toEqual({ start: 2, end: 3 }); // "fi" <- "ﬁ"
    expect(originalRange(n, 3, 4)).toEqual({ start: 3, end: 5 }); // "1" <- surrogate pair
    expect(originalRange(n, 0, 5)).toEqual({ start: 0, end: text.length });
  });
});
