import { type Scan, PHI, phraseGap, plainGap, sameClause } from "./Scan.ts";
import { type Token, ALNUM, CAP, LOWER, NUM, UPPER, WORD } from "./tokenize.ts";
import {
  FACILITY_NOUN_SET, STATE_CODE_SET, STREET_PREFIX_ES_SET, STREET_SUFFIX_SET, UNIT_WORD_SET, healthWord,
  isCommonWord, isFirstName, isGeneratedName, isKnownWord, isSurname, placesStartingWith,
} from "./vocabulary.ts";
import { DOSE_UNITS, QUANTITY_UNITS, WEEKDAYS } from "./vocab/lexicon.ts";
import { ORDINAL_NUMBER } from "./patterns.ts";

/** Abbreviated suffixes are unambiguous; spelled-out ones ("way", "park") must be capitalised in mixed text. */
const ABBREVIATED_SUFFIX = new Set(["st", "ave", "av", "rd", "blvd", "dr", "ln", "ct", "pl", "pkwy", "hwy", "cir", "ter", "trl", "sq", "plz", "expy", "fwy", "cv", "hts", "xing", "aly", "cres"]);
const STRONG_SUFFIX = new Set(["street", "avenue", "road", "boulevard", "drive", "lane", "highway", "parkway", "court", "circle", "terrace", "trail", "place"]);
const DIRECTIONS = new Set(["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"]);
const FUNCTION_WORDS = new Set([
  "the", "a", "an", "to", "of", "and", "or", "for", "at", "in", "on", "my", "your", "his", "her", "our", "their", "this",
  "that", "with", "from", "by", "is", "are", "was", "be", "it", "i", "you", "we", "they", "he", "she", "me", "us", "same",
  "el", "la", "los", "las", "de", "del", "en", "su", "mi", "tu", "nuestra", "nuestro", "un", "una", "y", "o", "por", "para",
  "con", "every", "each", "per", "times", "more", "less", "other", "next", "last", "first", "all",
]);
const PLACE_CONTEXT = new Set(["in", "from", "near", "to", "at", "en", "de", "desde", "cerca", "around", "outside", "visiting", "moved", "live", "lives", "living", "vivo", "vive", "viven", "hacia", "para"]);
const STRONG_PLACE_CONTEXT = new Set(["in", "from", "near", "en", "desde", "cerca", "outside", "visiting"]);
const GENERIC_FACILITY = new Set([
  "the", "our", "your", "my", "this", "that", "a", "an", "local", "nearest", "nearby", "closest", "main", "new", "old",
  "same", "other", "next", "primary", "walk", "emergency", "el", "la", "los", "las", "su", "mi", "nuestra", "nuestro",
  "tu", "otro", "otra", "de", "del", "any", "some", "their", "his", "her", "its", "which", "what", "every", "call",
  "please", "contact", "visit", "at", "to", "from", "in", "on", "for", "and", "or", "with", "by", "cualquier", "una", "un",
  // parts of a building, not of a name: "our Pharmacy Drive-Thru", "the Clinic Pickup Window"
  "drive", "thru", "window", "counter", "pickup",
]);
const FACILITY_LINKS = new Set(["of", "de", "del", "la", "las", "los", "el", "and", "&", "st", "saint", "san", "santa", "mt", "mount", "for"]);
/** Facility words that only qualify a head noun: "Memorial Hospital", not "Memorial Day". */
const FACILITY_MODIFIERS = new Set(["memorial", "regional", "general", "family", "childrens", "womens", "urgent", "behavioral", "medical", "pediatric", "surgical", "nursing", "wellness"]);
const ZIP_CONTEXT = new Set(["zip", "zipcode", "postal", "cp", "codigo"]);

export function detectLocations(scan: Scan): void {
  detectStreetAddresses(scan);
  detectNamedStreets(scan);
  detectSpanishStreets(scan);
  detectUnitsAndBoxes(scan);
  detectZipCodes(scan);
  detectGazetteerPlaces(scan);
  detectFacilities(scan);
  detectSpecialtyPractices(scan);
  detectUnknownPlaces(scan);
}

const IN_PLACE = new Set(["in", "near", "outside", "en", "around", "on"]);
/** "the Walgreens on Belmont": "on" introduces a street only after a word for a place. */
const PLACE_NOUNS = new Set(["pharmacy", "walgreens", "cvs", "office", "clinic", "store", "located", "live", "lives", "living", "house", "home", "apartment", "parked", "corner", "building", "one", "location", "branch", "farmacia", "tienda", "oficina", "casa", "vivo", "vive"]);

/** Second words of neighbourhood names: "Humboldt Park", "Little Village", "Lincoln Heights". */
const PLACE_HEADS = new Set(["park", "village", "heights", "hills", "square", "gardens", "estates", "grove", "springs", "falls", "valley", "beach", "city", "town", "township"]);

/** "in Kirkland", "en Zapopan": an unknown capitalised word after "in" is a town the gazetteer lacks. */
function detectUnknownPlaces(scan: Scan): void {
  if (scan.mode !== "mixed") return;
  const toks = scan.tokens;
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i] as Token;
    const prev = toks[i - 1] as Token;
    if (t.kind !== WORD || t.shape !== CAP || t.sentStart || t.possessive || scan.claimOf(t) === PHI || !IN_PLACE.has(prev.key) || !plainGap(t.gap)) continue;
    // A name only the generated list knows is no evidence against a place ("on Cermak").
    if (isKnownWord(t.key) || isFirstName(t.key) || (isSurname(t.key) && !isGeneratedName(t.key)) || t.key.length < 3) continue;
    // "on Belmont" after a place: "the pharmacy on", "the Target on"
    if (prev.key === "on" && !toks.slice(Math.max(0, i - 5), i - 1).some((x, k, all) => PLACE_NOUNS.has(x.key) || (x.shape === CAP && all[k - 1]?.key === "the"))) continue;
    let end = i;
    const next = toks[i + 1];
    if (next !== undefined && plainGap(next.gap) && next.kind === WORD && next.shape === CAP && (!isKnownWord(next.key) || PLACE_HEADS.has(next.key))) end = i + 1;
    scan.addTokens(i, end, "LOCATION", "place");
    i = end;
  }
}

function isNameLikeStreetWord(scan: Scan, t: Token): boolean {
  if (t.kind === ALNUM) return ORDINAL_NUMBER.test(t.key);
  if (t.kind === NUM) return false;
  if (FUNCTION_WORDS.has(t.key) || QUANTITY_UNITS.has(t.key) || DOSE_UNITS.has(t.key)) return false;
  if (DIRECTIONS.has(t.key)) return true;
  if (scan.mode === "mixed") return t.shape !== LOWER;
  return healthWord(t.key) === undefined;
}

/** "123 Main St", "400 N. Oak Avenue", "12 5th Ave Apt 4B". */
function detectStreetAddresses(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    const numeric = t.kind === NUM || (t.kind === ALNUM && t.key.charCodeAt(0) >= 0x30 && t.key.charCodeAt(0) <= 0x39 && t.key.length <= 7);
    if (!numeric || t.key.length > 7 || scan.claimOf(t) === PHI) continue;
    let j = i + 1;
    let names = 0;
    let end = -1;
    while (j < toks.length && j - i <= 5) {
      const nt = toks[j] as Token;
      if (!(plainGap(nt.gap) || (nt.gap.trim() === "." && nt.gap.length <= 2) || (nt.gap.startsWith(".") && plainGap(nt.gap.slice(1))))) break;
      if (STREET_SUFFIX_SET.has(nt.key) && names > 0) {
        const abbreviated = ABBREVIATED_SUFFIX.has(nt.key);
        const ok = abbreviated || (scan.mode === "mixed" ? nt.shape !== LOWER : STRONG_SUFFIX.has(nt.key));
        if (ok) {
          end = j;
          break;
        }
      }
      if (!isNameLikeStreetWord(scan, nt)) break;
      names++;
      j++;
    }
    if (end < 0) continue;
    // trailing direction: "Main St NW"
    const d = toks[end + 1];
    if (d !== undefined && plainGap(d.gap) && DIRECTIONS.has(d.key) && d.shape === UPPER) end++;
    // "#4B" right after
    const h = toks[end + 1];
    if (h !== undefined && (h.gap.trim() === "#" || h.gap.trim() === ",#" || h.gap.trim() === ", #") && (h.kind === NUM || h.kind === ALNUM)) end++;
    scan.addTokens(i, end, "LOCATION", "address");
    i = end;
  }
}

const ROUTE_WORDS = new Set(["route", "rte", "rt", "highway", "hwy", "interstate", "i", "us", "sr", "county", "carretera", "ruta"]);
const SAINTS = new Set(["st", "saint", "san", "santa", "sta", "mt", "mount"]);

/**
 * Streets and roads named without a house number ("on Elm Street", "Waukegan Rd", "Route 9",
 * "Main and 3rd"), and facilities named after a saint ("St. Luke's").
 */
function detectNamedStreets(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (scan.claimOf(t) === PHI) continue;
    const next = toks[i + 1];
    // Route 9, Hwy 41, I-94
    if (ROUTE_WORDS.has(t.key) && next !== undefined && next.kind === NUM && (plainGap(next.gap) || next.gap === "-") && (t.shape !== LOWER || scan.mode !== "mixed") && !(t.key === "i" && next.gap !== "-") && !(t.key === "us" && t.shape !== UPPER)) {
      scan.addTokens(i, i + 1, "LOCATION", "street");
      i++;
      continue;
    }
    // St. Luke's, Saint Joseph's, Mount Sinai (but "12 Main St" is a street, handled before)
    if (SAINTS.has(t.key) && t.shape !== LOWER && next !== undefined && next.kind === WORD && next.shape !== LOWER && (next.gap === ". " || next.gap === "." || plainGap(next.gap)) && !STREET_SUFFIX_SET.has(next.key)) {
      const prev = toks[i - 1];
      if (prev === undefined || prev.kind !== NUM) {
        let end = i + 1;
        if (!next.possessive && toks[end + 1] !== undefined && FACILITY_NOUN_SET.has((toks[end + 1] as Token).key)) end++;
        scan.addTokens(i, end, "LOCATION", "facility");
        i = end;
        continue;
      }
    }
    // Elm Street, Sheridan Rd: capitalised name words ending in a street suffix
    if (STREET_SUFFIX_SET.has(t.key) && i > 0 && (ABBREVIATED_SUFFIX.has(t.key) || STRONG_SUFFIX.has(t.key)) && (t.shape !== LOWER || scan.mode !== "mixed")) {
      let a = i;
      while (a > 0 && i - a < 3) {
        const p = toks[a - 1] as Token;
        const cur = toks[a] as Token;
        if (!(plainGap(cur.gap) || cur.gap === ". ") || scan.claimOf(p) === PHI || p.kind === NUM) break;
        const nameWord = (p.kind === WORD && p.shape !== LOWER && !FUNCTION_WORDS.has(p.key) && !GENERIC_FACILITY.has(p.key)) || (p.kind === ALNUM && ORDINAL_NUMBER.test(p.key)) || (p.kind === WORD && DIRECTIONS.has(p.key) && a < i);
        if (!nameWord) break;
        if (p.sentStart && isCommonWord(p.key) && !DIRECTIONS.has(p.key)) break;
        a--;
      }
      if (a < i && scan.mode === "mixed") {
        // "St" after a name is Street only when the name is not a title-case sentence start of a saint
        if (t.key === "st" && next !== undefined && next.shape !== LOWER && next.kind === WORD && plainGap(next.gap)) continue;
        scan.addTokens(a, i, "LOCATION", "street");
        continue;
      }
    }
    // Main and 3rd, 5th & Pine
    if (next !== undefined && (next.key === "and" || next.gap.trim() === "&") && plainGap(t.gap) && i > 0) {
      const other = next.key === "and" ? toks[i + 2] : next;
      const otherIndex = next.key === "and" ? i + 2 : i + 1;
      if (other !== undefined && scan.claimOf(other) !== PHI) {
        const ord = (x: Token): boolean => x.kind === ALNUM && ORDINAL_NUMBER.test(x.key);
        const cap = (x: Token): boolean => x.kind === WORD && x.shape === CAP && !x.sentStart && !FUNCTION_WORDS.has(x.key);
        const prev = toks[i - 1] as Token;
        if ((ord(t) && cap(other)) || (cap(t) && ord(other)) || (ord(t) && ord(other))) {
          if (prev.key === "on" || prev.key === "at" || prev.key === "of" || prev.key === "corner") {
            scan.addTokens(i, otherIndex, "LOCATION", "street");
            i = otherIndex;
          }
        }
      }
    }
  }
}

/** "calle Juárez 123", "Av. Reforma #45", "colonia Centro". */
function detectSpanishStreets(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i] as Token;
    if (!STREET_PREFIX_ES_SET.has(t.key) || t.kind !== WORD) continue;
    // English "boulevard"/"park" words in the prefix list only count in Spanish text or before a number/name.
    let j = i + 1;
    let end = -1;
    let names = 0;
    while (j < toks.length && j - i <= 6) {
      const nt = toks[j] as Token;
      if (!sameClause(nt.gap.replace(".", "")) || nt.gap.length > 3) break;
      if (nt.kind === NUM || nt.kind === ALNUM) {
        end = j;
        j++;
        continue;
      }
      const capital = nt.shape !== LOWER;
      const nameish = scan.mode === "mixed" ? capital : !FUNCTION_WORDS.has(nt.key);
      if (nameish || (["de", "del", "la", "las", "los", "el"].includes(nt.key) && j + 1 < toks.length)) {
        if (nameish) {
          names++;
          end = j;
        }
        j++;
        continue;
      }
      break;
    }
    if (end < 0 || names + (end > i ? 1 : 0) === 0) continue;
    if (!scan.spanish && names === 0 && t.key !== "calle" && t.key !== "avenida") continue;
    // A house number before the street word ("1939 Calle Zaragoza", Puerto Rico style)
    const before = toks[i - 1];
    const start = before !== undefined && before.kind === NUM && before.key.length <= 5 && plainGap(t.gap) && scan.isFree(before) && names > 0 ? i - 1 : i;
    scan.addTokens(start, end, "LOCATION", "address");
    i = end;
  }
}

/** "Apt 4B", "Suite 210", "apto 3", "PO Box 1234". */
function detectUnitsAndBoxes(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i] as Token;
    let k = i + 1;
    let start = i;
    if (t.key === "po" || (t.key === "p" && toks[i + 1]?.key === "o")) {
      if (t.key === "p") k++;
      if (toks[k]?.key !== "box") continue;
      k++;
    } else if (t.key === "apartado" || t.key === "box") {
      if (t.key === "box" && toks[i - 1]?.key !== "po") continue;
    } else if (!UNIT_WORD_SET.has(t.key)) continue;
    if (t.key === "unit" && scan.mode === "mixed" && t.shape === LOWER) continue;
    let v = toks[k];
    if (v !== undefined && (v.key === "no" || v.key === "num") && v.gap.length <= 2) v = toks[++k];
    if (v === undefined || v.gap.length > 3 || !sameClause(v.gap.replace(".", "").replace("#", ""))) continue;
    const value = v.kind === NUM || v.kind === ALNUM || (v.kind === WORD && v.key.length === 1 && v.shape === UPPER);
    if (!value) continue;
    if (scan.claimOf(v) === PHI && scan.claimOf(t) === PHI) continue;
    if (t.key === "box") start = i - 1;
    scan.addTokens(start, k, "LOCATION", "address");
    i = k;
  }
}

function isFiveDigits(t: Token | undefined): boolean {
  return t !== undefined && t.kind === NUM && t.key.length === 5;
}

/** ZIP codes after a state or the word "zip": "Austin, TX 78701", "zip 02139", "C.P. 06700". */
function detectZipCodes(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!isFiveDigits(t) || scan.claimOf(t) === PHI) continue;
    const prev = toks[i - 1] as Token;
    const stateBefore = (STATE_CODE_SET.has(prev.key) && (prev.shape === UPPER || scan.mode !== "mixed")) || placesStartingWith(prev.key)?.some((p) => p.kind === "state") === true;
    const zipWord = ZIP_CONTEXT.has(prev.key) || (prev.key === "code" && toks[i - 2]?.key === "zip") || (prev.key === "p" && toks[i - 2]?.key === "c");
    if (!stateBefore && !zipWord) continue;
    let end = i;
    const plus4 = toks[i + 1];
    if (plus4 !== undefined && plus4.kind === NUM && plus4.key.length === 4 && plus4.gap === "-") end = i + 1;
    scan.addTokens(stateBefore ? i - 1 : i, end, "LOCATION", "zip");
  }
}

/** Cities, towns and named facilities from the gazetteer. */
function detectGazetteerPlaces(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.kind !== WORD || scan.claimOf(t) === PHI) continue;
    const places = placesStartingWith(t.key);
    if (places === undefined) continue;
    for (const p of places) {
      if (p.kind === "state") continue;
      const last = i + p.keys.length - 1;
      let ok = last < toks.length;
      for (let k = 1; ok && k < p.keys.length; k++) {
        const nt = toks[i + k] as Token;
        ok = nt.key === p.keys[k] && (phraseGap(nt.gap) || nt.gap === ". " || nt.gap === ".");
      }
      if (!ok) continue;
      const end = last;
      // ", TX" / ", Texas" / " 78701" after a city
      const after = toks[end + 1];
      const stateAfter = after !== undefined && (after.gap === ", " || after.gap === "," || plainGap(after.gap)) &&
        ((STATE_CODE_SET.has(after.key) && after.shape === UPPER) || placesStartingWith(after.key)?.some((q) => q.kind === "state" && q.keys.length === 1) === true);
      if (p.ambiguous) {
        const capitalized = toks.slice(i, last + 1).every((x) => x.shape !== LOWER);
        const prev = toks[i - 1];
        const context = prev !== undefined && sameClause(t.gap) && (scan.mode === "mixed" ? PLACE_CONTEXT : STRONG_PLACE_CONTEXT).has(prev.key);
        // "Oak Park", "Long Beach": several capitalised words mid-sentence name the place
        const multi = p.keys.length > 1 && !t.sentStart;
        const accepted = scan.mode === "mixed" ? capitalized && (stateAfter || context || multi || (p.kind === "facility" && !t.sentStart)) : stateAfter;
        if (!accepted) continue;
      }
      // "Columbus Day", "Washington's Birthday": a holiday, not the place.
      const holiday = toks[end + 1];
      if (p.kind === "city" && holiday !== undefined && (holiday.key === "day" || holiday.key === "birthday") && holiday.shape !== LOWER && (phraseGap(holiday.gap) || (toks[end] as Token).possessive)) continue;
      scan.addTokens(i, end, "LOCATION", p.kind === "city" ? "city" : "facility");
      i = end;
      break;
    }
  }
}

function isFacilityNameWord(scan: Scan, t: Token): boolean {
  if (t.kind !== WORD && t.kind !== ALNUM) return false;
  if (GENERIC_FACILITY.has(t.key) || FACILITY_NOUN_SET.has(t.key)) return false;
  // "the Cardiology Department", "Oncology Clinic": a specialty names a service, not which place
  if (healthWord(t.key)?.sub === "care-setting" && !isFirstName(t.key) && !isSurname(t.key)) return false;
  // "Vaccine clinic Saturday", "Pain clinic is on 3": a service, capitalised only as the first word.
  if (t.sentStart && healthWord(t.key) !== undefined) return false;
  if (scan.mode === "mixed") return t.shape !== LOWER;
  // Without capitals only a word that is not ordinary can be a name ("st marys hospital").
  return !isCommonWord(t.key) && healthWord(t.key) === undefined && (isFirstName(t.key) || isSurname(t.key) || !isKnownWord(t.key));
}

/** After a facility noun, words of its timetable, not of its name: "Vaccine Clinic Schedule", "Clinic Hours". */
const SCHEDULE_WORDS = new Set(["schedule", "schedules", "hours", "horario", "horarios", "calendar"]);

/** A health word names a service, not which place: "Vaccine Clinic", "Flu Shot Clinic" (unless it is also a name: "Mercy"). */
function isServiceWord(t: Token): boolean {
  return healthWord(t.key) !== undefined && !isFirstName(t.key) && !isSurname(t.key);
}

/** Already found as (part of) a place: "Pinecrest" of "Pinecrest Heart and Vascular". */
function inLocation(scan: Scan, t: Token): boolean {
  return scan.spans.some((s) => s.category === "LOCATION" && s.start <= t.start && s.end >= t.end);
}

/** "Lakeside Family Medicine", "St. Mary's Hospital", "Clínica San José", "Hospital General de México". */
function detectFacilities(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!FACILITY_NOUN_SET.has(t.key)) continue;
    // lowercase in mixed text only as a generic noun before a name: "la residencia Los Pinos"
    const nx = toks[i + 1];
    if (scan.mode === "mixed" && t.shape === LOWER && !(nx !== undefined && phraseGap(nx.gap) && nx.shape !== LOWER && nx.kind === WORD && !nx.sentStart)) continue;
    let a = i;
    let b = i;
    let names = 0;
    // left: name words, "St.", "of"
    while (a > 0) {
      const cur = toks[a] as Token;
      const p = toks[a - 1] as Token;
      const gapOk = phraseGap(cur.gap) || ((p.key === "st" || p.key === "mt") && (cur.gap === ". " || cur.gap === "."));
      if (!gapOk || scan.claimOf(p) === PHI && !FACILITY_NOUN_SET.has(p.key) && !isFacilityNameWord(scan, p)) break;
      if (FACILITY_NOUN_SET.has(p.key) && (scan.mode !== "mixed" || p.shape !== LOWER)) a--;
      else if (isFacilityNameWord(scan, p)) {
        a--;
        if (!isServiceWord(p)) names++;
      } else if (FACILITY_LINKS.has(p.key) && a - 2 >= 0 && isFacilityNameWord(scan, toks[a - 2] as Token)) a--;
      else break;
    }
    // right: more facility nouns, "of/de" + name words, "San José"
    while (b + 1 < toks.length) {
      const nt = toks[b + 1] as Token;
      if (!phraseGap(nt.gap)) break;
      if (FACILITY_NOUN_SET.has(nt.key) && (scan.mode !== "mixed" || nt.shape !== LOWER)) b++;
      // "Mercy Hospital Monday", "clinic Saturday 9-12": a weekday after it says when, not which
      // place (months not: "Clínica Mayo").
      else if (WEEKDAYS.has(nt.key) || SCHEDULE_WORDS.has(nt.key)) break;
      else if (isFacilityNameWord(scan, nt) && (names > 0 || b > i || scan.mode === "mixed" || FACILITY_LINKS.has(toks[b]?.key ?? ""))) {
        b++;
        names++;
      } else if (FACILITY_LINKS.has(nt.key) && b + 2 < toks.length && isFacilityNameWord(scan, toks[b + 2] as Token) && phraseGap((toks[b + 2] as Token).gap)) b++;
      else break;
    }
    // trim links at the edges
    while (a < i && FACILITY_LINKS.has((toks[a] as Token).key) && (toks[a] as Token).key !== "st" && (toks[a] as Token).key !== "san" && (toks[a] as Token).key !== "santa") a++;
    while (b > i && FACILITY_LINKS.has((toks[b] as Token).key)) b--;
    if (names === 0) continue;
    // "Memorial Day", "General Assembly": a facility needs a head noun (hospital, clinic, pharmacy...)
    let head = false;
    for (let k = a; k <= b; k++) if (FACILITY_NOUN_SET.has((toks[k] as Token).key) && !FACILITY_MODIFIERS.has((toks[k] as Token).key)) head = true;
    if (!head) continue;
    scan.addTokens(a, b, "LOCATION", "facility");
    i = b;
  }
}

const PRACTICE_LINKS = new Set(["and", "y"]);

function capitalWord(t: Token | undefined): t is Token {
  return t !== undefined && t.kind === WORD && (t.shape === CAP || t.shape === UPPER);
}

/**
 * A practice named by its specialties, with no head noun: "Sunrise Obstetrics and Gynecology",
 * "Coastal Dermatology", "North Shore Heart and Vascular". Capitalised name words (not opening
 * the sentence: "Annual Cardiology Conference" is a heading) before capitalised health words,
 * with a specialty among them or two of them joined by "and" ("Heart and Vascular"). Mixed-case
 * text only: without capitals nothing tells a practice from a department.
 */
function detectSpecialtyPractices(scan: Scan): void {
  if (scan.mode !== "mixed") return;
  const toks = scan.tokens;
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!capitalWord(t) || t.sentStart || !phraseGap(t.gap) || healthWord(t.key) === undefined || scan.claimOf(t) === PHI) continue;
    let a = i;
    while (a > 0 && i - a < 3) {
      const p = toks[a - 1] as Token;
      if (!phraseGap((toks[a] as Token).gap) || !capitalWord(p) || p.sentStart || (scan.claimOf(p) === PHI && !inLocation(scan, p)) || healthWord(p.key) !== undefined || !isFacilityNameWord(scan, p)) break;
      a--;
    }
    if (a === i) continue;
    let b = i;
    let specialty = healthWord(t.key)?.sub === "care-setting";
    let linked = false;
    while (b + 1 < toks.length) {
      const nt = toks[b + 1] as Token;
      if (capitalWord(nt) && phraseGap(nt.gap) && healthWord(nt.key) !== undefined) {
        b++;
      } else if ((PRACTICE_LINKS.has(nt.key) && phraseGap(nt.gap)) || nt.gap.trim() === "&" || nt.gap === ", ") {
        // "Heart and Vascular", "Ear, Nose and Throat", "Heart & Lung": the word after the link
        // is capitalised; one the vocabularies lack ("Vascular") counts after "and" only
        const w = PRACTICE_LINKS.has(nt.key) ? toks[b + 2] : nt;
        const gapOk = PRACTICE_LINKS.has(nt.key) ? phraseGap(w?.gap ?? "") : true;
        if (!capitalWord(w) || !gapOk || w.sentStart) break;
        // the rest is already a facility ("Nose and Throat Associates"): join it
        if (scan.claimOf(w) === PHI) {
          b = w.index;
          linked = true;
          break;
        }
        const known = healthWord(w.key) !== undefined;
        if (!known && !(PRACTICE_LINKS.has(nt.key) && !isCommonWord(w.key) && !isKnownWord(w.key))) break;
        b = w.index;
        linked = true;
      } else break;
      if (healthWord((toks[b] as Token).key)?.sub === "care-setting") specialty = true;
    }
    if (!specialty && !linked) continue;
    // a head noun after the specialties belongs to the name: "... Ear, Nose and Throat Associates"
    while (b + 1 < toks.length && FACILITY_NOUN_SET.has((toks[b + 1] as Token).key) && capitalWord(toks[b + 1]) && phraseGap((toks[b + 1] as Token).gap)) b++;
    scan.addTokens(a, b, "LOCATION", "facility");
    i = b;
  }
}
