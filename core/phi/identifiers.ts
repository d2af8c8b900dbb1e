import { type Scan, FREE, plainGap, sameClause } from "./Scan.ts";
import { type Token, ALNUM, LOWER, NUM, UPPER, WORD } from "./tokenize.ts";
import { IGNORABLE, LETTER, OTHER, charClass } from "./text.ts";
import { ABBREV_CAPS_SET, healthWord, isCommonWord } from "./vocabulary.ts";
import { DOSE_UNITS, ID_CONTEXT, NUMBER_WORDS, PHONE_CONTEXT, QUANTITY_UNITS } from "./vocab/lexicon.ts";
import { AGE_TOKEN, CLOCK_TOKEN, DOSE_TOKEN, ORDINAL_NUMBER } from "./patterns.ts";

/** Characters allowed between the digit groups of one number: "555-123 4567", "555📞123📞4567", "(555) 123.4567". */
function isRunSeparator(c: number): boolean {
  if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29 || c === 0x2b) return true;
  if (c === 0x5f || c === 0x2a || c === 0x7e || c === 0x7c || c === 0x2022 || c === 0xb7 || c === 0x2013 || c === 0x2014 || c === 0x2010 || c === 0x2011) return true;
  const k = charClass(c);
  // emoji, symbols, zero-width characters (surrogate halves are OTHER)
  return (k === OTHER && c >= 0x80) || k === IGNORABLE;
}

function runGap(gap: string, wordsBothSides: boolean): boolean {
  if (gap.length > 10) return false;
  let spaces = 0;
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    if (c === 0x20) spaces++;
    if (c === 0x2c && wordsBothSides) continue; // "five five five, one two three"
    if (!isRunSeparator(c)) return false;
  }
  return spaces <= 3;
}

/** Digits a number word contributes: "five" -> 1, "fifteen" -> 2, "five hundred" adds 2. */
function wordDigits(t: Token, next: Token | undefined): number {
  const v = NUMBER_WORDS.get(t.key);
  if (v === undefined) return 0;
  if (v === 100) return 2;
  if (v >= 20 && v % 10 === 0 && next !== undefined) {
    const nv = NUMBER_WORDS.get(next.key);
    if (nv !== undefined && nv >= 1 && nv <= 9) return 1; // "twenty three": the unit adds the second digit
  }
  return v >= 10 ? 2 : 1;
}

/** Digits written for letters in an ordinary word ("w3lc0m3", "sh0ws", "cl1n1c"): the letters they stand for. */
const LEET_DIGITS: Readonly<Record<string, string>> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b" };

/** An ordinary word with digits for some of its letters is a disguised word, not a code. */
function isLeetWord(key: string): boolean {
  let letters = 0;
  let asI = "";
  let asL = "";
  for (const ch of key) {
    const sub = LEET_DIGITS[ch];
    if (sub === undefined && !(ch >= "a" && ch <= "z")) return false;
    if (sub === undefined) letters++;
    asI += sub ?? ch;
    asL += ch === "1" ? "l" : (sub ?? ch);
  }
  return letters >= 1 && key.length >= 2 && (isCommonWord(asI) || isCommonWord(asL));
}

function isKnownCode(t: Token): boolean {
  // "clinic2024", "room12", "covid19": an ordinary word glued to a short number
  let letters = 0;
  while (letters < t.key.length && !(t.key.charCodeAt(letters) >= 0x30 && t.key.charCodeAt(letters) <= 0x39)) letters++;
  if (letters >= 3 && t.key.length - letters <= 4 && countDigits(t.key) === t.key.length - letters && isCommonWord(t.key.slice(0, letters))) return true;
  return (
    CLOCK_TOKEN.test(t.key) || DOSE_TOKEN.test(t.key) || ORDINAL_NUMBER.test(t.key) || AGE_TOKEN.test(t.key) ||
    healthWord(t.key) !== undefined || ABBREV_CAPS_SET.has(t.key)
  );
}

function countDigits(key: string): number {
  let d = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) d++;
  }
  return d;
}

/** Whether token t may be part of a number: digits, an unknown code with digits, a number word. */
function itemKind(scan: Scan, t: Token): "num" | "code" | "word" | undefined {
  if (scan.claims[t.start] !== FREE) return undefined;
  if (t.kind === NUM) return "num";
  // "w3lc0m3", "sh0ws": a disguised ordinary word, unless a cue says a code follows ("conf code B0OK3D")
  if (t.kind === ALNUM) return isKnownCode(t) || (isLeetWord(t.key) && !contextBefore(scan, t.index, ID_CONTEXT) && !contextBefore(scan, t.index, CODE_CONTEXT)) ? undefined : "code";
  if (t.kind === WORD && NUMBER_WORDS.get(t.key) !== undefined && t.key !== "a" && t.key !== "una" && t.key !== "un") return "word";
  return undefined;
}

/** True if an ID- or phone-announcing word precedes token i within a few tokens of the same clause. */
function contextBefore(scan: Scan, i: number, words: Set<string>, reach = 6): boolean {
  const toks = scan.tokens;
  for (let k = i - 1; k >= 0 && i - k <= reach; k--) {
    if (!sameClause((toks[k + 1] as Token).gap.replace(".", "").replace(":", ""))) return false;
    const t = toks[k] as Token;
    if (words.has(t.key)) return true;
  }
  return false;
}

/**
 * Phone and fax numbers and identifying numbers (SSN, MRN, member, account, claim, Rx, order,
 * licence, serial...). Digit groups are joined across spaces, dots, dashes, brackets, emoji
 * and spelled-out digits, so "five five five 📞 1 2 3 4" is one number.
 */
export function detectIdentifiers(scan: Scan): void {
  const toks = scan.tokens;
  const n = toks.length;
  let i = 0;
  while (i < n) {
    const t = toks[i] as Token;
    const kind = itemKind(scan, t);
    if (kind === undefined) {
      i++;
      continue;
    }
    // collect the run
    let j = i;
    let digits = kind === "word" ? wordDigits(t, toks[i + 1]) : countDigits(t.key);
    let letters = kind === "code" ? t.key.length - countDigits(t.key) : 0;
    let words = kind === "word" ? 1 : 0;
    let items = 1;
    while (j + 1 < n) {
      const nt = toks[j + 1] as Token;
      const nk = itemKind(scan, nt);
      if (nk === undefined) break;
      const cur = toks[j] as Token;
      // "o"/"oh" are zero only between digits
      if (nk === "word" && (nt.key === "o" || nt.key === "oh") && itemKind(scan, toks[j + 2] ?? nt) === undefined) break;
      const bothWords = nk === "word" || itemKind(scan, cur) === "word";
      if (!runGap(nt.gap, bothWords)) break;
      j++;
      items++;
      if (nk === "word") {
        digits += wordDigits(nt, toks[j + 1]);
        words++;
      } else {
        digits += countDigits(nt.key);
        if (nk === "code") letters += nt.key.length - countDigits(nt.key);
      }
    }
    classifyRun(scan, i, j, digits, letters, words, items);
    i = j + 1;
  }
  detectLetterCodes(scan);
}

function classifyRun(scan: Scan, i: number, j: number, digits: number, letters: number, words: number, items: number): void {
  const toks = scan.tokens;
  const first = toks[i] as Token;
  const last = toks[j] as Token;
  const next = toks[j + 1];
  const text = scan.text;
  const before = first.start > 0 ? text.charAt(first.start - 1) : "";
  const hashBefore = first.gap.trim().endsWith("#");
  const plusBefore = before === "+" || first.gap.trim().endsWith("+");
  const idContext = hashBefore || maskedBefore(scan, first) || contextBefore(scan, i, ID_CONTEXT);
  const phoneContext = plusBefore || contextBefore(scan, i, PHONE_CONTEXT, 5) || before === "(";
  const unitAfter = next !== undefined && plainGap(next.gap) && (QUANTITY_UNITS.has(next.key) || DOSE_UNITS.has(next.key));
  const percentAfter = text.charAt(last.end) === "%";
  if (words === items && digits < 5) return; // "one two three"
  if (items === 1 && (unitAfter || percentAfter) && !idContext) return;
  if (items === 1 && first.kind === NUM && digits === 4 && !idContext) {
    const v = parseInt(first.key, 10);
    if (v >= 1900 && v <= 2099) return; // a year
  }
  let category: "CONTACT" | "ID" | undefined;
  let sub = "number";
  if (digits >= 7 && digits <= 15 && (phoneContext || digits === 10 || (digits === 11 && firstDigit(scan, i) === "1") || (digits === 7 && items >= 2))) {
    category = "CONTACT";
    sub = "phone";
  } else if (idContext && digits + letters >= 3 && digits >= 1) {
    category = "ID";
  } else if (digits >= 5) {
    category = "ID";
  } else if (letters > 0 && ((digits >= 3 && digits + letters >= 5) || (digits >= 2 && letters >= 2 && digits + letters >= 6))) {
    category = "ID";
    sub = "code";
  }
  if (category === undefined) return;
  let start = first.start;
  let end = last.end;
  if (plusBefore && before === "+") start--;
  start = maskStart(scan, start);
  if (before === "(") start--;
  if (text.charAt(end) === ")") end++;
  // glued letter prefixes and suffixes: "XK-2231-99", "12345-A"
  const prev = toks[i - 1];
  if (prev !== undefined && (first.gap === "-" || first.gap === "") && prev.kind !== NUM && prev.key.length <= 5 && !ID_CONTEXT.has(prev.key) && scan.claims[prev.start] === FREE && (prev.shape === UPPER || prev.kind === ALNUM)) start = prev.start;
  if (next !== undefined && (next.gap === "-" || next.gap === "") && next.key.length <= 5 && scan.claims[next.start] === FREE && (next.shape === UPPER || next.kind === ALNUM)) end = next.end;
  // extensions: "x204", "ext. 204"
  if (category === "CONTACT" && next !== undefined && (next.key === "ext" || next.key === "x" || next.key === "extension") && sameClause(next.gap.replace(",", ""))) {
    const e = toks[j + 2];
    if (e !== undefined && e.kind === NUM && e.key.length <= 6) end = e.end;
  }
  scan.add(start, end, category, sub);
}

/** Masking characters glued before a number: "***-**-4821", "XXX-XX-4821", "••••4821". */
function maskStart(scan: Scan, start: number): number {
  const text = scan.text;
  let s = start;
  let masks = 0;
  while (s > 0 && start - s < 16) {
    const c = text.charCodeAt(s - 1);
    if (c === 0x2a || c === 0x58 || c === 0x78 || c === 0x23 || c === 0x2022 || c === 0x25cf) masks++;
    else if (c !== 0x2d && c !== 0x2e && c !== 0x20) break;
    else if (c === 0x20 && text.charCodeAt(s - 2) !== 0x2a && text.charCodeAt(s - 2) !== 0x2022) break;
    s--;
  }
  if (masks < 2) return start;
  while (s < start && (text.charAt(s) === "-" || text.charAt(s) === " " || text.charAt(s) === ".")) s++;
  // an X mask must not be the end of a word ("MAX-1234")
  if (s > 0 && charClass(text.charCodeAt(s - 1)) === LETTER) return start;
  return s;
}

function maskedBefore(scan: Scan, first: Token): boolean {
  return maskStart(scan, first.start) < first.start;
}

function firstDigit(scan: Scan, i: number): string {
  const t = scan.tokens[i] as Token;
  if (t.kind === NUM || t.kind === ALNUM) return t.key.charAt(0);
  const v = NUMBER_WORDS.get(t.key);
  return v === undefined ? "" : String(v).charAt(0);
}

const CODE_CONTEXT = new Set([
  "mrn", "ssn", "id", "member", "policy", "account", "acct", "claim", "rx", "confirmation", "code", "ref", "reference",
  "case", "ticket", "plate", "vin", "serial", "sn", "license", "licence", "badge", "passport", "expediente", "poliza",
  "cuenta", "folio", "placa", "clave", "credencial", "curp", "rfc", "nss", "tracking", "order", "voucher", "pin",
]);
const CODE_FILLERS = new Set(["number", "no", "num", "is", "es", "de", "del", "#", "nro", "numero", "id", "code", "was", "for", "the", "my", "mi", "su", "your", "son", "are", "carro", "car", "transport", "booking", "new", "nuevo", "nueva"]);

/** Letter-only codes announced as identifiers: "confirmation code QXJRTV", "plate ABC 1234". */
function detectLetterCodes(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!CODE_CONTEXT.has(t.key) && !(t.key.endsWith("s") && CODE_CONTEXT.has(t.key.slice(0, -1)))) continue;
    let k = i + 1;
    while (k < toks.length && k - i <= 6 && CODE_FILLERS.has((toks[k] as Token).key) && sameClause((toks[k] as Token).gap.replace(":", ""))) k++;
    const c = toks[k];
    if (c === undefined || scan.claims[c.start] !== FREE || !sameClause(c.gap.replace(":", "").replace("#", "")) || c.gap.length > 4) continue;
    const isCode = (c.kind === WORD && c.key.length >= 4 && c.shape !== LOWER && !isCommonWord(c.key) && (c.shape === UPPER || scan.mode !== "mixed")) ||
      (c.kind === WORD && c.key.length >= 2 && c.key.length <= 4 && c.shape === UPPER && toks[k + 1]?.kind === NUM && plainGap((toks[k + 1] as Token).gap));
    if (!isCode) continue;
    let end = k;
    const nx = toks[k + 1];
    if (nx !== undefined && (nx.kind === NUM || nx.kind === ALNUM) && (plainGap(nx.gap) || nx.gap === "-")) end = k + 1;
    scan.addTokens(k, end, "ID", "code");
    i = end;
  }
}
