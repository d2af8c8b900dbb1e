/**
 * Builds the lookup structures from the vocabulary lists in vocab/ once, at module load:
 * sets of folded keys, phrase tables keyed by their first word, and the fuzzy indexes (built on
 * first use). Keys use the same folding as tokens (tokenize.ts), so a lookup is a hash probe.
 */
import { tokenize } from "./tokenize.ts";
import { FuzzyIndex } from "./fuzzy.ts";
import { ASCII_WORD, WHITESPACE_RUN } from "./patterns.ts";
import { COMMON_ENGLISH, COMMON_ENGLISH_MORE, IRREGULAR_ENGLISH } from "./vocab/commonEnglish.ts";
import { COMMON_SPANISH, COMMON_SPANISH_MORE, IRREGULAR_SPANISH } from "./vocab/commonSpanish.ts";
import { FIRST_NAMES, NICKNAMES } from "./vocab/firstNames.ts";
import { SURNAMES } from "./vocab/surnames.ts";
import { PEOPLE_NAMES } from "./vocab/generated/peopleNames.ts";
import { GENERATED_CITIES } from "./vocab/generated/cities.ts";
import { MEDICATIONS } from "./vocab/medications.ts";
import {
  CARE_STATUS, CONDITIONS, DEVICES, LABS_VITALS, MEDICATION_WORDS, MENTAL_HEALTH, PREGNANCY, PROCEDURES, RESULT_WORDS,
  SPECIALTIES, SUBSTANCE_USE, SYMPTOMS, VALUE_WORDS, WEAK_HEALTH,
} from "./vocab/health.ts";
import {
  CARE_STATUS_MORE, FINDINGS_MORE, MEDICATIONS_MORE, MENTAL_MORE, PREGNANCY_MORE, PROCEDURES_MORE, SLANG_MORE, SUBSTANCE_MORE,
  SYMPTOMS_MORE, WEAK_MORE,
} from "./vocab/healthMore.ts";
import { ABBREV_ALWAYS, ABBREV_CAPS, ABBREV_CONTEXT_ANYCASE, ABBREV_CORROBORATE, ABBREV_SLASH } from "./vocab/abbreviations.ts";
import {
  FACILITY_NAMES, FACILITY_NOUNS, LATIN_AMERICAN_CITIES, STATE_CODES, STREET_PREFIXES_ES, STREET_SUFFIXES,
  UNIT_WORDS, US_CITIES, US_STATES,
} from "./vocab/places.ts";
import { MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS } from "./vocab/lexicon.ts";

/** Splits a vocabulary list: on "|" when the list has phrases, otherwise on whitespace. */
export function parseList(src: string): string[] {
  const parts = src.includes("|") ? src.split("|") : src.split(WHITESPACE_RUN);
  const out: string[] = [];
  for (const p of parts) {
    const t = p.trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

/** Folded lookup keys of a vocabulary entry, and whether each gap must be a slash. */
function entryKeys(entry: string): { keys: string[]; slashes: boolean[] } {
  const toks = tokenize(entry);
  return {
    keys: toks.map((t) => t.key),
    slashes: toks.slice(1).map((t) => t.gap.includes("/")),
  };
}

function keySet(...lists: string[]): Set<string> {
  const s = new Set<string>();
  for (const list of lists) for (const e of parseList(list)) for (const k of entryKeys(e).keys) s.add(k);
  return s;
}

// ---------------------------------------------------------------- common words and stemming

const SPANISH_ENDINGS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  ar: ["o", "as", "a", "amos", "an", "e", "es", "en", "emos", "ado", "ada", "ados", "adas", "ando", "aba", "abas", "aban", "abamos", "aste", "aron", "are", "ara", "aran", "aria", "arian", "ame", "ale", "eme", "enos", "elo", "ela", "arle", "arme", "arte", "arlo", "arla", "arnos"],
  er: ["o", "es", "e", "emos", "en", "a", "as", "an", "amos", "ido", "ida", "idos", "iendo", "ia", "ias", "ian", "i", "io", "ieron", "ere", "era", "eran", "eria", "erian", "eme", "ele", "erle", "erme", "erlo", "erla"],
  ir: ["o", "es", "e", "imos", "en", "a", "as", "an", "amos", "ido", "ida", "idos", "iendo", "ia", "ias", "ian", "i", "io", "ieron", "ire", "ira", "iran", "iria", "irle", "irme", "irlo", "irla"],
}));

function spanishForms(words: Set<string>): void {
  for (const w of [...words]) {
    if (w.length < 4) continue;
    const ending = w.slice(-2);
    const forms = SPANISH_ENDINGS.get(ending);
    if (forms === undefined) continue;
    const stem = w.slice(0, -2);
    for (const f of forms) words.add(stem + f);
  }
}

const COMMON = keySet(COMMON_ENGLISH, COMMON_ENGLISH_MORE, IRREGULAR_ENGLISH);
const COMMON_ES = keySet(COMMON_SPANISH, COMMON_SPANISH_MORE, IRREGULAR_SPANISH);
spanishForms(COMMON_ES);
for (const w of COMMON_ES) COMMON.add(w);
for (const m of MONTHS.keys()) COMMON.add(m);
for (const d of WEEKDAYS) COMMON.add(d);
for (const n of NUMBER_WORDS.keys()) COMMON.add(n);
for (const n of ORDINAL_WORDS.keys()) COMMON.add(n);

/** Spanish function words, to tell a Spanish message ("mi hija") from an English one. */
export const SPANISH_MARKERS = new Set([
  "el", "la", "los", "las", "de", "del", "que", "y", "en", "por", "para", "con", "su", "sus", "mi", "mis", "es", "esta",
  "estoy", "una", "un", "al", "lo", "le", "se", "no", "si", "muy", "pero", "como", "tengo", "tiene", "hola", "gracias",
  "usted", "ustedes", "cita", "manana", "hoy", "favor", "bien", "nos", "ya", "porque", "cuando", "donde", "hija", "hijo",
]);

/** Candidate base forms of an inflected word ("pains" -> "pain", "coughing" -> "cough"). */
export function stems(key: string): string[] {
  return inflectionStems(key, true);
}

/**
 * Base forms by inflection only (-s, -es, -ing, -ed); with `derived`, also -ly, -er, -est,
 * -mente and diminutives, which suit ordinary words but not health terms ("number" is not "numb").
 */
export function inflectionStems(key: string, derived: boolean): string[] {
  const out: string[] = [];
  const n = key.length;
  if (n < 4) return out;
  if (key.endsWith("ies") && n > 4) out.push(key.slice(0, -3) + "y");
  if (key.endsWith("es") && n > 4) out.push(key.slice(0, -2));
  if (key.endsWith("s") && !key.endsWith("ss")) out.push(key.slice(0, -1));
  if (key.endsWith("ing") && n > 4) {
    const b = key.slice(0, -3);
    out.push(b, b + "e");
    if (b.length > 2 && b[b.length - 1] === b[b.length - 2]) out.push(b.slice(0, -1));
  }
  if (key.endsWith("ed") && n > 4) {
    const b = key.slice(0, -2);
    out.push(b, key.slice(0, -1));
    if (key.endsWith("ied")) out.push(key.slice(0, -3) + "y");
    if (b.length > 2 && b[b.length - 1] === b[b.length - 2]) out.push(b.slice(0, -1));
  }
  if (!derived) return out;
  if (key.endsWith("ly") && n > 4) out.push(key.slice(0, -2));
  if (key.endsWith("er") && n > 4) out.push(key.slice(0, -2), key.slice(0, -1));
  if (key.endsWith("est") && n > 5) out.push(key.slice(0, -3));
  if (key.endsWith("mente") && n > 7) out.push(key.slice(0, -5));
  if (key.endsWith("ito") || key.endsWith("ita")) out.push(key.slice(0, -3) + key.slice(-1));
  return out;
}

export function isCommonExact(key: string): boolean {
  return COMMON.has(key);
}

/** An ordinary English or Spanish word, inflections included. */
export function isCommonWord(key: string): boolean {
  if (COMMON.has(key)) return true;
  for (const s of stems(key)) {
    if (COMMON.has(s)) return true;
    // "interpreters" -> "interpreter" -> "interpret"
    for (const s2 of stems(s)) if (COMMON.has(s2)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- names

const FIRST = keySet(FIRST_NAMES, NICKNAMES);
/** Surnames, and the generated people names (given or family: that list does not say which). */
const SURNAME = keySet(SURNAMES, PEOPLE_NAMES);
/** Names known only from the generated list: they count as names in a name position, like "Will". */
const HAND_SURNAMES = keySet(SURNAMES);
const GENERATED_ONLY_NAMES = new Set([...keySet(PEOPLE_NAMES)].filter((k) => !FIRST.has(k) && !HAND_SURNAMES.has(k)));

export function isFirstName(key: string): boolean {
  return FIRST.has(key);
}

/** A name only the generated list knows (a weaker gazetteer: no hand-checked entry). */
export function isGeneratedName(key: string): boolean {
  return GENERATED_ONLY_NAMES.has(key);
}

export function isSurname(key: string): boolean {
  return SURNAME.has(key);
}

// ---------------------------------------------------------------- health

export interface Phrase {
  readonly keys: readonly string[];
  readonly slashes: readonly boolean[];
  readonly sub: string;
  readonly weak: boolean;
}

/** Single words: key -> subcategory (and whether it is weak). */
const HEALTH_WORDS = new Map<string, { sub: string; weak: boolean }>();
/** Multi-word phrases by first key, longest first. */
const HEALTH_PHRASES = new Map<string, Phrase[]>();

function addHealth(list: string, sub: string, weak = false): void {
  for (const entry of parseList(list)) {
    const { keys, slashes } = entryKeys(entry);
    if (keys.length === 0) continue;
    if (keys.length === 1) {
      const k = keys[0] as string;
      const existing = HEALTH_WORDS.get(k);
      // A strong meaning wins over a weak one ("back" stays weak, "pain" strong).
      if (existing === undefined || (existing.weak && !weak)) HEALTH_WORDS.set(k, { sub, weak });
      continue;
    }
    const first = keys[0] as string;
    const list2 = HEALTH_PHRASES.get(first) ?? [];
    list2.push({ keys, slashes, sub, weak });
    HEALTH_PHRASES.set(first, list2);
  }
}

addHealth(CONDITIONS, "condition");
addHealth(SYMPTOMS, "symptom");
addHealth(MENTAL_HEALTH, "mental-health");
addHealth(SUBSTANCE_USE, "substance-use");
addHealth(PREGNANCY, "pregnancy");
addHealth(PROCEDURES, "procedure");
addHealth(LABS_VITALS, "lab-vital");
addHealth(SPECIALTIES, "care-setting");
addHealth(DEVICES, "device");
addHealth(CARE_STATUS, "care-status");
addHealth(MEDICATIONS, "medication");
addHealth(MEDICATION_WORDS, "medication");
addHealth(ABBREV_ALWAYS, "abbreviation");
addHealth(ABBREV_SLASH, "abbreviation");
addHealth(PROCEDURES_MORE, "procedure");
addHealth(MEDICATIONS_MORE, "medication");
addHealth(SYMPTOMS_MORE, "symptom");
addHealth(FINDINGS_MORE, "result");
addHealth(CARE_STATUS_MORE, "care-status");
addHealth(SUBSTANCE_MORE, "substance-use");
addHealth(SLANG_MORE, "condition");
addHealth(MENTAL_MORE, "mental-health");
addHealth(PREGNANCY_MORE, "pregnancy");
addHealth(WEAK_HEALTH, "health", true);
addHealth(WEAK_MORE, "health", true);
for (const list of HEALTH_PHRASES.values()) list.sort((a, b) => b.keys.length - a.keys.length);

export const ABBREV_CAPS_SET = keySet(ABBREV_CAPS);
/** Readings that count with a value or an owner ("sugar 287", "my sugar"). */
export const VALUE_WORD_SET = keySet(VALUE_WORDS);
/** Qualitative results that count in a sentence naming a test. */
export const RESULT_WORD_SET = keySet(RESULT_WORDS);
export const ABBREV_CORROBORATE_SET = keySet(ABBREV_CORROBORATE);
export const ABBREV_CONTEXT_ANYCASE_SET = keySet(ABBREV_CONTEXT_ANYCASE);

export function healthPhrases(firstKey: string): readonly Phrase[] | undefined {
  return HEALTH_PHRASES.get(firstKey);
}

/** A single health word, trying inflections ("migraines", "coughing"). */
export function healthWord(key: string): { sub: string; weak: boolean } | undefined {
  const hit = HEALTH_WORDS.get(key);
  if (hit !== undefined) return hit;
  if (key.length < 5) return undefined;
  for (const s of inflectionStems(key, false)) {
    const h = HEALTH_WORDS.get(s);
    if (h !== undefined && s.length >= 4) return h;
  }
  return undefined;
}

let healthFuzzy: FuzzyIndex | undefined;
let commonFuzzy: FuzzyIndex | undefined;
const fuzzySubcategory = new Map<string, string>();

/** Strong single health words (drugs, conditions, symptoms) for misspelling matches. */
export function healthFuzzyIndex(): FuzzyIndex {
  if (healthFuzzy === undefined) {
    const words: string[] = [];
    for (const [k, v] of HEALTH_WORDS) {
      if (v.weak || k.length < 5 || !ASCII_WORD.test(k) || isCommonExact(k)) continue;
      words.push(k);
      fuzzySubcategory.set(k, v.sub);
    }
    healthFuzzy = new FuzzyIndex(words);
  }
  return healthFuzzy;
}

export function fuzzyHealthSub(word: string): string {
  return fuzzySubcategory.get(word) ?? "health";
}

/** Ordinary words, to recognise a misspelled ordinary word before calling it a name. */
export function commonFuzzyIndex(): FuzzyIndex {
  if (commonFuzzy === undefined) {
    const words: string[] = [];
    for (const k of COMMON) if (k.length >= 5 && /^[a-z]+$/.test(k)) words.push(k);
    commonFuzzy = new FuzzyIndex(words, 1);
  }
  return commonFuzzy;
}

// ---------------------------------------------------------------- places

export interface Place {
  readonly keys: readonly string[];
  /** Also an ordinary word or a name ("Mobile", "Austin"): needs capitals or context. */
  readonly ambiguous: boolean;
  readonly kind: "city" | "facility" | "state";
}

const PLACES = new Map<string, Place[]>();

function addPlaces(list: string, kind: Place["kind"]): void {
  for (const entry of parseList(list)) {
    const { keys } = entryKeys(entry);
    if (keys.length === 0) continue;
    const ambiguous = keys.every((k) => isCommonWord(k) || FIRST.has(k) || SURNAME.has(k) || HEALTH_WORDS.has(k) || k.length <= 2);
    const first = keys[0] as string;
    const l = PLACES.get(first) ?? [];
    l.push({ keys, ambiguous, kind });
    PLACES.set(first, l);
  }
}
addPlaces(US_CITIES, "city");
addPlaces(GENERATED_CITIES, "city");
addPlaces(LATIN_AMERICAN_CITIES, "city");
addPlaces(FACILITY_NAMES, "facility");
addPlaces(US_STATES, "state");
for (const list of PLACES.values()) list.sort((a, b) => b.keys.length - a.keys.length);

export function placesStartingWith(key: string): readonly Place[] | undefined {
  return PLACES.get(key);
}

export const STATE_CODE_SET = keySet(STATE_CODES);
export const STREET_SUFFIX_SET = keySet(STREET_SUFFIXES);
export const STREET_PREFIX_ES_SET = keySet(STREET_PREFIXES_ES);
export const UNIT_WORD_SET = keySet(UNIT_WORDS);
export const FACILITY_NOUN_SET = keySet(FACILITY_NOUNS);

// ---------------------------------------------------------------- everything known

/** Any word the vocabularies know: an unknown capitalised word may be a proper name. */
export function isKnownWord(key: string): boolean {
  return (
    isCommonWord(key) ||
    HEALTH_WORDS.has(key) ||
    healthWord(key) !== undefined ||
    ABBREV_CAPS_SET.has(key) ||
    ABBREV_CORROBORATE_SET.has(key) ||
    STREET_SUFFIX_SET.has(key) ||
    FACILITY_NOUN_SET.has(key) ||
    UNIT_WORD_SET.has(key) ||
    PLACES.get(key)?.some((p) => p.keys.length === 1) === true
  );
}
