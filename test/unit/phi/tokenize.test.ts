import { describe, expect, it } from "vitest";
import { tokenize } from "../../../core/phi/tokenize.ts";

describe("tokenize", () => {
  it("keeps UTF-16 offsets into the original text", () => {
    const text = "Hola 👋 José, ¿cómo está?";
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end).length).toBe(t.end - t.start);
    expect(tokenize(text).map((t) => t.key)).toEqual(["hola", "jose", "como", "esta"]);
  });

  it("folds case, accents, fullwidth digits and look-alike letters", () => {
    expect(tokenize("ＤＯＢ １２３ Ρresión").map((t) => t.key)).toEqual(["dob", "123", "presion"]);
  });

  it("reads through zero-width characters and soft hyphens", () => {
    const [t] = tokenize("dia\u200bbe\u00adtes");
    expect(t?.key).toBe("diabetes");
  });

  it("strips a possessive and apostrophes from the lookup key", () => {
    const [a, b] = tokenize("Maria's O'Brien");
    expect([a?.key, a?.possessive, b?.key]).toEqual(["maria", true, "obrien"]);
  });

  it("marks the first token of each sentence, but not after Dr.", () => {
    const toks = tokenize("Hi. Dr. Lee is here\nthanks");
    expect(toks.map((t) => t.sentStart)).toEqual([true, true, false, false, false, true]);
  });
});
