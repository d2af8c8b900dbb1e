import type { Policy } from "../policy/schema.ts";
import { countSegments } from "./segments.ts";

/**
 * The fixed texts the practice sends a patient besides the risk warning (policy
 * `sms.languages.<code>.confirmations` and `sms.helpReply`), in the patient's language. None
 * holds PHI: they are the same for every patient. `{org}` becomes `organization.name`.
 */
export type PatientTextKind = "accepted" | "declined" | "optedOut" | "optedIn" | "languageChanged" | "mediaWithheld" | "help";

export type PatientTextPolicy = {
  organization: Pick<Policy["organization"], "name">;
  sms: Pick<Policy["sms"], "defaultLanguage" | "languages" | "helpReply">;
};

/** The language used: the patient's when the policy has texts for it, else the default. */
export function textLanguage(policy: PatientTextPolicy, language: string | null | undefined): string {
  return language && Object.hasOwn(policy.sms.languages, language) ? language : policy.sms.defaultLanguage;
}

export function patientText(policy: PatientTextPolicy, kind: PatientTextKind, language: string | null | undefined): { language: string; text: string } {
  const chosen = textLanguage(policy, language);
  const template =
    kind === "help"
      ? (policy.sms.helpReply[chosen] ?? policy.sms.helpReply[policy.sms.defaultLanguage])
      : (policy.sms.languages[chosen] ?? policy.sms.languages[policy.sms.defaultLanguage])?.confirmations[kind];
  // The policy schema requires every language's texts, so this is a broken policy object.
  if (template === undefined) throw new Error(`policy has no ${kind} text for "${chosen}"`);
  return { language: chosen, text: template.replaceAll("{org}", policy.organization.name) };
}

/** language -> its switch keywords, for core/sms/language.ts languageKeyword(). */
export function switchKeywords(policy: Pick<PatientTextPolicy, "sms">): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(policy.sms.languages).map(([l, v]) => [l, v.switchKeywords]));
}

/** Confirmations must fit in this many SMS: they are courtesy texts, not letters. */
export const MAX_CONFIRMATION_SEGMENTS = 2;

/**
 * Checks every confirmation the policy would send (for `wardroom policy check`): each fits in
 * MAX_CONFIRMATION_SEGMENTS SMS once `{org}` is filled in, and has no other placeholder.
 * Problems are located by their key path (`sms.languages.es.confirmations.accepted`).
 */
export function checkPatientTexts(policy: PatientTextPolicy): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const [language, entry] of Object.entries(policy.sms.languages).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [kind, template] of Object.entries(entry.confirmations)) {
      const path = `sms.languages.${language}.confirmations.${kind}`;
      const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[0]).filter((p) => p !== "{org}");
      if (unknown.length > 0) problems.push({ path, message: `unknown placeholder ${[...new Set(unknown)].join(", ")} (only {org} is replaced)` });
      const info = countSegments(template.replaceAll("{org}", policy.organization.name));
      if (info.segments > MAX_CONFIRMATION_SEGMENTS) {
        problems.push({ path, message: `renders to ${info.segments} SMS segments (${info.encoding}); must fit in ${MAX_CONFIRMATION_SEGMENTS}` });
      }
    }
  }
  return problems;
}
