import { COMBINING_MARKS, LETTER_CHAR as LETTER_RE, MARK_CHAR as COMBINING_RE } from "./patterns.ts";
/**
 * Character classes and folding, one UTF-16 code unit at a time, so that every offset the
 * detector computes is an offset into the caller's text. Folding lowercases, strips
 * diacritics (Spanish "presión" matches "presion"), maps fullwidth and Arabic-Indic digits to
 * ASCII and a few Cyrillic/Greek look-alike letters to Latin ones (an evasion trick).
 */

export const OTHER = 0;
export const LETTER = 1;
export const DIGIT = 2;
export const SPACE = 3;
/** Inside a token but contributes nothing: zero-width characters, soft hyphen, combining marks. */
export const IGNORABLE = 4;
export const APOSTROPHE = 5;
export const NEWLINE = 6;

const classTable = new Uint8Array(0x300);
const foldTable: string[] = new Array<string>(0x300);


for (let c = 0; c < 0x300; c++) {
  const ch = String.fromCharCode(c);
  let cls = OTHER;
  let fold = ch;
  if (c >= 0x30 && c <= 0x39) cls = DIGIT;
  else if (c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x85) cls = NEWLINE;
  else if (c === 0x20 || c === 0x09 || c === 0xa0) cls = SPACE;
  else if (c === 0x27) cls = APOSTROPHE;
  else if (c === 0xad) cls = IGNORABLE;
  else if (LETTER_RE.test(ch)) {
    cls = LETTER;
    const base = ch.normalize("NFD").replace(COMBINING_MARKS, "").toLowerCase();
    if (base.length === 1) fold = base;
    else if (ch.toLowerCase().length === 1) fold = ch.toLowerCase();
  }
  classTable[c] = cls;
  foldTable[c] = fold;
}

/** Cyrillic and Greek letters that look like Latin ones. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
  "ԁ": "d", "һ": "h", "ӏ": "l", "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o",
  "Р": "p", "С": "c", "Т": "t", "Х": "x", "І": "i", "ο": "o", "α": "a", "ι": "i", "ν": "v", "κ": "k",
  "τ": "t", "υ": "u", "ρ": "p", "Ο": "o", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i",
  "Κ": "k", "Μ": "m", "Ν": "n", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
};

const highCache = new Map<number, number>();

function classifyHigh(c: number): number {
  const cached = highCache.get(c);
  if (cached !== undefined) return cached;
  let cls = OTHER;
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9)) cls = DIGIT;
  else if (c === 0x2019 || c === 0x2018 || c === 0x02bc) cls = APOSTROPHE;
  else if (c === 0x2028 || c === 0x2029) cls = NEWLINE;
  else if ((c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680) cls = SPACE;
  else if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff || (c >= 0xfe00 && c <= 0xfe0f)) cls = IGNORABLE;
  else if (c >= 0xd800 && c <= 0xdfff) cls = OTHER; // surrogate halves: emoji and rare scripts act as separators
  else {
    const ch = String.fromCharCode(c);
    if (COMBINING_RE.test(ch)) cls = IGNORABLE;
    else if (LETTER_RE.test(ch)) cls = LETTER;
  }
  if (highCache.size < 4096) highCache.set(c, cls);
  return cls;
}

export function charClass(c: number): number {
  return c < 0x300 ? (classTable[c] as number) : classifyHigh(c);
}

/** The folded form of one code unit: a single lowercase ASCII-ish character. */
export function foldUnit(c: number): string {
  if (c < 0x300) return foldTable[c] as string;
  if (c >= 0xff10 && c <= 0xff19) return String.fromCharCode(c - 0xff10 + 0x30);
  if (c >= 0x660 && c <= 0x669) return String.fromCharCode(c - 0x660 + 0x30);
  if (c >= 0x6f0 && c <= 0x6f9) return String.fromCharCode(c - 0x6f0 + 0x30);
  if (c >= 0xff21 && c <= 0xff3a) return String.fromCharCode(c - 0xff21 + 0x61);
  if (c >= 0xff41 && c <= 0xff5a) return String.fromCharCode(c - 0xff41 + 0x61);
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc) return "'";
  const ch = String.fromCharCode(c);
  const look = Object.hasOwn(LOOKALIKES, ch) ? LOOKALIKES[ch] : undefined;
  if (look !== undefined) return look;
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower : ch;
}

export function isUpperUnit(c: number): boolean {
  if (c >= 0x41 && c <= 0x5a) return true;
  if (c < 0x80) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

export function isLowerUnit(c: number): boolean {
  if (c >= 0x61 && c <= 0x7a) return true;
  if (c < 0x80) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toUpperCase();
}
