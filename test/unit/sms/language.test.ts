import { describe, expect, it } from "vitest";
import { classifyReply, replyKeywords } from "../../../core/consent/index.ts";
import { parsePolicy } from "../../../core/policy/index.ts";
import { chooseLanguage, detectLanguage, languageKeyword } from "../../../core/sms/language.ts";
import { checkPatientTexts, patientText, switchKeywords } from "../../../core/sms/patientTexts.ts";
import { classifyKeyword } from "../../../core/sms/keywords.ts";
import { policy } from "../consent/events.ts";
import { readFileSync } from "node:fs";
import { defaultPolicyPath } from "../../../runtime/paths.ts";

const LANGS = ["en", "es"];

describe("detectLanguage on SMS-sized texts", () => {
  // The corpus docs/sms-language.md compares the libraries on: 1 to 8 words, as patients text.
  it.each([
    ["hola", "es"], ["Hola!", "es"], ["gracias", "es"], ["buenos dias", "es"], ["buenas tardes", "es"], ["si", "es"], ["Sí", "es"],
    ["necesito una cita", "es"], ["quiero cambiar mi cita", "es"], ["cuando es mi cita?", "es"], ["¿Cuándo es mi cita?", "es"],
    ["tengo dolor de cabeza", "es"], ["mi hijo esta enfermo", "es"], ["llamame por favor", "es"], ["no puedo ir mañana", "es"],
    ["me duele el estomago", "es"], ["Hola, soy Maria, necesito mis resultados", "es"], ["ayuda", "es"], ["de acuerdo", "es"],
    ["mañana", "es"], ["pero", "es"], ["vale", "es"], ["perfecto", "es"],
    ["hi", "en"], ["hello", "en"], ["yes", "en"], ["thanks", "en"], ["thank you", "en"], ["good morning", "en"],
    ["I need an appointment", "en"], ["can I reschedule", "en"], ["when is my appointment?", "en"], ["I have a headache", "en"],
    ["my son is sick", "en"], ["call me please", "en"], ["I can't come tomorrow", "en"], ["Hi this is John, I need my results", "en"],
    ["help", "en"], ["sure", "en"], ["sounds good", "en"], ["refill please", "en"], ["tomorrow", "en"], ["perfect", "en"],
  ])("%j is %s", (text, language) => {
    expect(detectLanguage(text, LANGS).language).toBe(language);
  });

  it.each(["no", "ok", "OK!", "123", "👍", "", "   ", "no no"])("%j says nothing clear: unsure", (text) => {
    expect(detectLanguage(text, LANGS).language).toBeNull();
  });

  it("folds case, accents, full-width letters and invisible characters", () => {
    expect(detectLanguage("ＨＯＬＡ", LANGS).language).toBe("es");
    expect(detectLanguage("gra\u200Bcias", LANGS).language).toBe("es");
    expect(detectLanguage("THAN\u2060KS", LANGS).language).toBe("en");
  });

  it("does not decide a mixed text with no clear majority", () => {
    // One word of each: neither scores twice the other.
    expect(detectLanguage("hola thanks", LANGS).language).toBeNull();
  });

  it("only answers with a candidate language", () => {
    expect(detectLanguage("gracias", ["en"]).language).toBeNull();
    expect(detectLanguage("gracias", ["en", "fr"]).language).toBeNull();
  });

  it("handles a carrier-sized flood of text without giving up", () => {
    expect(detectLanguage("necesito una cita ".repeat(500), LANGS).language).toBe("es");
  });
});

describe("chooseLanguage", () => {
  const base = { defaultLanguage: "en", switchKeywords: switchKeywords(policy) };

  it("a first text sets the language, or the default when unsure", () => {
    expect(chooseLanguage({ ...base, current: null, body: "hola, necesito una cita" })).toEqual({ language: "es", changed: false, byKeyword: false });
    expect(chooseLanguage({ ...base, current: null, body: "ok" })).toEqual({ language: "en", changed: false, byKeyword: false });
    expect(chooseLanguage({ ...base, current: null, body: "yes" })).toEqual({ language: "en", changed: false, byKeyword: false });
  });

  it("a later text in the other language switches; an unsure one keeps the language", () => {
    expect(chooseLanguage({ ...base, current: "en", body: "si" })).toEqual({ language: "es", changed: true, byKeyword: false });
    expect(chooseLanguage({ ...base, current: "es", body: "thank you" })).toEqual({ language: "en", changed: true, byKeyword: false });
    expect(chooseLanguage({ ...base, current: "es", body: "no" })).toEqual({ language: "es", changed: false, byKeyword: false });
    expect(chooseLanguage({ ...base, current: "es", body: "ok" })).toEqual({ language: "es", changed: false, byKeyword: false });
  });

  it("a language keyword switches whatever the case, accents or punctuation", () => {
    for (const body of ["ESPAÑOL", "español", "Espanol!", " ＥＳＰＡＮＯＬ ", "Spanish", "ESPA\u200BÑOL"]) {
      expect(chooseLanguage({ ...base, current: "en", body }), body).toEqual({ language: "es", changed: true, byKeyword: true });
    }
    expect(chooseLanguage({ ...base, current: "es", body: "English" })).toEqual({ language: "en", changed: true, byKeyword: true });
    expect(chooseLanguage({ ...base, current: "es", body: "inglés" })).toEqual({ language: "en", changed: true, byKeyword: true });
    // Asking for the language one already has is still answered.
    expect(chooseLanguage({ ...base, current: "es", body: "ESPAÑOL" })).toEqual({ language: "es", changed: false, byKeyword: true });
  });

  it("a sentence that mentions a language is not a keyword", () => {
    expect(languageKeyword("do you speak spanish", switchKeywords(policy))).toBeNull();
  });

  it("a stored language the policy no longer has is replaced like a first text", () => {
    expect(chooseLanguage({ ...base, current: "fr", body: "gracias" })).toEqual({ language: "es", changed: false, byKeyword: false });
  });
});

describe("Spanish keywords", () => {
  it.each([
    ["ALTO", "stop"], ["¡alto!", "stop"], ["Parar", "stop"], ["cancelar", "stop"], ["ＡＬＴＯ", "stop"], ["al\u200Dto", "stop"],
    ["COMENZAR", "start"], ["comenzar.", "start"], ["AYUDA", "help"], ["¿ayuda?", "help"],
  ])("%j is %s", (body, kind) => {
    expect(classifyKeyword(body, policy.sms.keywords)?.kind).toBe(kind);
  });

  it.each(["SI", "sí", "Sí.", "SÍ!", "¡Si!", "s\u0069\u0301", "ＳＩ"])("%j accepts the warning", (body) => {
    expect(classifyReply(body, "warned", replyKeywords(policy))).toEqual({ kind: "accept", keyword: "SI" });
  });

  it("NO declines in either language", () => {
    expect(classifyReply("no.", "warned", replyKeywords(policy))).toEqual({ kind: "decline", keyword: "NO" });
  });
});

describe("patient texts from the policy", () => {
  it("answers in the patient's language, the default for one without texts", () => {
    expect(patientText(policy, "accepted", "es").text).toMatch(/^Example Health: gracias/);
    expect(patientText(policy, "optedOut", "es").text).toMatch(/COMENZAR/);
    expect(patientText(policy, "help", "es").text).toMatch(/ayuda/);
    expect(patientText(policy, "accepted", "fr")).toMatchObject({ language: "en", text: expect.stringMatching(/thank you/) });
  });

  it("the shipped confirmations fit in two SMS", () => {
    expect(checkPatientTexts(policy)).toEqual([]);
  });

  it("refuses a confirmation that is too long or has an unknown placeholder, naming its path", () => {
    const long = { ...policy, sms: { ...policy.sms, languages: { ...policy.sms.languages, es: { ...policy.sms.languages.es!, confirmations: { ...policy.sms.languages.es!.confirmations, accepted: "{org} {name}: información ".repeat(12) } } } } };
    const problems = checkPatientTexts(long);
    expect(problems.map((p) => p.path)).toEqual(["sms.languages.es.confirmations.accepted", "sms.languages.es.confirmations.accepted"]);
    expect(problems[0]!.message).toMatch(/unknown placeholder \{name\}/);
    expect(problems[1]!.message).toMatch(/SMS segments \(UCS-2\); must fit in 2/);
  });

  it("the policy needs an entry under sms.languages for every warning language, and unique switch keywords", () => {
    const shipped = readFileSync(defaultPolicyPath, "utf8");
    const withoutEs = shipped.replace(/\n {4}es:\n {6}# Replies that switch[\s\S]*?(?=\n {2}# Quiet hours)/, "");
    const res = parsePolicy(withoutEs);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.problems).toContainEqual(expect.objectContaining({ path: "sms.languages", message: expect.stringMatching(/"es"/) }));
    const clash = parsePolicy(shipped.replace("switchKeywords: [ESPANOL, SPANISH]", "switchKeywords: [ESPANOL, SPANISH, ALTO]"));
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.problems.map((p) => p.message).join("\n")).toMatch(/keyword "ALTO" is also in/);
  });
});
