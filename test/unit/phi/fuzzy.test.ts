import { describe, expect, it } from "vitest";
import { FuzzyIndex, boundedDamerau, deleteHash, maxDistance, maxWordDistance } from "../../../core/phi/fuzzy.ts";

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

describe("FuzzyIndex screening of deletes by hash", () => {
  const words = ["metformin", "lisinopril", "asthma", "cancer", "ozempic", "atorvastatin", "hydrocodone", "bursitis", "aaaaaaa", "abababab"];
  const index = new FuzzyIndex(words);

  /** What the index must answer, by brute force over every word (the index's own rules). */
  function bruteForce(query: string): number | undefined {
    const qd = Math.min(2, maxDistance(query.length));
    if (qd === 0) return undefined;
    let best: number | undefined;
    for (const w of words) {
      const limit = Math.min(qd, maxWordDistance(w.length));
      if (limit <= 0) continue;
      if (limit === 1 && w.length < 7 && w.charCodeAt(0) !== query.charCodeAt(0)) continue;
      const d = boundedDamerau(query, w, limit);
      if (d <= limit && (best === undefined || d < best)) best = d;
    }
    return best;
  }

  it("hashes a delete arithmetically as it hashes the string", () => {
    expect(deleteHash("")).toBe(0);
    expect(deleteHash("ab")).toBe((Math.imul("a".charCodeAt(0), 0x01000193) + "b".charCodeAt(0)) | 0);
  });

  it("finds exactly what a lookup of every delete would find", () => {
    // every word with one or two letters deleted, swapped, replaced or added, and random strings
    const queries: string[] = [];
    const letters = "abcdeimnorst";
    for (const w of words) {
      for (let i = 0; i < w.length; i++) {
        queries.push(w.slice(0, i) + w.slice(i + 1));
        for (let j = i + 1; j < w.length; j++) {
          queries.push(w.slice(0, i) + w.slice(i + 1, j) + w.slice(j + 1));
          // two letters replaced, two added: found only through the query's own two deletes
          queries.push(w.slice(0, i) + "x" + w.slice(i + 1, j) + "q" + w.slice(j + 1));
          queries.push(w.slice(0, i) + "x" + w.slice(i, j) + "q" + w.slice(j));
        }
        queries.push(w.slice(0, i) + (letters[i % letters.length] as string) + w.slice(i + 1));
        queries.push(w.slice(0, i) + (letters[(i * 7) % letters.length] as string) + w.slice(i));
        if (i + 1 < w.length) queries.push(w.slice(0, i) + w.charAt(i + 1) + w.charAt(i) + w.slice(i + 2));
      }
    }
    let seed = 7;
    for (let q = 0; q < 400; q++) {
      let s = "";
      const len = 5 + (q % 9);
      for (let k = 0; k < len; k++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        s += letters.charAt(seed % letters.length);
      }
      queries.push(s);
    }
    for (const q of queries) expect(index.lookup(q)?.distance, q).toBe(bruteForce(q));
  });
});
