import { type Scan, FREE, PHI, plainGap, sameClause } from "./Scan.ts";
import { type Token, ALNUM, LOWER, NUM, WORD } from "./tokenize.ts";
import { DIGIT, IGNORABLE, LETTER, charClass, foldUnit } from "./text.ts";
import { AMBIGUOUS_MONTHS, DOSE_UNITS, MONTHS, NUMBER_WORDS, ORDINAL_WORDS, QUANTITY_UNITS, WEEKDAYS } from "./vocab/lexicon.ts";
import { ORDINAL_TOKEN } from "./patterns.ts";

/** Characters that stand for a hidden digit in a half-masked date ("3/4/XXXX", "**∕**∕1980"). */
function isMask(c: number): boolean {
  return c === 0x58 || c === 0x78 || c === 0x2a || c === 0x23 || c === 0x2022;
}

interface Group {
  end: number;
  len: number;
  /** Numeric value, or -1 when (partly) masked. */
  value: number;
}

function readGroup(text: string, i: number): Group | undefined {
  const n = text.length;
  let j = i;
  let len = 0;
  let value = 0;
  let masked = false;
  while (j < n && len < 4) {
    const c = text.charCodeAt(j);
    const k = charClass(c);
    if (k === DIGIT) value = value * 10 + (foldUnit(c).charCodeAt(0) - 0x30);
    else if (isMask(c)) masked = true;
    else if (k === IGNORABLE && len > 0) {
      j++; // keycap digits: "4️⃣" is 4, U+FE0F, U+20E3
      continue;
    } else break;
    len++;
    j++;
  }
  while (j < n && charClass(text.charCodeAt(j)) === IGNORABLE) j++;
  if (len === 0) return undefined;
  if (j < n) {
    const c = text.charCodeAt(j);
    if (charClass(c) === DIGIT || isMask(c)) return undefined; // too long for a date part
  }
  return { end: j, len, value: masked ? -1 : value };
}

const SEPARATORS = "/-.";

/** The separator after position i, allowing one space on either side; returns [separator, next index]. */
function readSeparator(text: string, i: number, allowSpaces: boolean): [string, number] | undefined {
  let j = i;
  if (allowSpaces && text.charAt(j) === " ") j++;
  const sep = text.charAt(j);
  if (!SEPARATORS.includes(sep) || sep === "") return undefined;
  j++;
  if (allowSpaces && text.charAt(j) === " ") j++;
  return [sep, j];
}

const FRACTION_NEXT = new Set([
  "hour", "hours", "hr", "hrs", "cup", "cups", "tab", "tabs", "tablet", "tablets", "pill", "pills", "mile", "miles",
  "dose", "way", "tsp", "tbsp", "teaspoon", "tablespoon", "of", "de", "inch", "in", "oz", "dozen", "pastilla",
  "tableta", "hora", "horas", "taza", "strength", "capacity", "full", "price", "off", "done", "staffing", "stars", "points",
  "correct", "questions",
]);
const DATE_BEFORE = new Set(["on", "to", "el", "for", "dob", "until", "by", "since", "before", "after", "del", "para", "due", "moved", "born", "nacio", "hasta", "desde"]);
const VITAL_BEFORE = new Set(["bp", "pressure", "presion", "arterial", "bps", "sbp"]);
const SCORE_WORDS = new Set(["pain", "dolor", "scale", "score", "scored", "scores", "rated", "rate", "rating", "level", "nivel", "escala"]);
/** "Rooms 4/5 need cleaning": numbers after a plural of rooms or beds are a list of them. */
const LIST_BEFORE = new Set(["rooms", "beds", "bays", "cuartos", "camas"]);

function dayMonthValid(a: number, b: number, yearShown = false): boolean {
  // "**/**/1961" still dates a birth; "XX/XX" alone says nothing
  if (a === -1 && b === -1) return yearShown;
  const okA = a === -1 || (a >= 1 && a <= 31);
  const okB = b === -1 || (b >= 1 && b <= 31);
  const monthA = a === -1 || (a >= 1 && a <= 12);
  const monthB = b === -1 || (b >= 1 && b <= 12);
  return okA && okB && (monthA || monthB);
}

/**
 * Numeric dates: m/d, m/d/y, d-m-y, y-m-d, d.m.y, with masked parts ("3/4/XXXX") counted as
 * part of the date so the whole identifier is covered. Attempts start only at a word boundary
 * and read at most 14 characters, so the pass is linear.
 */
function detectNumericDates(scan: Scan): void {
  const text = scan.text;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (charClass(c) !== DIGIT && !isMask(c)) continue;
    if (i > 0) {
      const p = text.charCodeAt(i - 1);
      const pk = charClass(p);
      if (pk === DIGIT || pk === LETTER || isMask(p)) continue;
    }
    if (scan.claims[i] !== FREE) continue;
    // "7:30-6:00" is a time range; "DOB:03/14/1961" is a date right after its label.
    if (i > 1 && text.charAt(i - 1) === ":" && charClass(text.charCodeAt(i - 2)) !== LETTER) continue;
    const g1 = readGroup(text, i);
    if (g1 === undefined) continue;
    const s1 = readSeparator(text, g1.end, false) ?? readSeparator(text, g1.end, true);
    if (s1 === undefined) continue;
    const [sep, after1] = s1;
    const spaced = after1 - g1.end > 1;
    const g2 = readGroup(text, after1);
    if (g2 === undefined || g2.len > 2 && g1.len !== 4) continue;
    let end = g2.end;
    let g3: Group | undefined;
    const s2 = readSeparator(text, g2.end, spaced);
    if (s2 !== undefined && s2[0] === sep) {
      g3 = readGroup(text, s2[1]);
      if (g3 !== undefined) end = g3.end;
    }
    if (end < n && (charClass(text.charCodeAt(end)) === LETTER || charClass(text.charCodeAt(end)) === DIGIT)) {
      // "3/4/2024x": not a boundary; unless an ordinal-free date ends a word like "3/4pm" (a time range)
      continue;
    }
    if (text.charAt(end) === ":" || (g3 === undefined && text.charAt(g1.end) === ":")) continue;
    if (!isDate(scan, g1, g2, g3, sep, spaced, i, end)) continue;
    scan.add(i, end, "DATE", "numeric");
    i = end - 1;
  }
}

function isDate(scan: Scan, g1: Group, g2: Group, g3: Group | undefined, sep: string, spaced: boolean, start: number, end: number): boolean {
  const masked = g1.value === -1 || g2.value === -1 || (g3 !== undefined && g3.value === -1);
  if (g1.len === 4) {
    // ISO: 2024-03-14 or 2024/3/14
    if (g3 === undefined || g3.len > 2) return false;
    const y = g1.value;
    const yearOk = y === -1 || (y >= 1900 && y <= 2099);
    return yearOk && dayMonthValid(g2.value, g3.value) && (g2.value === -1 || g2.value <= 12);
  }
  if (g1.len > 2) return false;
  if (!dayMonthValid(g1.value, g2.value, g3 !== undefined && g3.value !== -1)) return false;
  if (g3 !== undefined) {
    if (g3.len !== 2 && g3.len !== 4) return false;
    return true;
  }
  if (masked) return true;
  const prev = scan.tokenBefore(start);
  const next = scan.tokenAfter(end);
  if (spaced) return false;
  if (sep === ".") {
    // "3.14" is a decimal unless the words around make it a date: "moved to 3.14 at 9am"
    const dateBefore = prev !== undefined && DATE_BEFORE.has(prev.key);
    const timeAfter = next !== undefined && (next.key === "at" || next.key === "a") && sameClause(next.gap);
    return dateBefore && timeAfter;
  }
  if (prev !== undefined && (VITAL_BEFORE.has(prev.key) || SCORE_WORDS.has(prev.key) || LIST_BEFORE.has(prev.key))) return false;
  // "pain is 7/10", "rates her pain a 6/10": a score out of 10 a few words after a score word
  if (g2.value === 10 && g3 === undefined && scoreWordBefore(scan, start)) return false;
  if (next !== undefined && sameClause(next.gap) && (FRACTION_NEXT.has(next.key) || SCORE_WORDS.has(next.key) || QUANTITY_UNITS.has(next.key) || DOSE_UNITS.has(next.key))) return false;
  if (scan.text.charAt(end) === "%") return false;
  if (g1.value === 24 && g2.value === 7) return false;
  if (sep === "-") {
    // "2-3 days" is a range; "3-14" a date.
    if (g1.value <= 12 && g2.value <= 12) return false;
  }
  return true;
}

const ORDINAL_NOUNS = new Set([
  "floor", "fl", "time", "times", "dose", "doses", "shot", "shots", "grade", "trimester", "birthday", "visit", "visits",
  "appointment", "appt", "opinion", "place", "week", "weeks", "day", "days", "month", "months", "year", "years", "cycle",
  "round", "child", "baby", "kid", "pregnancy", "attempt", "try", "one", "row", "door", "street", "st", "ave", "avenue",
  "level", "stage", "degree", "line", "option", "person", "patient", "set", "session", "vez", "piso", "dosis", "semana",
  "mes", "ano", "lugar", "intento", "hijo", "hija", "embarazo", "grado", "trimestre", "cita", "visita", "sesion", "ciclo",
  "vaccine", "booster", "injection", "treatment", "infusion", "chemo", "period", "hour", "hr", "minute", "class",
  "edition", "anniversary", "century", "amendment", "quarter", "half", "party", "call", "reminder", "notice", "message",
  "text", "request", "refill", "question", "thing", "item", "test", "step", "part", "page", "room", "bed", "ward", "unit",
  "wing", "building", "entrance", "exit", "lane", "turn", "choice", "best", "largest", "sister", "brother", "son", "daughter",
]);
const ORDINAL_BEFORE = new Set(["the", "on", "el", "by", "until", "til", "till", "before", "after", "since", "from", "thru", "through", "del", "al"]);

function isOrdinalDay(t: Token): number {
  if (t.kind === ALNUM && ORDINAL_TOKEN.test(t.norm)) {
    const v = parseInt(t.norm, 10);
    return v >= 1 && v <= 31 ? v : 0;
  }
  if (t.kind === WORD) {
    const v = ORDINAL_WORDS.get(t.key);
    if (v !== undefined) return v;
  }
  return 0;
}

/** A day number beside a month name: digits 1-31, "14th", "fourteenth". */
function dayValue(t: Token | undefined): number {
  if (t === undefined) return 0;
  if (t.kind === NUM && t.norm.length <= 2) {
    const v = parseInt(t.norm, 10);
    return v >= 1 && v <= 31 ? v : 0;
  }
  return isOrdinalDay(t);
}

function numberWord(t: Token | undefined): number | undefined {
  return t === undefined || t.kind !== WORD ? undefined : NUMBER_WORDS.get(t.key);
}

function isTens(t: Token | undefined): boolean {
  const v = numberWord(t);
  return v === 20 || v === 30;
}

/**
 * A day written in words or digits that starts at token i: "14", "14th", "fourteenth",
 * "twenty-second", "veintidós", "treinta y uno", "tres". Returns the index of its last token.
 */
function dayAt(toks: readonly Token[], i: number, spelledCardinals: boolean): number {
  const t = toks[i];
  if (t === undefined) return -1;
  if (dayValue(t) > 0) return i;
  const next = toks[i + 1];
  if (isTens(t) && next !== undefined && next.gap.length <= 2) {
    if (ORDINAL_WORDS.get(next.key) !== undefined) return i + 1; // "twenty-second"
    const after = toks[i + 2];
    if (spelledCardinals && (next.key === "y" || next.key === "and") && after !== undefined && (numberWord(after) ?? 0) >= 1 && (numberWord(after) ?? 0) <= 9) return i + 2;
  }
  if (spelledCardinals) {
    const v = numberWord(t);
    if (v !== undefined && v >= 1 && v <= 31 && t.key !== "o" && t.key !== "oh") return i;
  }
  return -1;
}

/** The first token of a day expression that ends at token j (see dayAt), or -1. */
function dayEndingAt(toks: readonly Token[], j: number, spelledCardinals: boolean): number {
  for (let start = Math.max(0, j - 2); start <= j; start++) {
    if (dayAt(toks, start, spelledCardinals) === j) return start;
  }
  return -1;
}

const YEAR_WORDS = new Set(["thousand", "hundred", "and", "mil", "novecientos", "y", "nineteen", "twenty", "two", "dos"]);

/** A year after a date: "2024", "'80", "nineteen eighty", "mil novecientos setenta". Returns its last index or -1. */
function yearAt(toks: readonly Token[], k: number): number {
  const t = toks[k];
  if (t === undefined || t.gap.length > 3) return -1;
  if (isYear(t)) return k;
  if (t.kind !== WORD || !["nineteen", "twenty", "two", "mil", "dos"].includes(t.key)) return -1;
  let last = k;
  while (last + 1 < toks.length && last - k < 6) {
    const nt = toks[last + 1] as Token;
    if (nt.gap.length > 2 || !(NUMBER_WORDS.get(nt.key) !== undefined || YEAR_WORDS.has(nt.key))) break;
    last++;
  }
  return last > k ? last : -1;
}

function isYear(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== NUM) return false;
  if (t.norm.length === 4) {
    const v = parseInt(t.norm, 10);
    return v >= 1900 && v <= 2099;
  }
  return t.norm.length === 2 && t.gap.endsWith("'");
}

function shortGap(t: Token): boolean {
  return t.gap.length <= 3 && sameClause(t.gap.replace(".", ""));
}

const YEAR_LINKS = new Set(["of", "de", "del"]);

/** A year right after token `end` ("March 14, 2024", "14 de marzo de 1970"): the new end. */
function withYear(toks: readonly Token[], end: number): number {
  let k = end + 1;
  const link = toks[k];
  if (link !== undefined && YEAR_LINKS.has(link.key) && shortGap(link)) k++;
  const y = yearAt(toks, k);
  return y >= 0 ? y : end;
}

/** "March 14", "Mar. 14th, 2024", "14 de marzo", "the 3rd of May", "March 2024", "march third nineteen eighty". */
function detectMonthDates(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.kind !== WORD || MONTHS.get(t.key) === undefined || !scan.isFree(t)) continue;
    const ambiguous = AMBIGUOUS_MONTHS.has(t.key);
    let start = i;
    let end = -1;
    // Forward: month [the] day [,] [year] | month year
    let j = i + 1;
    const nt = toks[j];
    if (nt !== undefined && shortGap(nt) && (nt.key === "the" || nt.key === "el")) j++;
    const dt = toks[j];
    if (dt !== undefined && shortGap(dt) && scan.text.charAt(dt.end) !== ":") {
      const last = dayAt(toks, j, false);
      if (last >= 0) end = withYear(toks, last);
      else if (isYear(dt)) end = j;
    }
    // Backward: day [of|de] month
    let b = i - 1;
    const link = toks[b];
    if (link !== undefined && shortGap(t) && (link.key === "of" || link.key === "de")) b--;
    const dayEnd = toks[b];
    if (dayEnd !== undefined && shortGap(toks[b + 1] as Token) && scan.isFree(dayEnd)) {
      const first = dayEndingAt(toks, b, link?.key === "de" || link?.key === "of");
      if (first >= 0) {
        start = first;
        if (end < 0) end = withYear(toks, i);
      }
    }
    if (end < 0) continue;
    if (ambiguous && end === i && start === i) continue;
    scan.addTokens(start, end, "DATE", "month");
    i = end;
  }
}

/** "the 14th", "on the fourteenth", "on the twenty-second", "el 14", "para el día 3", "del 18". */
/** A capitalised street-name word: "Main", "Pine" (not a weekday or a month: "5th and Friday"). */
function streetNameWord(t: Token | undefined): boolean {
  return t !== undefined && t.kind === WORD && t.shape !== LOWER && !t.sentStart && !WEEKDAYS.has(t.key) && MONTHS.get(t.key) === undefined;
}

/** The ordinal at i is one side of a corner: "on 5th and Main", "at Main and 3rd", "5th & Pine". */
function streetCorner(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  const next = toks[i + 1];
  const joinNext = next !== undefined && (next.key === "and" || next.key === "y") && plainGap(next.gap) ? toks[i + 2] : next !== undefined && next.gap.trim() === "&" ? next : undefined;
  const before = toks[i - 1];
  const joinPrev = before !== undefined && (before.key === "and" || before.key === "y") && plainGap(t.gap) ? toks[i - 2] : t.gap.trim() === "&" ? before : undefined;
  const place = (k: number): boolean => {
    const w = toks[k];
    return w !== undefined && (w.key === "on" || w.key === "at" || w.key === "of" || w.key === "corner" || w.key === "en" || w.key === "esquina");
  };
  if (joinNext !== undefined && (streetNameWord(joinNext) || (joinNext.kind === ALNUM && isOrdinalDay(joinNext) > 0)) && place(i - 1)) return true;
  return joinPrev !== undefined && streetNameWord(joinPrev) && place(joinPrev.index - 1);
}

function detectOrdinalDates(scan: Scan): void {
  const toks = scan.tokens;
  let nounOrdinal = -1;
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!scan.isFree(t)) continue;
    const prev = toks[i - 1] as Token;
    const isOrdinal = (t.kind === ALNUM && isOrdinalDay(t) > 0) || (t.kind === WORD && ORDINAL_WORDS.get(t.key) !== undefined);
    const compound = isTens(t) && toks[i + 1] !== undefined && ORDINAL_WORDS.has((toks[i + 1] as Token).key) && (toks[i + 1] as Token).gap.length <= 2;
    const last = compound ? i + 1 : i;
    const next = toks[last + 1];
    const nextIsNoun = next !== undefined && sameClause(next.gap) && (ORDINAL_NOUNS.has(next.key) || QUANTITY_UNITS.has(next.key) || DOSE_UNITS.has(next.key));
    if ((isOrdinal || compound) && nextIsNoun) {
      nounOrdinal = last;
      continue;
    }
    if (nextIsNoun) continue;
    // "the 1st floor or the 4th": the noun is understood
    const elided = nounOrdinal >= 0 && sameClauseBetween(scan, nounOrdinal, i);
    if (t.kind === ALNUM && isOrdinalDay(t) > 0) {
      // "on 5th and Main", "at Main & 3rd": a street corner, not a day
      if (streetCorner(scan, i)) continue;
      // The article belongs to the date: "on the 14th", "el 22".
      const article = (prev.key === "the" || prev.key === "el") && plainGap(t.gap) && scan.claimOf(prev) !== PHI;
      if (!elided && (ORDINAL_BEFORE.has(prev.key) || WEEKDAYS.has(prev.key))) scan.addTokens(article ? i - 1 : i, i, "DATE", "day");
      continue;
    }
    if ((isOrdinal && t.kind === WORD) || compound) {
      if (prev.key !== "the" || elided) continue;
      const pp = toks[i - 2];
      if (pp !== undefined && (ORDINAL_BEFORE.has(pp.key) || pp.key === "to" || pp.key === "for" || pp.key === "around" || WEEKDAYS.has(pp.key)) && pp.key !== "the") {
        if (next === undefined || !sameClause(next.gap) || next.kind !== WORD || next.key === "at" || next.key === "for" || next.key === "and") {
          scan.addTokens(i - 1, last, "DATE", "day");
          i = last;
        }
      }
      continue;
    }
    if (t.kind === NUM && t.norm.length <= 2 && (prev.key === "el" || prev.key === "dia" || prev.key === "del")) {
      const v = parseInt(t.norm, 10);
      if (v < 1 || v > 31) continue;
      if (next !== undefined && sameClause(next.gap) && (next.key === "de" || next.key === "por" || next.key === "a" || next.key === "al")) continue;
      if (scan.text.charAt(t.end) === "%" || scan.text.charAt(t.end) === ":") continue;
      scan.addTokens(prev.key === "el" && plainGap(t.gap) ? i - 1 : i, i, "DATE", "day");
    }
  }
}

/** Words of a pain score (not "rate us 9/10", which stays an ambiguous date and fails closed). */
const PAIN_SCORE_WORDS = new Set(["pain", "dolor", "score", "scale", "escala"]);

function scoreWordBefore(scan: Scan, offset: number): boolean {
  const toks = scan.tokens;
  const last = scan.indexBefore(offset);
  for (let k = last; k >= 0 && k > last - 4; k--) {
    const t = toks[k] as Token;
    if (PAIN_SCORE_WORDS.has(t.key)) return true;
    if (!sameClause(t.gap) && k < last) return false;
  }
  return false;
}

function sameClauseBetween(scan: Scan, a: number, b: number): boolean {
  for (let k = a + 1; k <= b; k++) if (!sameClause((scan.tokens[k] as Token).gap)) return false;
  return true;
}

export function detectDates(scan: Scan): void {
  detectNumericDates(scan);
  detectMonthDates(scan);
  detectOrdinalDates(scan);
}
