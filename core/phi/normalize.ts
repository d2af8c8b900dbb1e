import confusableData from "unhomoglyph/data.json" with { type: "json" };
import { LATIN_LETTER_FORMS } from "./vocab/latinLetters.ts";
import { ANY_MARK, ASCII_ALNUM_1_2, ASCII_PRINTABLE_1_4, INVISIBLE_CHAR, LETTER_NUMBER_MARK_RUN, PUNCT_OR_SPACE_CHAR, SPACE_SEPARATOR_CHAR } from "./patterns.ts";

/**
 * Undoes the Unicode disguises of PHI before the tokenizer reads the text, from Unicode's own
 * data rather than hand lists:
 *
 * - every Default_Ignorable_Code_Point and every Bidi_Control is skipped (zero-width
 *   characters, U+2063 INVISIBLE SEPARATOR, U+200E, U+202A..U+202E, U+180E, variation
 *   selectors, the tag characters of U+E0000..U+E007F...): the property escapes are built
 *   into the JavaScript engine's Unicode tables;
 * - compatibility forms are folded with NFKC (circled, superscript, fullwidth and mathematical
 *   digits and letters, ligatures, "ℍ");
 * - look-alike letters are folded to the prototype of Unicode's confusables.txt (UTS #39,
 *   shipped by the `unhomoglyph` package), or to the letter a Latin form is named after
 *   (small capitals, generated into vocab/latinLetters.ts by scripts/phi/latin-letters.py).
 *
 * ASCII and Latin-1 are left as they are (confusables.txt folds "m" to "rn" and "1" to "l",
 * which is for comparing identifiers, not for reading text); digits and symbols written for
 * letters inside words ("H1V", "d1@betes") are read by the health rules, which accept them
 * only when they spell a strong term.
 *
 * Every unit of the normalised text remembers the range of the original text it came from,
 * so spans found on it map back to UTF-16 offsets of the caller's text.
 */
export interface Normalized {
  readonly text: string;
  /** Per unit of `text`: the original offset where its source character starts; null when `text` is the original. */
  readonly starts: Int32Array | null;
  /** Per unit of `text`: the original offset just past its source character. */
  readonly ends: Int32Array | null;
}

/** Confusable prototypes that are one or two ASCII letters or digits, for characters past Latin-1. */
const CONFUSABLES = new Map<number, string>();
for (const [from, to] of Object.entries(confusableData as Record<string, string>)) {
  const cp = from.codePointAt(0) as number;
  if (cp < 0x100 || from.length !== String.fromCodePoint(cp).length) continue;
  const plain = to.normalize("NFD").replace(ANY_MARK, "");
  if (!ASCII_ALNUM_1_2.test(plain)) continue;
  const ch = String.fromCodePoint(cp);
  // The prototype of "I" is "l"; a capital that looks like I ("Ι", "І") reads as I.
  const upper = ch !== ch.toLowerCase() && ch === ch.toUpperCase();
  CONFUSABLES.set(cp, plain === "l" && upper ? "I" : plain);
}

const foldCache = new Map<number, string>();
const FOLD_CACHE_SIZE = 8192;

/** Latin-1 units that need folding: soft hyphen (ignorable) and superscript digits. */
function latin1NeedsWork(c: number): boolean {
  return c === 0xad || c === 0xb2 || c === 0xb3 || c === 0xb9;
}

/** What one code point reads as: itself, another string, or "" (skipped). */
export function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let out = ch;
  if (INVISIBLE_CHAR.test(ch)) out = "";
  else {
    const nfkc = ch.normalize("NFKC");
    if (nfkc !== ch && acceptNfkc(ch, nfkc)) out = nfkc;
    let folded = "";
    for (const part of out) {
      const p = part.codePointAt(0) as number;
      folded += p < 0x100 ? part : (LATIN_LETTER_FORMS.get(p) ?? CONFUSABLES.get(p) ?? part);
    }
    out = folded;
  }
  if (foldCache.size >= FOLD_CACHE_SIZE) foldCache.clear();
  foldCache.set(cp, out);
  return out;
}

/** NFKC is taken when it gives letters and digits, or a short ASCII reading of a symbol ("⑴"); punctuation keeps its shape. */
function acceptNfkc(ch: string, nfkc: string): boolean {
  if (SPACE_SEPARATOR_CHAR.test(ch)) return true;
  if (LETTER_NUMBER_MARK_RUN.test(nfkc)) return true;
  return !PUNCT_OR_SPACE_CHAR.test(ch) && ASCII_PRINTABLE_1_4.test(nfkc);
}

/** Normalises `text` for scanning; returns it unchanged (and no offset map) when nothing needs folding. */
export function normalizeText(text: string): Normalized {
  const n = text.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x100 || (c >= 0x80 && latin1NeedsWork(c))) {
      first = i;
      break;
    }
  }
  if (first < 0) return { text, starts: null, ends: null };
  // Most such texts only have curly quotes or dashes, which fold to themselves: look for a
  // character that changes before allocating the offset map.
  let changedAt = -1;
  for (let i = first; i < n && changedAt < 0; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c < 0x100 && !latin1NeedsWork(c))) continue;
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    if (folded.length !== width || folded !== text.slice(i, i + width)) changedAt = i;
    else i += width - 1;
  }
  if (changedAt < 0) return { text, starts: null, ends: null };
  first = changedAt;
  const parts: string[] = [];
  let starts = new Int32Array(n + 16);
  let ends = new Int32Array(n + 16);
  let len = 0;
  for (let i = 0; i < first; i++) {
    starts[len] = i;
    ends[len] = i + 1;
    len++;
  }
  // Unchanged characters are copied as runs; only folded ones are pushed one by one.
  let runStart = 0;
  let i = first;
  while (i < n) {
    const c = text.charCodeAt(i);
    let width = 1;
    let out: string | undefined;
    if (c >= 0x100 || latin1NeedsWork(c)) {
      const cp = text.codePointAt(i) as number;
      width = cp > 0xffff ? 2 : 1;
      const folded = foldCodePoint(cp);
      if (folded.length !== width || folded !== text.slice(i, i + width)) out = folded;
    }
    const produced = out === undefined ? width : out.length;
    if (len + produced > starts.length) {
      const grownStarts = new Int32Array(starts.length * 2 + produced);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Int32Array(ends.length * 2 + produced);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    if (out === undefined) {
      for (let k = 0; k < width; k++) {
        starts[len] = i + k;
        ends[len] = i + k + 1;
        len++;
      }
    } else {
      if (runStart < i) parts.push(text.slice(runStart, i));
      parts.push(out);
      runStart = i + width;
      for (let k = 0; k < out.length; k++) {
        starts[len] = i;
        ends[len] = i + width;
        len++;
      }
    }
    i += width;
  }
  if (parts.length === 0) return { text, starts: null, ends: null };
  if (runStart < n) parts.push(text.slice(runStart));
  return { text: parts.join(""), starts: starts.subarray(0, len), ends: ends.subarray(0, len) };
}

/** Compiles the Unicode property tables and the folding paths once, at start-up. */
export function prepareNormalizer(): void {
  normalizeText("\u200b\u2063\u202a\u{E0041}①²𝟏ＨΗɪʜﬁ\u00ad");
}

/** The original range of normalised units [start, end). */
export function originalRange(norm: Normalized, start: number, end: number): { start: number; end: number } {
  if (norm.starts === null || norm.ends === null) return { start, end };
  return { start: norm.starts[start] as number, end: norm.ends[end - 1] as number };
}
