import { sha256Hex } from "../audit/record.ts";
import { InputError } from "../errors.ts";
import { normalizeReply } from "../sms/keywords.ts";
import { countSegments, nonGsm7Characters } from "../sms/segments.ts";
import type { ConsentPolicy } from "./policy.ts";

/**
 * The SMS risk warning (policy `sms.consent.warning`), rendered per language and versioned by
 * the SHA-256 of its exact rendered text: changing a word, or the organisation's name, makes a
 * new version, and an acceptance of the old one no longer lets PHI through. The consent ledger
 * keeps the text of every version it sent, so the exact words a patient accepted can be shown
 * from the version alone.
 */

export interface RenderedWarning {
  /** The language actually used (the default language when the asked one has no text). */
  language: string;
  text: string;
  /** SHA-256 (hex) of `text`, UTF-8. */
  version: string;
}

/** Warnings must fit in this many SMS (issue 6: plain language, under 2 segments). */
export const MAX_WARNING_SEGMENTS = 2;

const PLACEHOLDER = /\{([^{}]*)\}/g;

export function warningVersion(text: string): string {
  return sha256Hex(text);
}

/** `{org}` becomes `organization.name`; any other `{...}` is left as is (checkWarnings reports it). */
function fill(template: string, policy: ConsentPolicy): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name === "org" ? policy.organization.name : whole));
}

/** "es", "ES", "es-MX", "es_MX" all mean "es". */
function baseLanguage(language: string): string {
  return language.trim().toLowerCase().split(/[-_]/, 1)[0] ?? "";
}

/**
 * The warning for a patient's language, falling back to `sms.defaultLanguage` when the
 * language is unknown (null) or has no text.
 */
export function renderWarning(policy: ConsentPolicy, language?: string | null): RenderedWarning {
  const texts = policy.sms.consent.warning;
  const wanted = language ? baseLanguage(language) : "";
  const chosen = Object.hasOwn(texts, wanted) ? wanted : policy.sms.defaultLanguage;
  const template = Object.hasOwn(texts, chosen) ? texts[chosen] : undefined;
  if (template === undefined) {
    throw new InputError(`sms.consent.warning: has no text for the default language "${policy.sms.defaultLanguage}"`);
  }
  const text = fill(template, policy);
  return { language: chosen, text, version: warningVersion(text) };
}

/** Every language's warning as the policy renders it now. */
export function currentWarnings(policy: ConsentPolicy): RenderedWarning[] {
  return Object.keys(policy.sms.consent.warning)
    .sort()
    .map((language) => renderWarning(policy, language));
}

/**
 * The versions an acceptance may bind to for PHI to flow (mayReceivePhi): the current text in
 * any language, since the patient may have been warned in a language other than the default.
 */
export function currentWarningVersions(policy: ConsentPolicy): ReadonlySet<string> {
  return new Set(currentWarnings(policy).map((w) => w.version));
}

/** version -> rendered warning, for the current policy (the ledger keeps older versions). */
export function warningCatalog(policy: ConsentPolicy): ReadonlyMap<string, RenderedWarning> {
  return new Map(currentWarnings(policy).map((w) => [w.version, w]));
}

/** One problem with a warning, located by its policy key path. */
export interface WarningProblem {
  path: string;
  message: string;
}

/**
 * Words written in capitals, in canonical form (the folding of reply matching): how a warning
 * shows the patient what to reply ("Reply YES"). Lower-case words do not count, so the "no" of
 * "no están cifrados" or the "y" of "copias y" is not taken for a keyword.
 */
function capitalWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!/\p{Lu}/u.test(token) || token !== token.toUpperCase()) continue;
    const word = normalizeReply(token);
    if (word !== null) out.add(word);
  }
  return out;
}

/**
 * Checks every warning the policy would send (for `wardroom policy check`): the default
 * language has one; each rendered text fits in MAX_WARNING_SEGMENTS SMS; it names at least one
 * accept and one decline keyword in capitals, so the patient knows how to answer; no unknown placeholder.
 * Whether it says the right things (not encrypted, others may read, the carrier keeps copies,
 * a wrong number) is for a person to check: docs/consent.md lists them.
 */
export function checkWarnings(policy: ConsentPolicy): WarningProblem[] {
  const problems: WarningProblem[] = [];
  const texts = policy.sms.consent.warning;
  if (!Object.hasOwn(texts, policy.sms.defaultLanguage)) {
    problems.push({ path: "sms.consent.warning", message: `must have a text for the default language "${policy.sms.defaultLanguage}"` });
  }
  const accept = policy.sms.consent.acceptKeywords.map(normalizeReply);
  const decline = policy.sms.consent.declineKeywords.map(normalizeReply);
  for (const language of Object.keys(texts).sort()) {
    const path = `sms.consent.warning.${language}`;
    const template = texts[language] ?? "";
    const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[0]).filter((p) => p !== "{org}");
    if (unknown.length > 0) {
      problems.push({ path, message: `unknown placeholder ${[...new Set(unknown)].join(", ")} (only {org} is replaced)` });
    }
    const text = fill(template, policy);
    const info = countSegments(text);
    if (info.segments > MAX_WARNING_SEGMENTS) {
      const why =
        info.encoding === "UCS-2"
          ? `UCS-2, 67 characters per part, because of ${nonGsm7Characters(text)
              .slice(0, 8)
              .map((c) => JSON.stringify(c))
              .join(" ")}`
          : `GSM-7, ${info.units} characters`;
      problems.push({ path, message: `renders to ${info.segments} SMS segments (${why}); must fit in ${MAX_WARNING_SEGMENTS}` });
    }
    const present = capitalWords(text);
    if (!accept.some((k) => k !== null && present.has(k))) {
      problems.push({ path, message: `must tell the patient how to accept: name one of sms.consent.acceptKeywords in capitals (${policy.sms.consent.acceptKeywords.join(", ")})` });
    }
    if (!decline.some((k) => k !== null && present.has(k))) {
      problems.push({ path, message: `must tell the patient how to decline: name one of sms.consent.declineKeywords in capitals (${policy.sms.consent.declineKeywords.join(", ")})` });
    }
  }
  return problems;
}
