import { type Scan, plainGap, sameClause } from "./Scan.ts";
import { type Token, ALNUM, LOWER, NUM, WORD } from "./tokenize.ts";
import { NUMBER_WORDS } from "./vocab/lexicon.ts";
import { isCommonWord, isFirstName, isGeneratedName, isSurname } from "./vocabulary.ts";
import { AGE_SEX_TOKEN, AGE_TOKEN, ORDINAL_NUMBER } from "./patterns.ts";

const AGE_AFTER = new Set(["yo", "yrs", "yr", "years", "year", "ano", "anos", "y", "yoa", "yof", "yom", "anitos"]);
const AGE_BEFORE = new Set(["age", "aged", "ages", "edad", "turned", "turning", "turns", "turn", "cumple", "cumplio", "cumplira", "cumplir", "cumplo", "tiene", "tengo", "tenia"]);
const DECADE_BEFORE = new Set(["her", "his", "their", "my", "your", "late", "early", "mid", "sus", "los", "mid-"]);
const DECADE_WORDS = new Set(["nineties", "noventas"]);
const BIRTHDAY = new Set(["birthday", "bday", "cumpleanos", "cumple"]);
/**
 * Words that say the age is 90 or more by themselves. Not Spanish "centenario/a": it mostly
 * means a hundred years of a thing ("una tradición centenaria").
 */
const AGE_NOUNS = new Set(["nonagenarian", "nonagenarians", "centenarian", "centenarians", "supercentenarian", "supercentenarians", "nonagenaria", "nonagenario", "nonagenarias", "nonagenarios"]);

function numberValue(scan: Scan, i: number): [number, number] | undefined {
  // Returns [value, index of last token] for "92", "ninety two", "ninety-two", "noventa y dos", "one hundred (and) two".
  const toks = scan.tokens;
  const t = toks[i] as Token;
  if (t.kind === NUM) return t.norm.length <= 3 ? [parseInt(t.norm, 10), i] : undefined;
  if (t.kind !== WORD) return undefined;
  const v = NUMBER_WORDS.get(t.key);
  if (v === undefined) return undefined;
  let value = v;
  let last = i;
  let j = i + 1;
  if (v === 1 && toks[j]?.key === "hundred") {
    value = 100;
    last = j;
    j++;
  }
  if (value === 90 || value === 100) {
    let k = j;
    if (toks[k]?.key === "and" || toks[k]?.key === "y") k++;
    const u = toks[k];
    const uv = u === undefined ? undefined : NUMBER_WORDS.get(u.key);
    if (u !== undefined && uv !== undefined && uv >= 1 && uv <= 9 && u.gap.length <= 2) {
      value += uv;
      last = k;
    }
  }
  return [value, last];
}

const PERSONS = new Set([
  "he", "she", "mom", "mother", "dad", "father", "grandma", "grandmother", "grandpa", "grandfather", "husband", "wife",
  "patient", "pt", "aunt", "uncle", "mama", "mami", "papa", "abuela", "abuelo", "abuelita", "abuelito", "madre",
  "padre", "esposo", "esposa", "suegra", "suegro", "tia", "tio", "i", "who", "resident", "client", "sister", "brother",
  // he'll, she'll, I'll, he'd, she'd as the tokenizer keys them (apostrophe dropped): "she'll be 95"
  "hell", "shell", "ill", "hed",
]);
const BE = new Set(["is", "was", "turned", "turns", "turning", "will", "be", "just", "now", "es", "esta", "ya"]);

/** "my mom is 96", "he's 92", "she's 97", "I'm 93", "Walter, who is 91". */
function isPersonIs(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const prev = toks[i - 1] as Token;
  if (!sameClause(toks[i]?.gap ?? "")) return false;
  if (prev.possessive && (prev.key === "he" || prev.key === "she")) return true;
  if (prev.key === "im") return true;
  if (!BE.has(prev.key)) return false;
  for (let k = i - 2; k >= 0 && i - k <= 4; k--) {
    const t = toks[k] as Token;
    if (PERSONS.has(t.key) || (t.kind === WORD && t.shape !== LOWER && k > 0 && !t.sentStart)) return true;
    if (!BE.has(t.key)) return false;
  }
  return false;
}

const NOT_AGE_AFTER = new Set(["percent", "min", "mins", "minutes", "dollars", "pm", "am", "lbs", "kg", "mg", "units", "degrees", "pounds", "over", "bpm", "mmhg", "feet", "ft", "foot", "inches", "miles", "meters", "metros", "grados", "pesos", "cents"]);

/** "is 94 percent", "was 95 degrees": a number with a unit is not an age. */
function unitAfter(scan: Scan, last: number): boolean {
  const c = scan.text.charAt((scan.tokens[last] as Token).end);
  if (c === "%" || c === ":" || c === "/" || c === ".") return c !== ".";
  const n = scan.tokens[last + 1];
  return n !== undefined && sameClause(n.gap) && NOT_AGE_AFTER.has(n.key);
}

/** Words before "N," that make N something else than an age: "Room 4, 92, ...", "bed 12, 95". */
const NOT_PERSON_BEFORE = new Set(["room", "rm", "bed", "suite", "ste", "apt", "unit", "floor", "ext", "bay", "door", "gate", "lane", "lot", "row", "seat", "table", "page", "cuarto", "cama", "piso", "sala", "pm", "am"]);

/** Words that may stand before a listed age: "de 95", "age 93", "aged 91", "edad 90". */
const AGE_WORDS_BEFORE = new Set(["de", "age", "aged", "edad", "ages"]);

/**
 * A staff page's "Name, 9x, complaint": the number (digits or words: "ninety-one") stands
 * between commas, or ends the clause ("Pt Ruiz, 94."), right after a word that names someone:
 * capitalised (or in a capitals-only page), or a gazetteer name in lowercase ("ruiz, 93, fall").
 * A comma and a word must follow unless that word is a known name.
 */
function isListedAge(scan: Scan, i: number, last: number): boolean {
  const toks = scan.tokens;
  // "Sra. Zubiría, de 95, ...", "Okafor, age 93, ...": the number said with its word
  const worded = AGE_WORDS_BEFORE.has(toks[i - 1]?.key ?? "") && plainGap((toks[i] as Token).gap);
  const t = toks[worded ? i - 1 : i] as Token;
  const prev = toks[worded ? i - 2 : i - 1];
  const next = toks[last + 1];
  const age = toks[i] as Token;
  if (prev === undefined || (age.kind === NUM && age.norm.length > 3)) return false;
  if (t.gap.trim() !== "," || prev.kind !== WORD || NOT_PERSON_BEFORE.has(prev.key)) return false;
  const known = isFirstName(prev.key) || isSurname(prev.key) || isGeneratedName(prev.key);
  if (prev.shape === LOWER ? !(known && !isCommonWord(prev.key)) : !known && isCommonWord(prev.key)) return false;
  if (next === undefined || !sameClause(next.gap)) return known && !unitAfter(scan, last) && scan.text.charAt((toks[last] as Token).end) !== "/";
  if (!next.gap.trim().startsWith(",") || next.gap.length > 3) return false;
  return next.kind === WORD || (known && next.kind === NUM);
}

const TEMPERATURE_BEFORE = new Set(["temp", "t", "tmax", "temperature", "fever", "febrile", "afebrile", "temperatura", "was", "of"]);
const AGE_SEX_BEFORE = new Set(["a", "an", "pt", "patient", "is", "un", "una", "paciente"]);

/**
 * Charting shorthand "97F", "92M" (age and sex), in capitals: at the start of a line or after
 * "a"/"pt"; "temp 97F" stays a temperature.
 */
function isAgeSex(scan: Scan, i: number): boolean {
  const t = scan.tokens[i] as Token;
  const m = AGE_SEX_TOKEN.exec(t.norm);
  if (m === null || parseInt(m[1] as string, 10) < 90 || parseInt(m[1] as string, 10) > 130) return false;
  const sex = scan.text.charAt(t.end - 1);
  if (sex !== "F" && sex !== "M") return false;
  const prev = scan.tokens[i - 1];
  if (prev !== undefined && TEMPERATURE_BEFORE.has(prev.key)) return false;
  return t.sentStart || (prev !== undefined && AGE_SEX_BEFORE.has(prev.key)) || t.gap.includes(":") || t.gap.includes(",");
}

/** "Mr. Diaz (93)": a number of 90+ in brackets right after a capitalised word. */
function isBracketedAge(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  const prev = toks[i - 1];
  if (prev === undefined || prev.kind !== WORD || prev.shape === LOWER || NOT_PERSON_BEFORE.has(prev.key)) return false;
  return t.gap.trim() === "(" && scan.text.charAt(t.end) === ")";
}

/**
 * "Mr Lee 92 M - fall", "Age/Sex: 93/F": age and sex written apart, the sex a lone capital F or
 * M right after the number, ending the phrase.
 */
function isSplitAgeSex(scan: Scan, last: number): boolean {
  const toks = scan.tokens;
  const sex = toks[last + 1];
  if (sex === undefined || (sex.gap !== " " && sex.gap !== "/")) return false;
  const letter = scan.text.slice(sex.start, sex.end);
  if (letter !== "F" && letter !== "M") return false;
  const prev = toks[(toks[last] as Token).index - 1];
  if (prev !== undefined && (TEMPERATURE_BEFORE.has(prev.key) || NOT_PERSON_BEFORE.has(prev.key))) return false;
  const after = toks[last + 2];
  return after === undefined || !sameClause(after.gap) || /[-,;:(]/.test(after.gap);
}

/** "at 97 she still drives": an age after "at" with the person right after it. */
function isAtAge(scan: Scan, i: number, last: number): boolean {
  const toks = scan.tokens;
  const who = toks[last + 1];
  return toks[i - 1]?.key === "at" && who !== undefined && PERSONS.has(who.key) && who.gap.trim().length <= 1 && !unitAfter(scan, last);
}

/** "mi papá de 93", "abuelita de noventa y cuatro": de + an age after a person word. */
function isPersonDeAge(scan: Scan, i: number, last: number): boolean {
  const toks = scan.tokens;
  const person = toks[i - 2];
  return toks[i - 1]?.key === "de" && person !== undefined && PERSONS.has(person.key) && person.key !== "i" && !unitAfter(scan, last);
}

/** Token k ends an AGE90 span. */
function ageEndsAt(scan: Scan, k: number): boolean {
  const t = scan.tokens[k];
  return t !== undefined && scan.spans.some((s) => s.category === "AGE90" && s.end === t.end);
}

/** Ages of 90 and over: "92 yo", "93-year-old", "age 95", "noventa y dos años", "in her 90s". */
export function detectAges(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!scan.isFree(t)) continue;
    if (t.kind === ALNUM) {
      const m = AGE_TOKEN.exec(t.key);
      if (m !== null && parseInt(m[1] as string, 10) >= 90) scan.addTokens(i, i, "AGE90");
      else if (isAgeSex(scan, i)) scan.addTokens(i, i, "AGE90", "age-sex");
      else if (t.key === "90s" || t.key === "100s") {
        const prev = toks[i - 1];
        if (prev !== undefined && DECADE_BEFORE.has(prev.key)) scan.addTokens(i, i, "AGE90", "decade");
      } else if (ORDINAL_NUMBER.test(t.key) && parseInt(t.key, 10) >= 90 && BIRTHDAY.has(toks[i + 1]?.key ?? "")) {
        scan.addTokens(i, i + 1, "AGE90", "birthday");
      } else if (ORDINAL_NUMBER.test(t.key) && parseInt(t.key, 10) >= 90 && parseInt(t.key, 10) <= 130 && (toks[i - 1]?.key === "happy" || toks[i - 1]?.key === "feliz")) {
        scan.addTokens(i, i, "AGE90", "birthday"); // "Happy 99th!"
      }
      continue;
    }
    if (t.kind === WORD && AGE_NOUNS.has(t.key)) {
      scan.addTokens(i, i, "AGE90", "age-noun");
      continue;
    }
    if (t.kind === WORD && DECADE_WORDS.has(t.key)) {
      const prev = toks[i - 1];
      if (prev !== undefined && DECADE_BEFORE.has(prev.key)) scan.addTokens(i, i, "AGE90", "decade");
      continue;
    }
    const nv = numberValue(scan, i);
    if (nv === undefined) continue;
    const [value, last] = nv;
    if (value < 90 || value > 130) continue;
    // "90s" / "90's" after "in her"
    const after = toks[last + 1];
    if (t.kind === NUM && after !== undefined && after.key === "s" && (after.gap === "'" || after.gap === "’")) {
      const prev = toks[i - 1];
      if (prev !== undefined && DECADE_BEFORE.has(prev.key)) scan.addTokens(i, last + 1, "AGE90", "decade");
      continue;
    }
    let end = -1;
    if (after !== undefined && sameClause(after.gap) && after.gap.length <= 3 && AGE_AFTER.has(after.key)) {
      end = last + 1;
      // y/o, y.o., years old, year-old, años de edad
      const o = toks[end + 1];
      if (o !== undefined && o.gap.length <= 2 && (o.key === "o" || o.key === "old" || o.key === "of")) {
        end++;
        if (o.key === "of" && toks[end + 1]?.key === "age") end++;
      } else if (o !== undefined && o.key === "de" && toks[end + 2]?.key === "edad") end += 2;
    }
    const prev = toks[i - 1];
    if (end < 0 && prev !== undefined && AGE_BEFORE.has(prev.key) && sameClause(t.gap)) end = last;
    if (end < 0 && after !== undefined && BIRTHDAY.has(after.key)) end = last + 1;
    if (end < 0 && prev !== undefined && isPersonIs(scan, i) && !unitAfter(scan, last)) end = last;
    if (end < 0 && isListedAge(scan, i, last)) end = last;
    if (end < 0 && t.kind === NUM && isBracketedAge(scan, i)) end = i;
    if (end < 0 && t.kind === NUM && isSplitAgeSex(scan, last)) end = last + 1;
    if (end < 0 && (isAtAge(scan, i, last) || isPersonDeAge(scan, i, last))) end = last;
    // "ages 92 and 95": the next number of a list of ages
    if (end < 0 && prev !== undefined && (((prev.key === "and" || prev.key === "y") && ageEndsAt(scan, i - 2)) || (t.gap.trim() === "," && ageEndsAt(scan, i - 1)))) end = last;
    if (end >= 0) scan.addTokens(i, end, "AGE90");
  }
}
