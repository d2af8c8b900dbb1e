import { describe, expect, it } from "vitest";
import { FuzzyIndex, boundedDamerau, maxDistance } from "../../../core/phi/fuzzy.ts";

describe("bounded Damerau-Levenshtein distance", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions", () => {
    expect(boundedDamerau("insulin", "insulin", 2)).toBe(0);
    expect(boundedDamerau("insolin", "insulin", 2)).toBe(1);
    expect(boundedDamerau("insuiln", "insulin", 2)).toBe(1);
    expect(boundedDamerau("colestrol", "cholesterol", 2)).toBe(2);
  });

  it("gives up past the limit", () => {
    expect(boundedDamerau("aspirin", "zoloft", 2)).toBe(3);
    expect(boundedDamerau("a", "abcdef", 1)).toBe(2);
  });
});

describe("FuzzyIndex", () => {
  const index = new FuzzyIndex(["metformin", "lisinopril", "asthma", "cancer", "ozempic"]);

  it("finds the closest word within the distance allowed for its length", () => {
    expect(index.lookup("metformn")).toEqual({ word: "metformin", distance: 1 });
    expect(index.lookup("lisinipril")).toEqual({ word: "lisinopril", distance: 1 });
    expect(index.lookup("ashma")).toEqual({ word: "asthma", distance: 1 });
  });

  it("allows no edit below five letters and keeps the first letter of short words", () => {
    expect(maxDistance(4)).toBe(0);
    expect(index.lookup("ozempik")?.word).toBe("ozempic");
    expect(index.lookup("pancer")).toBeUndefined();
  });

  it("ignores very long queries", () => {
    expect(index.lookup("m".repeat(500))).toBeUndefined();
  });
});
