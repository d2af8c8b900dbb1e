import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countSegments, isGsm7, nonGsm7Characters, splitSegments } from "../../../core/sms/segments.ts";

describe("GSM-7 alphabet", () => {
  it("has 127 basic characters and 10 extension characters in the BMP", () => {
    let count = 0;
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (isGsm7(String.fromCodePoint(cp))) count++;
    }
    expect(count).toBe(137);
  });

  it("accepts the basic table's unusual members and refuses look-alikes", () => {
    expect(isGsm7("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r")).toBe(true);
    expect(isGsm7("ç")).toBe(false); // only the capital C cedilla is in the table
    expect(isGsm7("’")).toBe(false); // a phone's curly apostrophe forces UCS-2
    expect(isGsm7("`")).toBe(false);
    expect(nonGsm7Characters("it’s “fine” ’")).toEqual(["’", "“", "”"]);
  });
});

describe("countSegments", () => {
  const gsm = (n: number): string => "a".repeat(n);

  it("fits 160 GSM-7 characters in one SMS and splits 161 into two of 153", () => {
    expect(countSegments(gsm(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1, unitsPerSegment: 160, remaining: 0 });
    expect(countSegments(gsm(161))).toMatchObject({ segments: 2, unitsPerSegment: 153, remaining: 145 });
    expect(countSegments(gsm(306)).segments).toBe(2);
    expect(countSegments(gsm(307)).segments).toBe(3);
  });

  it("counts extension characters as two septets", () => {
    expect(countSegments("€".repeat(80))).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(countSegments("€".repeat(80) + "a")).toMatchObject({ units: 161, segments: 2 });
    expect(countSegments("{}[]~|^\\\f€").units).toBe(20);
  });

  it("does not split an escape sequence across parts", () => {
    // 152 septets, then a 2-septet € that would straddle the 153 boundary: it moves to part 2.
    const text = gsm(152) + "€" + gsm(10);
    const info = countSegments(text);
    expect(info.units).toBe(164);
    expect(info.segments).toBe(2);
    expect(info.remaining).toBe(153 - 12);
    expect(splitSegments(text).map((p) => p.length)).toEqual([152, 11]);
  });

  it("switches the whole text to UCS-2 for one character outside the alphabet", () => {
    expect(countSegments("Hello ’")).toMatchObject({ encoding: "UCS-2", units: 7, segments: 1, unitsPerSegment: 70 });
    expect(countSegments("ü".repeat(70) + "ç")).toMatchObject({ encoding: "UCS-2", units: 71, segments: 2, unitsPerSegment: 67 });
    expect(countSegments("ж".repeat(70)).segments).toBe(1);
    expect(countSegments("ж".repeat(134)).segments).toBe(2);
    expect(countSegments("ж".repeat(135)).segments).toBe(3);
  });

  it("counts a surrogate pair as two UCS-2 units and never splits it", () => {
    expect(countSegments("😀".repeat(35))).toMatchObject({ encoding: "UCS-2", units: 70, segments: 1 });
    expect(countSegments("😀".repeat(35) + "a").segments).toBe(2);
    // 66 units, then a pair that would straddle the 67 boundary.
    const text = "ж".repeat(66) + "😀" + "жжжж";
    expect(countSegments(text)).toMatchObject({ units: 72, segments: 2, remaining: 61 });
    const parts = splitSegments(text);
    expect(parts).toEqual(["ж".repeat(66), "😀жжжж"]);
  });

  it("treats an empty text as one SMS", () => {
    expect(countSegments("")).toEqual({ encoding: "GSM-7", units: 0, segments: 1, unitsPerSegment: 160, remaining: 160 });
    expect(splitSegments("")).toEqual([""]);
  });

  it("splits into parts that rejoin to the text and agree with the count", () => {
    const alphabet = fc.constantFrom("a", "Z", " ", "€", "{", "é", "ж", "😀", "’", "\n");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 400 }), (chars) => {
        const text = chars.join("");
        const parts = splitSegments(text);
        const info = countSegments(text);
        expect(parts.join("")).toBe(text);
        expect(parts.length).toBe(info.segments);
        for (const part of parts) {
          const size = countSegments(part).units;
          expect(size).toBeLessThanOrEqual(info.unitsPerSegment);
          expect(part.length === 0 || !/[\uD800-\uDBFF]$/.test(part)).toBe(true);
        }
      }),
    );
  });
});
