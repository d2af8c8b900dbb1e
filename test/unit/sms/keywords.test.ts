import { describe, expect, it } from "vitest";
import { classifyKeyword, DEFAULT_KEYWORDS, matchKeyword, normalizeReply } from "../../../core/sms/keywords.ts";

describe("classifyKeyword", () => {
  it.each([
    ["STOP", "stop", "STOP"],
    ["stop", "stop", "STOP"],
    ["  Stop.  ", "stop", "STOP"],
    ["STOP!!!", "stop", "STOP"],
    ["Stop 🛑", "stop", "STOP"],
    ["\"stop\"", "stop", "STOP"],
    ["Unsubscribe", "stop", "UNSUBSCRIBE"],
    ["stop all", "stop", "STOPALL"],
    ["opt-out", "stop", "OPTOUT"],
    ["Opt Out", "stop", "OPTOUT"],
    ["quit", "stop", "QUIT"],
    ["¡Alto!", "stop", "ALTO"],
    ["parar", "stop", "PARAR"],
    ["start", "start", "START"],
    ["Unstop", "start", "UNSTOP"],
    ["help?", "help", "HELP"],
    ["Info", "help", "INFO"],
    ["¿Ayuda?", "help", "AYUDA"],
  ])("classifies %j as %s", (body, kind, keyword) => {
    expect(classifyKeyword(body)).toEqual({ kind, keyword });
  });

  it.each([
    "YES", // the consent accept keyword, not START
    "Y",
    "please stop texting me",
    "stop it now",
    "don't stop my meds",
    "stopping by tomorrow",
    "HELPFUL",
    "",
    "   ",
    "🛑",
    "s t o p a g a i n",
  ])("does not classify %j", (body) => {
    expect(classifyKeyword(body)).toBeNull();
  });

  it("uses the lists it is given (policy sms.keywords)", () => {
    const lists = { stop: ["ARRET"], start: ["REPRISE"], help: ["AIDE"] };
    expect(classifyKeyword("Arrêt", lists)).toEqual({ kind: "stop", keyword: "ARRET" });
    expect(classifyKeyword("reprise", lists)).toEqual({ kind: "start", keyword: "REPRISE" });
    expect(classifyKeyword("STOP", lists)).toBeNull();
  });

  it("prefers STOP when a word is in two lists", () => {
    expect(classifyKeyword("end", { stop: ["END"], start: ["END"], help: [] })?.kind).toBe("stop");
  });

  it("keeps YES out of the START defaults", () => {
    expect(DEFAULT_KEYWORDS.start).toEqual(["START", "UNSTOP", "COMENZAR"]);
    expect(DEFAULT_KEYWORDS.start).not.toContain("YES");
  });
});

describe("matchKeyword (consent replies use the same rules)", () => {
  it("matches regardless of accents on either side", () => {
    expect(matchKeyword("si", ["YES", "SÍ"])).toBe("SÍ");
    expect(matchKeyword("Sí.", ["YES", "SI"])).toBe("SI");
    expect(matchKeyword("yes please", ["YES"])).toBeNull();
  });
});

describe("normalizeReply", () => {
  it("refuses long replies", () => {
    expect(normalizeReply("a".repeat(41))).toBeNull();
    expect(normalizeReply("x".repeat(10_000))).toBeNull();
  });
});
