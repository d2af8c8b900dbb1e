import { COMMON_ENGLISH, COMMON_ENGLISH_MORE, IRREGULAR_ENGLISH } from "../phi/vocab/commonEnglish.ts";
import { COMMON_SPANISH, COMMON_SPANISH_MORE, IRREGULAR_SPANISH } from "../phi/vocab/commonSpanish.ts";
import { normalizeReply } from "./keywords.ts";

/**
 * Which language a patient's SMS is written in, for the texts the practice sends back (the
 * risk warning, HELP, confirmations). A patient's texts are short: "hola", "yes", "si",
 * "necesito una cita". Statistical detectors are built for sentences; on one to five words
 * they guess or give up (docs/sms-language.md has the comparison: eld, tinyld and franc-min
 * each misread greetings such as "hello" or "hola", or called "no" Spanish). So this is a
 * word scorer over the frequent-word vocabularies the PHI detector already keeps
 * (core/phi/vocab/common*.ts, thousands of everyday and clinic-logistics words per language):
 *
 * - a word counts for a language when it is in that language's vocabulary and in no other's
 *   ("no", "me", "a", "es" are in both and count for nothing);
 * - Spanish spelling (ñ, ¿, ¡, an accented vowel) counts once for Spanish;
 * - a language wins when it scores at least 1 and at least twice any other; otherwise the
 *   answer is "unsure" (null) and the caller keeps what it had (the policy's default language
 *   for a first text, the patient's current language afterwards).
 *
 * Only languages with a vocabulary here (English, Spanish) can be detected; a policy may add
 * warnings in other languages, which patients then reach with a language keyword.
 */

export interface LanguageGuess {
  /** The language found, or null when the text does not say clearly. */
  language: string | null;
  /** Points per language (exclusive words, plus spelling), for tests and docs. */
  scores: Readonly<Record<string, number>>;
}

/** Case, accents, compatibility forms (full-width letters) and invisible characters folded away. */
function foldWord(word: string): string {
  return word
    .normalize("NFKD")
    .replace(/\p{M}|\p{Default_Ignorable_Code_Point}/gu, "")
    .toLowerCase();
}

function words(text: string): string[] {
  return foldWord(text)
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 0);
}

function vocabulary(...lists: string[]): Set<string> {
  const out = new Set<string>();
  for (const list of lists) for (const w of words(list)) out.add(w);
  return out;
}

const VOCABULARIES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const all = new Map<string, Set<string>>([
    ["en", vocabulary(COMMON_ENGLISH, COMMON_ENGLISH_MORE, IRREGULAR_ENGLISH)],
    ["es", vocabulary(COMMON_SPANISH, COMMON_SPANISH_MORE, IRREGULAR_SPANISH)],
  ]);
  // Keep only what tells the languages apart.
  const exclusive = new Map<string, Set<string>>();
  for (const [language, set] of all) {
    const others = [...all].filter(([l]) => l !== language).map(([, s]) => s);
    exclusive.set(language, new Set([...set].filter((w) => !others.some((o) => o.has(w)))));
  }
  return exclusive;
})();

/** Letters and marks English does not use: Spanish spelling. */
const SPANISH_SPELLING = /[ñ¿¡áéíóúü]/iu;

/** Languages this module can tell apart. */
export const DETECTABLE_LANGUAGES: readonly string[] = [...VOCABULARIES.keys()];

/**
 * Scores `text` for the `candidates` (the languages the policy has texts for); languages
 * without a vocabulary score 0. Pure and fast: a hash probe per word.
 */
export function detectLanguage(text: string, candidates: readonly string[]): LanguageGuess {
  const scores: Record<string, number> = {};
  for (const c of candidates) scores[c] = 0;
  // A text longer than a carrier delivers is not a patient's SMS; its first part says enough.
  const sample = text.slice(0, 1600);
  for (const w of words(sample)) {
    for (const c of candidates) if (VOCABULARIES.get(c)?.has(w)) scores[c]! += 1;
  }
  if (Object.hasOwn(scores, "es") && SPANISH_SPELLING.test(sample.normalize("NFC"))) scores.es! += 1;
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  const language = top !== undefined && top[1] >= 1 && top[1] >= 2 * (second?.[1] ?? 0) ? top[0] : null;
  return { language, scores };
}

/**
 * The language a reply asks for by keyword ("ESPAÑOL", "english", "Inglés"), from the
 * policy's `sms.languages.<code>.switchKeywords`; matched like carrier keywords (whole reply,
 * case, accents and punctuation around it ignored). Null when the reply is not one.
 */
export function languageKeyword(body: string, switchKeywords: Readonly<Record<string, readonly string[]>>): string | null {
  const reply = normalizeReply(body);
  if (reply === null) return null;
  for (const [language, keywords] of Object.entries(switchKeywords)) {
    if (keywords.some((k) => normalizeReply(k) === reply)) return language;
  }
  return null;
}

export interface LanguageChoice {
  /** The language to answer this text in, and to keep for the patient. */
  language: string;
  /** It differs from the patient's stored language (always false for a first text). */
  changed: boolean;
  /** The text is a language keyword: it asks for the switch and is answered with a confirmation. */
  byKeyword: boolean;
}

/**
 * The patient's language after this text. A first text (`current` null) sets it: detected,
 * or `defaultLanguage` when unsure ("ok", "no", a number). Afterwards a language keyword
 * switches, and so does a text that is clearly in another of the policy's languages ("hola"
 * after an English warning); an unsure text keeps the current language.
 */
export function chooseLanguage(input: {
  current: string | null;
  body: string;
  defaultLanguage: string;
  /** language -> its switch keywords (policy sms.languages); its keys are the candidates. */
  switchKeywords: Readonly<Record<string, readonly string[]>>;
}): LanguageChoice {
  const candidates = Object.keys(input.switchKeywords);
  const keep = input.current !== null && candidates.includes(input.current) ? input.current : null;
  const asked = languageKeyword(input.body, input.switchKeywords);
  if (asked !== null) return { language: asked, changed: keep !== null && asked !== keep, byKeyword: true };
  const found = detectLanguage(input.body, candidates).language;
  if (keep === null) return { language: found ?? input.defaultLanguage, changed: false, byKeyword: false };
  return found !== null && found !== keep ? { language: found, changed: true, byKeyword: false } : { language: keep, changed: false, byKeyword: false };
}
