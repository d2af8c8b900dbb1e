import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkWarnings, currentWarnings, currentWarningVersions, renderWarning, warningCatalog, type ConsentPolicy } from "../../../core/consent/index.ts";
import { InputError } from "../../../core/errors.ts";
import { countSegments } from "../../../core/sms/index.ts";
import { policy } from "./events.ts";

const sha256 = (text: string): string => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");

/** A consent-only policy with the given warnings (English default). */
function withWarnings(warning: Record<string, string>, org = "Example Health"): ConsentPolicy {
  return { organization: { name: org }, sms: { ...policy.sms, defaultLanguage: "en", consent: { ...policy.sms.consent, warning } } };
}

// An accent-free Spanish text fits the GSM 7-bit alphabet and so two SMS.
const SPANISH_GSM =
  "{org}: los textos no estan cifrados. Otros con su telefono pueden leerlos, su operador guarda copias y un numero equivocado llega a otra persona. Responda SI para recibir informacion de salud por texto, o NO para solo llamadas.";

describe("warning templates", () => {
  it("renders the policy's English text with the organisation's name, versioned by the SHA-256 of the exact text", () => {
    const w = renderWarning(policy, "en");
    expect(w.language).toBe("en");
    expect(w.text.startsWith("Example Health: texts are not encrypted.")).toBe(true);
    expect(w.text).not.toContain("{org}");
    expect(w.version).toBe(sha256(w.text));
    expect(w.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it("renders Spanish for a Spanish-speaking patient (es, ES, es-MX)", () => {
    const es = renderWarning(policy, "es");
    expect(es.language).toBe("es");
    expect(es.text).toMatch(/^Example Health: los textos no estan cifrados\..*Responda SI .* o NO para solo llamadas\.$/);
    expect(renderWarning(policy, "es-MX")).toEqual(es);
    expect(renderWarning(policy, "ES")).toEqual(es);
    expect(es.version).not.toBe(renderWarning(policy, "en").version);
  });

  it("falls back to the default language for an unknown or missing language", () => {
    const en = renderWarning(policy, "en");
    expect(renderWarning(policy, "fr")).toEqual(en);
    expect(renderWarning(policy, null)).toEqual(en);
    expect(renderWarning(policy)).toEqual(en);
    expect(() => renderWarning(withWarnings({ es: SPANISH_GSM }), "fr")).toThrow(InputError);
  });

  it("changes version when one character or the organisation's name changes", () => {
    const base = renderWarning(withWarnings({ en: "{org}: texts are not encrypted. Reply YES or NO." }));
    expect(renderWarning(withWarnings({ en: "{org}: texts are not encrypted. Reply YES or NO!" })).version).not.toBe(base.version);
    expect(renderWarning(withWarnings({ en: "{org}: texts are not encrypted. Reply YES or NO." }, "Other Clinic")).version).not.toBe(base.version);
    expect(renderWarning(withWarnings({ en: "{org}: texts are not encrypted. Reply YES or NO." })).version).toBe(base.version);
  });

  it("recovers the exact text from its version", () => {
    const catalog = warningCatalog(policy);
    const all = currentWarnings(policy);
    expect(all.map((w) => w.language)).toEqual(["en", "es"]);
    for (const w of all) expect(catalog.get(w.version)).toEqual(w);
    expect(currentWarningVersions(policy)).toEqual(new Set(all.map((w) => w.version)));
  });
});

describe("checkWarnings", () => {
  it("accepts warnings of at most two SMS that name an accept and a decline keyword", () => {
    const p = withWarnings({ en: policy.sms.consent.warning.en!, es: SPANISH_GSM });
    expect(checkWarnings(p)).toEqual([]);
    expect(countSegments(renderWarning(p, "es").text)).toMatchObject({ encoding: "GSM-7", segments: 2 });
  });

  it("passes the shipped warnings, and reports an accented Spanish text that needs 4 SMS", () => {
    expect(checkWarnings(policy)).toEqual([]);
    const accented = policy.sms.consent.warning.es!.replace("no estan cifrados", "no están cifrados").replace("su telefono", "su teléfono").replace("numero", "número").replace("informacion", "información");
    const problems = checkWarnings(withWarnings({ en: policy.sms.consent.warning.en!, es: accented }));
    expect(problems).toEqual([
      { path: "sms.consent.warning.es", message: expect.stringMatching(/^renders to 4 SMS segments \(UCS-2, 67 characters per part, because of "á".*\); must fit in 2$/) },
    ]);
  });

  it("counts the organisation's name in the length", () => {
    const text = `{org}: ${"x".repeat(270)} Reply YES or NO.`;
    expect(checkWarnings(withWarnings({ en: text }, "Short"))).toEqual([]);
    expect(checkWarnings(withWarnings({ en: text }, "A Much Longer Organisation Name"))).toEqual([
      { path: "sms.consent.warning.en", message: expect.stringMatching(/^renders to 3 SMS segments \(GSM-7, \d+ characters\); must fit in 2$/) },
    ]);
  });

  it("requires a keyword to accept and one to decline, written in capitals", () => {
    expect(checkWarnings(withWarnings({ en: "{org}: texts are not encrypted. Reply NO for calls only." }))).toEqual([
      { path: "sms.consent.warning.en", message: expect.stringMatching(/^must tell the patient how to accept: name one of sms.consent.acceptKeywords in capitals \(YES, Y, SI, SÍ, ACCEPT\)$/) },
    ]);
    // "no" in a sentence is not an instruction to reply NO.
    expect(checkWarnings(withWarnings({ en: "{org}: texts are no secret. Reply YES to accept." }))).toEqual([
      { path: "sms.consent.warning.en", message: expect.stringMatching(/^must tell the patient how to decline/) },
    ]);
    // Accents and punctuation around a keyword do not matter: "SÍ," is SI.
    expect(checkWarnings(withWarnings({ en: "{org}: texts are not encrypted. Reply SÍ, or NO." }))).toEqual([]);
  });

  it("reports unknown placeholders and a missing default language", () => {
    expect(checkWarnings(withWarnings({ en: "{org}: texts are not encrypted, {name}. Reply YES or NO {name}." }))).toEqual([
      { path: "sms.consent.warning.en", message: "unknown placeholder {name} (only {org} is replaced)" },
    ]);
    expect(checkWarnings(withWarnings({ es: SPANISH_GSM }))).toEqual([{ path: "sms.consent.warning", message: 'must have a text for the default language "en"' }]);
  });
});
