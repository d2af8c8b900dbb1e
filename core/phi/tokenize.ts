import { APOSTROPHE, DIGIT, IGNORABLE, LETTER, NEWLINE, charClass, foldUnit, isLowerUnit, isUpperUnit } from "./text.ts";

export const WORD = 1; // letters only
export const NUM = 2; // digits only
export const ALNUM = 3; // letters and digits ("A1c", "500mg", "7ABC123")

export const LOWER = 1; // "pain"
export const CAP = 2; // "Maria"
export const UPPER = 3; // "HTN", also a single capital "J"
export const MIXED = 4; // "McDonald", "iPhone"
export const NOCASE = 0; // digits only

export interface Token {
  readonly index: number;
  /** UTF-16 offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Folded: lowercase, no diacritics, apostrophes as "'", ignorables removed. */
  readonly norm: string;
  /** `norm` without a possessive "'s" and without apostrophes: the lookup key ("o'brien" -> "obrien"). */
  readonly key: string;
  readonly possessive: boolean;
  readonly kind: number;
  readonly shape: number;
  /** The raw text between the previous token (or the start) and this one. */
  readonly gap: string;
  /** First token of a sentence (or line): capitalisation says nothing about it being a name. */
  sentStart: boolean;
}

/** Abbreviations that end in a dot without ending a sentence. */
const DOT_WORDS = new Set([
  "dr", "dra", "mr", "mrs", "ms", "mx", "sr", "sra", "srta", "jr", "st", "ste", "apt", "no", "vs", "etc", "approx",
  "prof", "rev", "mt", "ft", "dept", "av", "ave", "tel", "ph", "ext", "lic", "sta", "dob", "fec", "nac", "pt", "pts",
  "hx", "dx", "rx", "tx", "pcp", "appt", "blvd", "rd", "ln", "sgt", "capt", "gen", "hon", "fr", "lt", "col", "num",
  "nro", "dir", "depto", "edif", "col", "cp", "sen", "gov", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr",
  "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ene", "abr", "ago", "dic", "mon", "tue", "tues", "wed",
  "thu", "thur", "thurs", "fri", "sat", "sun", "e", "i", "a", "p", "m", "u", "s",
]);

/**
 * Splits text into runs of letters and digits (with apostrophes between letters, and
 * ignorable units inside). Everything else separates tokens and is kept in `gap`.
 * One pass, linear in the length of the text.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let gapStart = 0;
  while (i < n) {
    const cls = charClass(text.charCodeAt(i));
    if (cls !== LETTER && cls !== DIGIT) {
      i++;
      continue;
    }
    const start = i;
    let norm = "";
    let letters = 0;
    let digits = 0;
    let uppers = 0;
    let lowers = 0;
    let firstUpper = false;
    let restUpper = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const k = charClass(c);
      if (k === LETTER) {
        if (isUpperUnit(c)) {
          uppers++;
          if (letters === 0) firstUpper = true;
          else restUpper++;
        } else if (isLowerUnit(c)) lowers++;
        letters++;
        norm += foldUnit(c);
        i++;
      } else if (k === DIGIT) {
        digits++;
        norm += foldUnit(c);
        i++;
      } else if (k === IGNORABLE) {
        i++;
      } else if (k === APOSTROPHE && letters > 0 && i + 1 < n && charClass(text.charCodeAt(i + 1)) === LETTER) {
        norm += "'";
        i++;
      } else break;
    }
    // Ignorable units trailing a token belong to the gap, not the token.
    let end = i;
    while (end > start && charClass(text.charCodeAt(end - 1)) === IGNORABLE) end--;
    const kind = letters === 0 ? NUM : digits === 0 ? WORD : ALNUM;
    let shape = NOCASE;
    if (letters > 0) {
      if (uppers === 0) shape = LOWER;
      else if (lowers === 0) shape = UPPER;
      else if (firstUpper && restUpper === 0) shape = CAP;
      else shape = MIXED;
    }
    let possessive = false;
    let base = norm;
    if (norm.length > 2 && norm.endsWith("'s")) {
      possessive = true;
      base = norm.slice(0, -2);
    }
    const key = base.includes("'") ? base.split("'").join("") : base;
    const gap = text.slice(gapStart, start);
    const prev = tokens[tokens.length - 1];
    tokens.push({
      index: tokens.length,
      start,
      end,
      norm,
      key,
      possessive,
      kind,
      shape,
      gap,
      sentStart: prev === undefined || endsSentence(gap, prev),
    });
    gapStart = end;
  }
  return tokens;
}

function endsSentence(gap: string, prev: Token): boolean {
  for (let j = 0; j < gap.length; j++) {
    const c = gap.charCodeAt(j);
    if (c === 0x21 || c === 0x3f || c === 0xa1 || c === 0xbf || c === 0x3b) return true; // ! ? ¡ ¿ ;
    if (charClass(c) === NEWLINE) return true;
    if (c === 0x3a && j + 1 < gap.length) return true; // "Reminder: Maria..." starts a new clause
    if (c === 0x2e && !(DOT_WORDS.has(prev.norm) || (prev.norm.length === 1 && prev.kind === WORD))) return true;
  }
  return false;
}
