import { type Scan, FREE, PHI, phraseGap, plainGap, sameClause } from "./Scan.ts";
import { type Token, ALNUM, LOWER, MIXED, NUM, UPPER, WORD } from "./tokenize.ts";
import {
  ABBREV_CAPS_SET, ABBREV_CONTEXT_ANYCASE_SET, ABBREV_CORROBORATE_SET, type Phrase, RESULT_WORD_SET, SPANISH_MARKERS, VALUE_WORD_SET,
  commonFuzzyIndex, fuzzyHealthSub, healthFuzzyIndex, healthPhrases, healthWord, isCommonWord, isFirstName, isSurname,
  stems,
} from "./vocabulary.ts";
import { DOSE_UNITS, NUMBER_WORDS } from "./vocab/lexicon.ts";
import { MAX_FUZZY_LENGTH, boundedDamerau } from "./fuzzy.ts";
import { ASCII_WORD, DECADE_VALUE, DOSE_TOKEN } from "./patterns.ts";

interface Range {
  a: number;
  b: number;
  sub: string;
}

/** Words between a term and its value: "A1c was 9.2", "glucosa de 300", "la sugar me salió en 45". */
const VALUE_CONNECTORS = new Set([
  "is", "was", "were", "of", "at", "around", "about", "es", "de", "esta", "estaba", "en", "reading", "read", "came",
  "back", "went", "up", "down", "to", "now", "today", "still", "over", "under", "above", "below", "only", "just", "a",
  "an", "level", "levels", "rate", "count", "result", "results", "like", "approx", "approximately", "almost", "nearly",
  "salio", "tiene", "tenia", "has", "had", "running", "dropped", "rose", "increased", "decreased", "from", "by", "el",
  "la", "su", "mi", "my", "your", "his", "her", "so", "very", "high", "low", "alta", "alto", "baja", "bajo", "taking",
  "take", "takes", "tomar", "toma", "tomando", "on", "con", "me", "le", "dio", "marco", "marca", "sigue", "in", "the",
  "for", "this", "morning", "last", "night", "am", "pm", "yesterday", "ayer", "hoy", "manana", "del", "its", "it's",
  "reads", "says", "showed", "shows", "shown", "been", "be", "are", "all", "day", "between", "entre", "hasta", "y",
  "succinate", "tartrate", "er", "xl", "sr", "xr", "hcl", "cr", "ir", "amanecio", "amaneci", "anda", "andaba", "traigo",
  "tengo", "salio", "ran", "stays", "stayed", "get", "gets", "got", "keeps", "around", "at", "checked", "check",
  "have", "stay", "staying", "run", "runs", "hovering", "hovers", "ranging", "ranges", "mostly", "usually", "mid", "score", "rating",
]);

/** Analytes of one or two letters ("K 3.1", "Na 128"): a value must follow, and capitals or a decimal say it is a lab. */
const SHORT_ANALYTES = new Set(["k", "na", "cr", "ca", "cl", "mg", "mag", "lac", "alt", "ast"]);

/** Frequency and route words that continue a dose: "500 mg twice daily by mouth". */
const DOSE_CONTINUATION = new Set([
  "daily", "twice", "once", "bid", "tid", "qid", "qd", "qhs", "prn", "qam", "qpm", "po", "a", "day", "per", "al",
  "dia", "diario", "diaria", "cada", "every", "hours", "hrs", "hr", "h", "horas", "at", "night", "bedtime", "morning",
  "noche", "manana", "x", "times", "veces", "weekly", "monthly", "semanal", "mensual", "by", "mouth", "oral", "orally",
  "sl", "iv", "im", "subq", "sq", "as", "needed", "necesario", "with", "food", "meals", "comidas", "and", "y", "or",
  "o", "mg", "mcg", "ml", "units", "unidades", "tabs", "tab", "tablet", "tablets", "pills", "pill", "puffs", "puff",
  "drops", "gotas", "pastillas", "pastilla", "tabletas", "capsulas", "mmhg", "bpm", "percent", "lbs", "lb", "kg",
  "pounds", "kilos", "libras", "f", "c", "degrees", "grados", "mg/dl", "dl", "over", "sobre", "succinate", "tartrate",
  "er", "xl", "sr", "hcl", "inhalaciones", "de", "the", "in", "cm", "mm", "l", "u", "nc", "days", "dias", "weeks",
  "semanas", "months", "meses", "years", "anos", "con", "ra", "room", "air", "prn", "pain", "gtt", "meq", "kg", "ivp", "ivpb",
]);

/** Between two health terms of one phrase: "allergic to penicillin", "MRI brain w/ contrast". */
const MERGE_CONNECTORS = new Set([
  "to", "of", "for", "with", "w", "in", "on", "a", "an", "the", "de", "del", "la", "el", "los", "las", "con", "sin",
  "en", "y", "and", "or", "o", "my", "his", "her", "your", "mi", "su", "tu", "contra", "al", "is", "was", "still",
  "very", "muy", "mas", "more", "so", "me", "se", "le", "came", "come", "comes", "back", "when", "she", "he", "they", "salio",
]);

/** Between a weak word and a term: "knee is still swollen", "prueba de VIH", "dolor de cabeza". */
const WEAK_CONNECTORS = new Set([
  "of", "de", "del", "in", "en", "my", "his", "her", "your", "their", "mi", "su", "tu", "the", "la", "el", "los", "las",
  "a", "on", "is", "are", "was", "still", "so", "very", "really", "feels", "feel", "keep", "keeps", "been", "para", "salio", "near", "showed", "shows", "revealed", "getting", "got", "me", "se",
  "le", "mas", "muy", "esta", "estan", "sigue", "for", "to", "with", "w", "al", "i", "when", "y", "and",
]);

const OWNERS = new Set(["my", "your", "his", "her", "their", "our", "mi", "su", "tu", "la", "el", "sus", "mis", "tus"]);
/** After an abbreviation naming equipment ("the BP cuff", "the CT scanner"): logistics, not health. */
const EQUIPMENT_NEXT = new Set(["pump", "pumps", "pole", "poles", "cuff", "scanner", "machine", "cart", "tech", "techs", "room", "printer", "supplies", "order", "nurse", "nurses", "shift", "coverage", "staff", "schedule", "department", "dept"]);
const DETERMINERS = new Set(["the", "a", "an", "el", "la", "our", "this", "that"]);
/** "the ambulance entrance", "la entrada de ambulancias": places of the building, not care. */
const LOGISTICS_NEXT = new Set(["entrance", "bay", "bays", "parking", "lane", "door", "entry", "exit", "driveway", "dock", "access", "accessible", "ramp", "ramps", "van"]);
const LOGISTICS_BEFORE_DE = new Set(["entrada", "estacionamiento", "puerta", "salida", "zona", "area"]);
/** Care words every building has; a revealing one ("dialysis parking") stays health. */
const GENERIC_CARE = new Set(["ambulance", "ambulances", "ambulancia", "ambulancias", "emergency", "er", "ed", "urgencias", "hospital", "wheelchair", "handicap", "disabled"]);
const BP_LINKS = new Set(["over", "con", "sobre"]);
const PREGNANCY_BEFORE = new Set(["is", "im", "at", "estoy", "esta", "tiene", "now", "she", "currently", "already", "ya", "con", "las"]);
const WEEK_WORDS = new Set(["weeks", "wks", "wk", "semanas"]);

/** Health content: vocabulary phrases and words, abbreviations, misspellings, doses, readings, results. */
export function detectHealth(scan: Scan): void {
  const toks = scan.tokens;
  const n = toks.length;
  const strong: Range[] = [];
  const weak = new Uint8Array(n);
  const matched = new Uint8Array(n);
  const pending: number[] = [];
  const valueWords: number[] = [];
  const resultWords: number[] = [];

  let i = 0;
  while (i < n) {
    const t = toks[i] as Token;
    if (scan.claimOf(t) === PHI) {
      i++;
      continue;
    }
    const phrases = healthPhrases(t.key);
    let end = -1;
    let phrase: Phrase | undefined;
    if (phrases !== undefined) {
      for (const p of phrases) {
        end = matchPhrase(scan, i, p);
        if (end >= 0) {
          phrase = p;
          break;
        }
      }
    }
    if (phrase !== undefined && end >= 0) {
      for (let k = i; k <= end; k++) matched[k] = 1;
      if (phrase.weak || supplyLogistics(scan, i) || equipmentNamed(scan, i, end) || training(scan, end) || (phrase.sub === "procedure" && clinicSchedule(scan, i, end))) for (let k = i; k <= end; k++) weak[k] = 1;
      else strong.push({ a: i, b: end, sub: phrase.sub });
      i = end + 1;
      continue;
    }
    if (VALUE_WORD_SET.has(t.key)) valueWords.push(i);
    if (RESULT_WORD_SET.has(t.key)) resultWords.push(i);
    matched[i] = classifyWord(scan, t, i, strong, weak, pending) ? 1 : 0;
    i++;
  }

  detectInjuries(scan, strong, weak);
  const weekCounts: number[] = [];
  detectReadings(scan, strong, matched, weekCounts);
  detectSpacedAndDisguised(scan, strong, matched);

  // Ambiguous abbreviations count when other health content is near, or a value follows.
  for (const p of pending) {
    if (valueFollows(scan, p) === p + 1 || strong.some((r) => Math.abs(r.a - p) <= 6 || Math.abs(r.b - p) <= 6)) strong.push({ a: p, b: p, sub: "abbreviation" });
  }
  // Readings count with a value or an owner: "sugar 287", "my sugar", "la presión".
  for (const v of valueWords) {
    if (matched[v] === 1 && weak[v] !== 1) continue;
    const t = toks[v] as Token;
    // "T 101.2", "MAP 58", "HR 120" in capitals; "map", "hr" in lowercase are other words
    if ((t.key === "t" || t.key === "map" || t.key === "hr" || t.key === "rr") && t.shape !== UPPER) continue;
    const prev = toks[v - 1];
    const owned = prev !== undefined && OWNERS.has(prev.key) && plainGap(t.gap) && t.key.length > 2;
    const k = valueFollows(scan, v);
    if (SHORT_ANALYTES.has(t.key)) {
      // "500 mg 2 times" is a dose unit; "k 3" in a mixed-case text is not clearly potassium
      const before = toks[v - 1];
      const decimal = k >= 0 && toks[k + 1]?.gap === "." && toks[k + 1]?.kind === NUM;
      if (k !== v + 1 || (before !== undefined && before.kind === NUM) || (t.shape === LOWER && scan.mode === "mixed" && !decimal)) {
        weak[v] = 0;
        continue;
      }
    }
    // "sat 91%" is a saturation, "Sat 9:00" a Saturday
    const satOk = !(t.key === "sat" || t.key === "sats") || (k >= 0 && (scan.text.charAt((toks[k] as Token).end) === "%" || parseInt((toks[k] as Token).key, 10) >= 70));
    if ((k >= 0 || owned) && satOk) {
      strong.push({ a: v, b: v, sub: "lab-vital" });
      matched[v] = 1;
    } else weak[v] = 1;
  }
  // "34 weeks" in a sentence about a pregnancy
  for (const w of weekCounts) {
    if (strong.some((s) => s.sub === "pregnancy" && (sameSentence(scan, s.a, w) || sameSentence(scan, s.b, w)))) strong.push({ a: w, b: w + 1, sub: "pregnancy" });
  }
  // Qualitative results count in a sentence that names a test or a condition.
  for (const r of resultWords) {
    if (matched[r] === 1 && weak[r] !== 1) continue;
    if (strong.some((s) => sameSentence(scan, s.a, r) || sameSentence(scan, s.b, r))) strong.push({ a: r, b: r, sub: "result" });
  }

  strong.sort((x, y) => x.a - y.a || y.b - x.b);
  const merged = mergeNear(scan, strong, weak);
  for (const r of merged) {
    if (addressedToStaff(scan, r) || announcement(scan, r)) continue;
    extendOverCount(scan, r);
    extendOverWeak(scan, r, weak);
    extendOverValue(scan, r);
    extendOverSpelledValue(scan, r);
    scan.addTokens(r.a, r.b, "HEALTH", r.sub);
  }
}

const STAFF_WORDS = new Set(["staff", "employees", "employee", "personal", "empleados", "team", "volunteers"]);
const STAFF_BEFORE = new Set(["all", "for", "to", "el", "del", "our", "todo", "para"]);
const STAFF_AFTER = new Set(["only", "members", "health", "wellness"]);

/**
 * "Flu shot clinic is open to all staff", "TB test forms due for staff": an announcement to
 * the staff, not anyone's health. Only a term without a number, in a sentence addressed to
 * the staff.
 */
function addressedToStaff(scan: Scan, r: Range): boolean {
  const toks = scan.tokens;
  for (let k = r.a; k <= r.b; k++) if ((toks[k] as Token).kind !== WORD) return false;
  const sentence = (k: number): boolean => sameSentence(scan, r.a, k);
  for (let k = Math.max(0, r.a - 12); k < toks.length && k <= r.b + 12; k++) {
    const t = toks[k] as Token;
    if (!STAFF_WORDS.has(t.key) || !sentence(k)) continue;
    const before = toks[k - 1];
    const after = toks[k + 1];
    if ((before !== undefined && STAFF_BEFORE.has(before.key)) || (after !== undefined && STAFF_AFTER.has(after.key))) return true;
  }
  return false;
}

/** An offer to everyone ("we offer", "ofrecemos"); "free"/"gratis" count only right before the term ("free BP checks", not "fever free"). */
const ANNOUNCE_WORDS = new Set(["offer", "offers", "offering", "ofrecemos", "ofrece"]);
const FREE_WORDS = new Set(["free", "gratis", "gratuito", "gratuita", "gratuitos", "gratuitas"]);
const ANY_OWNER = new Set(["my", "your", "his", "her", "their", "our", "mi", "su", "tu", "sus", "mis", "tus", "nuestro", "nuestra"]);

/**
 * "We offer free blood pressure checks every Tuesday in the lobby": an offer to everyone. Only a term without a number, in a sentence with an
 * offer word and no owner at all ("your results are available" stays health).
 */
function announcement(scan: Scan, r: Range): boolean {
  const toks = scan.tokens;
  for (let k = r.a; k <= r.b; k++) if ((toks[k] as Token).kind !== WORD) return false;
  let offer = FREE_WORDS.has(toks[r.a - 1]?.key ?? "") || FREE_WORDS.has(toks[r.a - 2]?.key ?? "") || FREE_WORDS.has(toks[r.b + 1]?.key ?? "") && scan.spanish;
  for (let k = Math.max(0, r.a - 12); k < toks.length && k <= r.b + 12; k++) {
    if (!sameSentence(scan, r.a, k) && !sameSentence(scan, r.b, k)) continue;
    const key = (toks[k] as Token).key;
    if (ANY_OWNER.has(key)) return false;
    if (ANNOUNCE_WORDS.has(key)) offer = true;
  }
  return offer;
}

/** Words of a pain-score instruction: "rate your pain from 0 to 10", "califique su dolor del 0 al 10". */
const PAIN_INSTRUCTION_BEFORE = new Set(["rate", "rating", "score", "reassess", "describe", "califique", "califica", "calificar", "evalue", "indique", "describa", "marque"]);
/** "pain scale posters", "pain score sheet": the scale itself, not a patient's pain. */
const PAIN_SCALE_NEXT = new Set(["scale", "scales", "scores", "rounds", "committee", "policy", "chart", "charts", "poster", "posters", "form", "forms", "sheet", "sheets", "card", "cards"]);
/** General advice, not a visit: "go to the ER", "acuda a urgencias", "the nearest ER". */
const GO_VERBS = new Set(["go", "come", "head", "visit", "vaya", "acuda", "ir", "venga", "nearest", "closest", "cercana", "cercano"]);
/** Equipment handled as logistics: "return the wheelchair to the lobby", "the wheelchairs by the door". */
const MOVE_VERBS = new Set(["return", "bring", "take", "put", "move", "park", "leave", "grab", "get", "need", "devuelva", "traiga", "lleve"]);

/** Stock handled by staff: "restock the pen needles", "order more gauze". */
const SUPPLY_VERBS = new Set(["restock", "restocking", "restocked", "stock", "inventory", "surtir"]);
/** Ordering is supply logistics only in bulk ("order more gauze"); "ordering a CPAP for you" is care. */
const ORDER_VERBS = new Set(["order", "reorder", "ordering", "pedir"]);
const SUPPLY_ARTICLES = new Set(["the", "more", "extra", "some", "los", "las", "mas"]);

/** Goods on sale are no one's care: "Pill organizers are sold at the front desk", "test strips on sale". */
const SALE_WORDS = new Set(["sold", "sale", "venta", "venden", "vende"]);
/** Only the passive or "on sale" ("are sold", "for sale", "se venden"): "so we sold the car" says nothing. */
const SALE_BEFORE = new Set(["are", "is", "be", "on", "for", "en", "la", "se"]);

function supplyLogistics(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  if (!OWNERS.has(toks[i - 1]?.key ?? "")) {
    for (let k = i + 1; k < toks.length && k - i <= 5; k++) {
      const t = toks[k] as Token;
      if (!sameClause(t.gap)) break;
      if (SALE_WORDS.has(t.key) && SALE_BEFORE.has((toks[k - 1] as Token).key)) return true;
    }
  }
  // the verb, then at most an article and one more word: "restock the pen needles"
  for (let k = i - 1; k >= 0 && i - k <= 3; k--) {
    const t = toks[k] as Token;
    if (SUPPLY_VERBS.has(t.key)) return true;
    if ((t.key === "more" || t.key === "extra" || t.key === "mas") && ORDER_VERBS.has(toks[k - 1]?.key ?? "")) return true;
    if (!plainGap((toks[k + 1] as Token).gap) || (i - k === 2 && !SUPPLY_ARTICLES.has(t.key) && !SUPPLY_ARTICLES.has(toks[k - 1]?.key ?? ""))) return false;
  }
  return false;
}

/** Owners that report someone's own pain ("my pain", "her pain"); "your pain" in an instruction does not. */
const REPORTING_OWNERS = new Set(["my", "his", "her", "their", "our", "mi", "sus", "mis"]);

/** The message explains a pain scale: "scale" (or "escala") and the word "means"/"significa", or "0 to 10" / "0 al 10". */
function explainsScale(scan: Scan): boolean {
  let scale = false;
  let explained = false;
  const toks = scan.tokens;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Token;
    if (t.key === "scale" || t.key === "escala") scale = true;
    else if (t.key === "means" || t.key === "significa" || t.key === "being" || t.key === "siendo") explained = true;
  }
  return scale && explained;
}

/** Specialty names as departments: "Radiology scheduling line", "Oncology reception closes at 4". */
const DEPARTMENT_NEXT = new Set(["scheduling", "reception", "desk", "line", "office", "offices", "department", "dept", "hours", "phone", "fax", "front", "waiting", "lobby", "extension", "ext", "building", "wing", "entrance", "staff", "recepcion", "departamento", "horario"]);

/** Staff training, no patient: "Code blue drill", "CPR class", "sepsis training". */
const TRAINING_NEXT = new Set(["drill", "drills", "training", "trainings", "class", "classes", "simulation", "recertification", "certification", "simulacro", "capacitacion"]);

function training(scan: Scan, b: number): boolean {
  const next = scan.tokens[b + 1];
  return next !== undefined && phraseGap(next.gap) && TRAINING_NEXT.has(next.key);
}

/** "The blood pressure machine in triage", "the pulse ox cart": the clinic's equipment, no one's reading. */
function equipmentNamed(scan: Scan, a: number, b: number): boolean {
  const toks = scan.tokens;
  const next = toks[b + 1];
  const prev = toks[a - 1];
  const verb = toks[a - 2];
  if (prev === undefined || !DETERMINERS.has(prev.key)) return false;
  // "return the pulse ox to the desk": only returning says it is the unit's ("bring the inhaler" may be a child's)
  if (verb !== undefined && RETURN_VERBS.has(verb.key) && plainGap(prev.gap)) return true;
  return next !== undefined && plainGap(next.gap) && (EQUIPMENT_NEXT.has(next.key) || UNIT_EQUIPMENT_NEXT.has(next.key));
}
/** Things of the unit, whatever device they go with: "the glucometer cart", "thermometer covers". */
const UNIT_EQUIPMENT_NEXT = new Set(["cart", "carts", "charger", "chargers", "manual", "manuals", "covers", "station", "stations", "binder"]);
const RETURN_VERBS = new Set(["return", "devuelva", "regrese"]);

const CLINIC_WORDS = new Set(["clinic", "clinics", "clinica", "clinicas"]);
const PERSONAL_OWNERS = new Set(["my", "his", "her", "their", "mi", "sus", "mis"]);
const SCHEDULE_NEXT = new Set(["hours", "schedule", "scheduling", "line", "phone", "horario", "dates", "times"]);

/**
 * A procedure clinic's schedule, no one's care: "Flu Shot Clinic Hours Have Changed", "vaccine
 * clinic line". Only the schedule: "the Suboxone clinic entrance" still says where someone is treated.
 */
function clinicSchedule(scan: Scan, a: number, b: number): boolean {
  const toks = scan.tokens;
  // the clinic word ends the term or follows it ("Flu Shot" + "Clinic")
  const clinic = CLINIC_WORDS.has((toks[b] as Token).key) ? b : CLINIC_WORDS.has(toks[b + 1]?.key ?? "") && phraseGap((toks[b + 1] as Token).gap) ? b + 1 : -1;
  const next = toks[clinic + 1];
  return clinic >= 0 && next !== undefined && plainGap(next.gap) && SCHEDULE_NEXT.has(next.key) && !PERSONAL_OWNERS.has(toks[a - 1]?.key ?? "");
}

function adviceToGo(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const prev = toks[i - 1];
  if (prev === undefined) return false;
  if (GO_VERBS.has(prev.key) && (prev.key === "nearest" || prev.key === "closest")) return true;
  // "go to the ER", "go to urgent care", "acuda a urgencias"
  const article = prev.key === "the" || prev.key === "la" || prev.key === "las";
  const to = article ? toks[i - 2] : prev;
  const verb = article ? toks[i - 3] : toks[i - 2];
  if (!(to !== undefined && verb !== undefined && (to.key === "to" || to.key === "a" || to.key === "al") && GO_VERBS.has(verb.key))) return false;
  // only general advice, said conditionally: "go to the ER if...", "...or call 911"; "please go
  // to the ER now" about a result is this patient's care
  for (let k = Math.max(0, i - 10); k < toks.length && k <= i + 10; k++) {
    if (ADVICE_MARKERS.has((toks[k] as Token).key) && sameSentence(scan, i, k)) return true;
  }
  return false;
}
const ADVICE_MARKERS = new Set(["if", "si", "911", "emergency", "emergencia", "anytime", "worsen", "worsens", "empeora", "empeoran"]);

function equipmentMoved(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  if (t.key !== "wheelchair" && t.key !== "wheelchairs" && t.key !== "silla" && t.key !== "sillas") return false;
  const prev = toks[i - 1];
  // "Wheelchairs are by the main entrance": the building's chairs, no one's
  if ((t.key === "wheelchairs" || t.key === "sillas") && (prev === undefined || !OWNERS.has(prev.key))) return true;
  const verb = toks[i - 2];
  return prev !== undefined && verb !== undefined && (prev.key === "the" || prev.key === "la" || prev.key === "a") && MOVE_VERBS.has(verb.key) && (verb.key !== "need" || toks[i - 3]?.key === "we");
}

/** What pills are kept in or listed on: "pill bottles", "pill organizers", "medication list". */
const PILL_SUPPLIES = new Set(["bottle", "bottles", "list", "cart", "organizer", "organizers", "organiser", "organisers", "box", "boxes", "dispenser", "dispensers", "case", "cases", "pastillero", "pastilleros"]);

/**
 * A health word used for logistics, with no patient's content: "bring your pill bottles",
 * "rate your pain from 0 to 10".
 */
function logisticsUse(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  const next = toks[i + 1];
  if ((t.key === "pill" || t.key === "pills" || t.key === "medication" || t.key === "med") && next !== undefined && plainGap(next.gap) && PILL_SUPPLIES.has(next.key)) return true;
  if (t.key === "pain" || t.key === "dolor") {
    // "rate pain every 4 hours", "rate your pain from 0 to 10"; "rates her pain 8/10" stays health
    const owner = toks[i - 1];
    if (owner !== undefined && PAIN_INSTRUCTION_BEFORE.has(owner.key)) return true;
    if ((owner === undefined || !OWNERS.has(owner.key)) && next !== undefined && plainGap(next.gap) && PAIN_SCALE_NEXT.has(next.key)) return true;
    // "Pain scale: 0 means no pain, 10 the worst pain": the scale explained, no patient's pain
    if ((owner === undefined || !REPORTING_OWNERS.has(owner.key)) && explainsScale(scan)) return true;
    const verb = toks[i - 2];
    return owner !== undefined && verb !== undefined && (owner.key === "your" || owner.key === "su" || owner.key === "the") && PAIN_INSTRUCTION_BEFORE.has(verb.key);
  }
  return false;
}

/** An injury word and a body part: "broken right ankle", "twisted her knee", "torn rotator cuff". */
const INJURY_WORDS = new Set(["broken", "broke", "twisted", "torn", "tore", "pulled", "sprained", "dislocated", "fractured", "cracked", "bruised", "jammed", "roto", "rota", "torcido", "torcida", "quebrado", "quebrada"]);
const BODY_PARTS = new Set([
  "head", "neck", "back", "arm", "arms", "leg", "legs", "knee", "knees", "hip", "hips", "foot", "feet", "ankle", "ankles",
  "wrist", "wrists", "hand", "hands", "shoulder", "shoulders", "elbow", "rib", "ribs", "collarbone", "tailbone", "toe",
  "toes", "finger", "fingers", "thumb", "jaw", "nose", "heel", "thigh", "calf", "shin", "forearm", "skull", "pelvis",
  "tobillo", "rodilla", "muneca", "brazo", "pierna", "hombro", "codo", "cadera", "dedo", "pie", "mano", "costilla",
  "cuff", "acl", "mcl", "meniscus", "tendon", "ligament", "hamstring", "achilles", "muscle", "muscles", "throat",
  "chest", "stomach", "belly", "tummy", "eye", "eyes", "ear", "ears", "skin", "face", "lips", "tongue", "gums", "joints",
  "garganta", "pecho", "estomago", "panza", "ojos", "piel", "espalda", "cabeza",
]);

/** How a body part feels: "my chest feels tight", "her throat is scratchy", "my knee is stiff". */
const BODY_STATES = new Set(["tight", "scratchy", "sore", "numb", "stiff", "itchy", "swollen", "puffy", "tender", "weak", "heavy", "throbbing", "aching", "burning", "tingling", "hinchada", "hinchado", "entumida", "entumido", "adolorida", "adolorido"]);
const STATE_LINKS = new Set(["is", "are", "feels", "feel", "feeling", "was", "were", "still", "so", "really", "very", "keeps", "getting", "gets", "got", "se", "siento", "esta", "estan", "muy"]);

function detectInjuries(scan: Scan, strong: Range[], weak: Uint8Array): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    // someone's body part: "my chest", "su garganta" ("the chest is heavy to lift" is furniture)
    const owner = toks[i - 1];
    if (BODY_PARTS.has((toks[i] as Token).key) && scan.claimOf(toks[i] as Token) !== PHI && owner !== undefined && OWNERS.has(owner.key) && owner.key !== "la" && owner.key !== "el") {
      let k = i + 1;
      while (k < toks.length && k - i <= 3 && STATE_LINKS.has((toks[k] as Token).key) && phraseGap((toks[k] as Token).gap)) k++;
      const state = toks[k];
      if (k > i + 1 && state !== undefined && phraseGap(state.gap) && BODY_STATES.has(state.key)) strong.push({ a: i, b: k, sub: "symptom" });
    }
    if (!INJURY_WORDS.has((toks[i] as Token).key) || scan.claimOf(toks[i] as Token) === PHI) continue;
    for (let j = i + 1; j < toks.length && j <= i + 3; j++) {
      const t = toks[j] as Token;
      if (!phraseGap(t.gap) || scan.claimOf(t) === PHI) break;
      if (BODY_PARTS.has(t.key)) {
        strong.push({ a: i, b: j, sub: "condition" });
        break;
      }
      if (weak[j] !== 1 && !OWNERS.has(t.key) && t.key !== "the" && t.key !== "a") break;
    }
  }
}

function classifyWord(scan: Scan, t: Token, i: number, strong: Range[], weak: Uint8Array, pending: number[]): boolean {
  if (t.kind === NUM) return false;
  const toks = scan.tokens;
  const next = toks[i + 1];
  const prev = toks[i - 1];
  const w0 = healthWord(t.key);
  const equipment = next !== undefined && plainGap(next.gap) && EQUIPMENT_NEXT.has(next.key) && prev !== undefined && DETERMINERS.has(prev.key) && t.key.length <= 4;
  const department = w0 !== undefined && w0.sub === "care-setting" && next !== undefined && plainGap(next.gap) && DEPARTMENT_NEXT.has(next.key) && !(prev !== undefined && REPORTING_OWNERS.has(prev.key));
  const logistics = department || training(scan, i) || (w0 !== undefined && (w0.sub === "device" || w0.sub === "lab-vital") && equipmentNamed(scan, i, i)) || (w0 !== undefined && w0.sub === "procedure" && clinicSchedule(scan, i, i)) || (GENERIC_CARE.has(t.key) && ((next !== undefined && plainGap(next.gap) && LOGISTICS_NEXT.has(next.key)) || (prev !== undefined && prev.key === "de" && LOGISTICS_BEFORE_DE.has(toks[i - 2]?.key ?? "")) || adviceToGo(scan, i))) || equipmentMoved(scan, i);
  const w = w0;
  if (w !== undefined) {
    const everyday = (t.key === "confused" && next !== undefined && ["about", "by", "with", "sobre"].includes(next.key)) || logisticsUse(scan, i);
    if (w.weak || equipment || logistics || everyday || supplyLogistics(scan, i)) weak[i] = 1;
    else strong.push({ a: i, b: i, sub: w.sub });
    return true;
  }
  if (ABBREV_CAPS_SET.has(t.key) || ABBREV_CORROBORATE_SET.has(t.key)) {
    // "mi" is Spanish for "my", not myocardial infarction.
    if (scan.spanish && SPANISH_MARKERS.has(t.key)) return false;
    if (equipment || logistics || (next !== undefined && plainGap(next.gap) && next.key === "box" && t.key === "po")) return false;
    const caps = t.shape === UPPER;
    const valueNext = valueFollows(scan, i) === i + 1;
    if (ABBREV_CORROBORATE_SET.has(t.key)) {
      if (caps || scan.mode !== "mixed" || ABBREV_CONTEXT_ANYCASE_SET.has(t.key) || !isCommonWord(t.key)) pending.push(i);
    } else if (caps && scan.mode === "mixed") strong.push({ a: i, b: i, sub: "abbreviation" });
    else if (valueNext && !SPANISH_MARKERS.has(t.key)) strong.push({ a: i, b: i, sub: "abbreviation" });
    else if (caps || (scan.mode === "lower" && !isCommonWord(t.key))) pending.push(i);
    return true;
  }
  if (t.kind === ALNUM && DOSE_TOKEN.test(t.key) && isDoseUnit(t.key)) {
    strong.push({ a: i, b: i, sub: "dose" });
    return true;
  }
  return false;
}

const GLUED_DOSE_UNITS = new Set(["mg", "mgs", "mcg", "ug", "g", "gm", "ml", "cc", "l", "u", "iu", "units", "meq", "mmol", "tab", "tabs", "puff", "puffs", "lb", "lbs", "kg", "oz", "bpm", "mmhg", "f", "c", "pct", "mm", "cm"]);

/** "500mg", "10u", "q4h", "x10d" are doses; "10min", "3x", "5ft" are not. */
function isDoseUnit(key: string): boolean {
  if (key.startsWith("q")) return true;
  if (key.startsWith("x")) return key.length > 2 && key.endsWith("d");
  let i = 0;
  while (i < key.length && key.charCodeAt(i) >= 0x30 && key.charCodeAt(i) <= 0x39) i++;
  return i > 0 && GLUED_DOSE_UNITS.has(key.slice(i));
}

/** Phrase words may be misspelled by one edit when long enough ("blood presure", "birth controll"). */
function keyMatches(have: string, want: string, last: boolean): boolean {
  if (have === want) return true;
  if (last && have.length > want.length && stems(have).includes(want)) return true;
  if (want.length >= 5 && have.length >= 5 && have.charCodeAt(0) === want.charCodeAt(0) && !isCommonWord(have)) return boundedDamerau(have, want, 1) <= 1;
  return false;
}

/** Matches phrase p at token i; returns the index of its last token or -1. */
function matchPhrase(scan: Scan, i: number, p: Phrase): number {
  const toks = scan.tokens;
  const len = p.keys.length;
  for (let k = 1; k < len; k++) {
    const t = toks[i + k];
    if (t === undefined) return -1;
    const want = p.keys[k] as string;
    if (!keyMatches(t.key, want, k === len - 1)) return -1;
    const g = t.gap;
    if (p.slashes[k - 1] === true) {
      if (g.trim() !== "/") return -1;
    } else if (!phraseGap(g) && !(g.trim() === "/" && want.length <= 3) && !(g === "&" || g === " & ") && !(g === ". " && (toks[i + k - 1] as Token).key.length === 1)) return -1;
  }
  return i + len - 1;
}

/** A measurement right after token i (connectors allowed in between): returns its index or -1. */
function valueFollows(scan: Scan, i: number): number {
  const toks = scan.tokens;
  let k = i + 1;
  let seen = 0;
  while (k < toks.length && seen <= 4) {
    const t = toks[k] as Token;
    const g = t.gap.replace(":", "").replace("=", "").replace(",", "");
    if (!sameClause(g) || t.gap.length > 4 || scan.claimOf(t) !== FREE) return -1;
    if (isValue(t)) return k;
    if (!VALUE_CONNECTORS.has(t.key)) return -1;
    k++;
    seen++;
  }
  return -1;
}

function isValue(t: Token): boolean {
  if (t.kind === NUM) return isMeasurement(t);
  if (t.kind === ALNUM) return (DOSE_TOKEN.test(t.key) && (isDoseUnit(t.key) || t.key.startsWith("x"))) || DECADE_VALUE.test(t.key);
  return false;
}

/** "140/90", "168 over 102", "170 con 100", doses without a named drug, "she is 34 weeks". */
function detectReadings(scan: Scan, strong: Range[], matched: Uint8Array, weekCounts: number[]): void {
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.kind !== NUM || scan.claimOf(t) === PHI) continue;
    const next = toks[i + 1];
    if (next === undefined || !sameClause(next.gap)) continue;
    if (t.norm.length <= 3) {
      // blood pressure: 140/90, 168 over 102
      let k = -1;
      if (next.kind === NUM && next.gap === "/") k = i + 1;
      else if (BP_LINKS.has(next.key) && plainGap(next.gap) && toks[i + 2]?.kind === NUM && plainGap((toks[i + 2] as Token).gap)) k = i + 2;
      const d = toks[k];
      if (d !== undefined && d.norm.length <= 3 && scan.claimOf(d) !== PHI) {
        const sys = parseInt(t.norm, 10);
        const dia = parseInt(d.norm, 10);
        if (sys >= 70 && sys <= 260 && dia >= 30 && dia <= 160 && sys > dia) {
          strong.push({ a: i, b: k, sub: "lab-vital" });
          for (let m = i; m <= k; m++) matched[m] = 1;
          i = k;
          continue;
        }
      }
    }
    if (next.kind === WORD && DOSE_UNITS.has(next.key) && (plainGap(next.gap) || next.gap === "")) {
      const v = parseFloat(t.norm);
      const temp = next.key === "f" || next.key === "c" || next.key === "degrees" || next.key === "grados";
      if (temp && !((v >= 95 && v <= 107) || (v >= 35 && v <= 42))) continue;
      if ((next.key === "l" || next.key === "g" || next.key === "u") && next.end - next.start === 1 && next.gap !== "") continue;
      strong.push({ a: i, b: i + 1, sub: "dose" });
      matched[i] = matched[i + 1] = 1;
      continue;
    }
    // "she's 34 weeks", "estoy de 20 semanas"
    if (WEEK_WORDS.has(next.key) && plainGap(next.gap)) {
      const v = parseInt(t.norm, 10);
      const prev = toks[i - 1];
      const owner = prev !== undefined && (PREGNANCY_BEFORE.has(prev.key) || (prev.possessive && (prev.key === "she" || prev.key === "i")) || prev.key === "de");
      if (v >= 4 && v <= 42 && owner) {
        strong.push({ a: i, b: i + 1, sub: "pregnancy" });
        matched[i] = matched[i + 1] = 1;
      } else if (v >= 4 && v <= 42) weekCounts.push(i);
    }
  }
}

/** Digits and symbols written for letters, with every letter each may stand for. */
const LEET: ReadonlyMap<string, readonly string[]> = new Map([
  ["0", ["o"]], ["1", ["i", "l"]], ["3", ["e"]], ["4", ["a"]], ["5", ["s"]], ["6", ["b", "g"]], ["7", ["t"]], ["8", ["b"]],
  ["9", ["g"]], ["2", ["z"]], ["@", ["a"]], ["$", ["s"]], ["!", ["i", "l"]], ["|", ["l", "i"]], ["+", ["t"]], ["€", ["e"]],
  ["£", ["l"]], ["(", ["c"]], ["<", ["c"]],
]);
/** "l" and "I" look alike: inside a disguised word either may be the other ("HlV"). */
const L_OR_I: readonly string[] = ["l", "i"];
const MAX_SPELLINGS = 32;

/** Between spelled-out letters: a space, a line break, a dot or dash ("H-I-V", one letter per line). */
function letterGap(gap: string): boolean {
  if (gap.length === 0 || gap.length > 3) return false;
  for (let k = 0; k < gap.length; k++) {
    const c = gap.charCodeAt(k);
    if (!(c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2e || c === 0x2d || c === 0x2a || c === 0x5f || c === 0xb7 || c === 0x2022)) return false;
  }
  return true;
}

/** A gap made only of symbols that stand for letters ("d1@betes": "@"), at most two. */
function leetGap(gap: string): boolean {
  if (gap.length === 0 || gap.length > 2) return false;
  for (const ch of gap) if (!LEET.has(ch)) return false;
  return true;
}

/**
 * The strong health term a disguised word spells, if any: digits and symbols are read as the
 * letters they stand for, and "l"/"i" as each other, trying at most MAX_SPELLINGS readings.
 */
function disguisedTerm(chunk: string): string | undefined {
  let readings: string[] = [""];
  for (const ch of chunk) {
    const alts = LEET.get(ch) ?? (ch === "l" || ch === "i" ? L_OR_I : undefined);
    if (alts === undefined) {
      for (let r = 0; r < readings.length; r++) readings[r] += ch;
      continue;
    }
    const next: string[] = [];
    for (const r of readings) for (const a of alts) if (next.length < MAX_SPELLINGS) next.push(r + a);
    readings = next;
  }
  for (const r of readings) {
    if (r.length < 3 || r.length > MAX_FUZZY_LENGTH || !ASCII_WORD.test(r)) continue;
    const w = healthWord(r);
    if (w !== undefined && !w.weak) return w.sub;
    if (r.length >= 6 && !isCommonWord(r)) {
      const sub = fuzzyHealth(r);
      if (sub !== undefined) return sub;
    }
  }
  return undefined;
}

const ROT13_A = 0x61;

/** "setebaid" and "qvnorgrf" ("diabetes" reversed and in ROT13) name a strong term exactly. */
function reversedOrRot13(key: string): string | undefined {
  let reversed = "";
  let rot = "";
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    if (c < ROT13_A || c > ROT13_A + 25) return undefined;
    reversed = key.charAt(k) + reversed;
    rot += String.fromCharCode(((c - ROT13_A + 13) % 26) + ROT13_A);
  }
  for (const candidate of [reversed, rot]) {
    if (isCommonWord(candidate)) continue;
    const w = healthWord(candidate);
    if (w !== undefined && !w.weak && candidate.length >= 6) return w.sub;
  }
  return undefined;
}

/**
 * Spelled-out letters ("d i a b e t e s", "H-I-V", one letter per line), digits and symbols
 * for letters ("d1abetes", "H1V", "d1@betes", "HlV"), reversed or ROT13 words and misspellings.
 */
function detectSpacedAndDisguised(scan: Scan, strong: Range[], matched: Uint8Array): void {
  const toks = scan.tokens;
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    const t = toks[i] as Token;
    if (matched[i] === 1 || scan.claimOf(t) === PHI) continue;
    if (t.kind === WORD && t.key.length === 1) {
      let j = i;
      let word = t.key;
      while (j + 1 < n) {
        const nt = toks[j + 1] as Token;
        if (nt.kind !== WORD || nt.key.length !== 1 || !letterGap(nt.gap) || scan.claimOf(nt) === PHI) break;
        if (word.length <= MAX_FUZZY_LENGTH) word += nt.key;
        j++;
      }
      if (j - i >= 2) {
        const hit = word.length <= MAX_FUZZY_LENGTH ? lookupHealth(word) : undefined;
        if (hit !== undefined) {
          strong.push({ a: i, b: j, sub: hit });
          for (let k = i; k <= j; k++) matched[k] = 1;
        }
        i = j; // each token is read once
        continue;
      }
    }
    // A word glued to symbols standing for letters: "d1@betes", "H|V", "$yphilis".
    let j = i;
    let chunk = t.key;
    let disguised = t.kind === ALNUM || (t.shape === MIXED && (t.key.includes("l") || t.key.includes("i")));
    const lead = t.gap.charAt(t.gap.length - 1);
    const beforeLead = t.gap.length >= 2 ? t.gap.charCodeAt(t.gap.length - 2) : 0x20;
    if (LEET.has(lead) && (beforeLead === 0x20 || beforeLead === 0x0a || beforeLead === 0x09 || t.gap.length === 1)) {
      chunk = lead + chunk;
      disguised = true;
    }
    while (j + 1 < n && chunk.length <= MAX_FUZZY_LENGTH) {
      const nt = toks[j + 1] as Token;
      if (!leetGap(nt.gap) || scan.claimOf(nt) === PHI) break;
      chunk += nt.gap + nt.key;
      disguised = true;
      j++;
    }
    if (disguised && t.kind !== NUM) {
      const hit = disguisedTerm(chunk);
      if (hit !== undefined) {
        strong.push({ a: i, b: j, sub: hit });
        // the leading symbol ("$" of "$yphilis") belongs to the word
        if (chunk.length > 0 && chunk.charAt(0) === lead && chunk !== t.key) scan.add(t.start - 1, t.end, "HEALTH", hit);
        for (let k = i; k <= j; k++) matched[k] = 1;
        i = j;
        continue;
      }
    }
    if (t.kind !== WORD || t.key.length < 5 || !ASCII_WORD.test(t.key)) continue;
    if (isCommonWord(t.key) || isFirstName(t.key) || isSurname(t.key) || VALUE_WORD_SET.has(t.key)) continue;
    const sub = fuzzyHealth(t.key) ?? (t.key.length >= 6 ? reversedOrRot13(t.key) : undefined);
    if (sub !== undefined) {
      strong.push({ a: i, b: i, sub });
      matched[i] = 1;
    }
  }
}

function lookupHealth(word: string): string | undefined {
  const w = healthWord(word);
  if (w !== undefined) return w.weak ? undefined : w.sub;
  if (word.length < 5 || isCommonWord(word)) return undefined;
  return fuzzyHealth(word);
}

/** Recent answers of fuzzyHealth: the same unknown words come back message after message. */
const fuzzyCache = new Map<string, string | null>();
const FUZZY_CACHE_SIZE = 20_000;

/** A misspelled health word, unless the word is closer to an ordinary word. */
function fuzzyHealth(key: string): string | undefined {
  const cached = fuzzyCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let sub: string | null = null;
  const hit = healthFuzzyIndex().lookup(key);
  if (hit !== undefined) {
    const common = commonFuzzyIndex().lookup(key);
    if (common === undefined || common.distance > hit.distance) sub = fuzzyHealthSub(hit.word);
  }
  if (fuzzyCache.size >= FUZZY_CACHE_SIZE) fuzzyCache.clear();
  fuzzyCache.set(key, sub);
  return sub ?? undefined;
}

function sameSentence(scan: Scan, a: number, b: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi - lo > 12) return false;
  for (let k = lo + 1; k <= hi; k++) {
    const g = (scan.tokens[k] as Token).gap;
    if (g.includes(".") || g.includes("!") || g.includes("?") || g.includes("\n") || g.includes(";")) return false;
  }
  return true;
}

/** Joins terms separated by a few connectors: "allergic to penicillin", "vacuna contra la gripe". */
function mergeNear(scan: Scan, ranges: Range[], weak: Uint8Array): Range[] {
  const toks = scan.tokens;
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last !== undefined && (r.a <= last.b || (r.a === last.b + 1 && sameClause((toks[r.a] as Token).gap)))) {
      if (r.b > last.b) last.b = r.b;
      continue;
    }
    if (last !== undefined && r.a - last.b - 1 <= 3) {
      let ok = true;
      for (let k = last.b + 1; k <= r.a && ok; k++) {
        const t = toks[k] as Token;
        if (!(phraseGap(t.gap) || t.gap.trim() === "/" || t.gap === "&" || t.gap === " & ") || scan.claimOf(t) === PHI) ok = false;
        else if (k < r.a && !MERGE_CONNECTORS.has(t.key) && weak[k] !== 1) ok = false;
      }
      if (ok) {
        last.b = r.b;
        continue;
      }
    }
    out.push({ ...r });
  }
  return out;
}

/** A number before these belongs to the term: "38 weeks pregnant", "3 units of insulin". */
const COUNT_FIRST = new Set(["weeks", "week", "wks", "semanas", "months", "meses", "units", "unidades", "days"]);

function extendOverCount(scan: Scan, r: Range): void {
  const first = scan.tokens[r.a] as Token;
  const before = scan.tokens[r.a - 1];
  if (before !== undefined && before.kind === NUM && COUNT_FIRST.has(first.key) && plainGap(first.gap) && scan.claimOf(before) !== PHI) r.a--;
  // nurses' "gave 2 of dilaudid", "4 of morphine": the dose before the drug
  const count = scan.tokens[r.a - 2];
  if (r.sub === "medication" && before !== undefined && before.key === "of" && count !== undefined && count.kind === NUM && count.key.length <= 3 && plainGap(first.gap) && plainGap(before.gap) && scan.claimOf(count) !== PHI) r.a -= 2;
}

const CLITICS = new Set(["me", "se", "le", "te", "nos", "les"]);

/** Spaces or hyphens, or the slash of "w/" ("MRI brain w/ contrast"). */
function linkGap(toks: readonly Token[], k: number): boolean {
  const t = toks[k] as Token;
  if (phraseGap(t.gap)) return true;
  return toks[k - 1]?.key === "w" && (t.gap === "/ " || t.gap === "/");
}

function extendOverWeak(scan: Scan, r: Range, weak: Uint8Array): void {
  const toks = scan.tokens;
  // left: weak words, possibly through connectors ("knee is still swollen", "prueba de VIH")
  for (let steps = 0; steps < 3 && r.a > 0; steps++) {
    let k = r.a - 1;
    while (k >= 0 && r.a - k <= 3 && WEAK_CONNECTORS.has((toks[k] as Token).key) && weak[k] !== 1 && linkGap(toks, k + 1)) k--;
    const target = toks[k];
    if (target === undefined || weak[k] !== 1 || !linkGap(toks, k + 1) || scan.claimOf(target) === PHI) break;
    r.a = k;
  }
  // Spanish clitics before a symptom verb: "se me hinchan", "me arde"
  while (r.a > 0 && CLITICS.has((toks[r.a - 1] as Token).key) && plainGap((toks[r.a] as Token).gap) && (toks[r.a] as Token).shape === LOWER && scan.spanish) r.a--;
  // right: weak words, possibly through connectors ("dolor de cabeza", "pain in my lower back")
  for (let steps = 0; steps < 4 && r.b + 1 < toks.length; steps++) {
    let k = r.b + 1;
    while (k < toks.length && k - r.b <= 3 && WEAK_CONNECTORS.has((toks[k] as Token).key) && weak[k] !== 1 && linkGap(toks, k)) k++;
    const target = toks[k];
    if (target === undefined || weak[k] !== 1 || !linkGap(toks, k) || scan.claimOf(target) === PHI) break;
    r.b = k;
  }
}

/** A reading or a dose has at most four digits and is not a year: longer numbers are identifiers. */
function isMeasurement(t: Token): boolean {
  if (t.kind !== NUM) return true;
  if (t.key.length > 4) return false;
  if (t.key.length === 4) {
    const v = parseInt(t.key, 10);
    if (v >= 1900 && v <= 2099) return false;
  }
  return true;
}

/** "A1c 9.2", "bp 140/90", "metformin 500 mg twice daily", "glucosa de 300", "sats 89%". */
function extendOverValue(scan: Scan, r: Range): void {
  const toks = scan.tokens;
  let k = valueFollows(scan, r.b);
  if (k >= 0 && !(toks[k] as Token).gap.includes("#")) r.b = k;
  else {
    // a dose already ends the span ("2 puffs"): its frequency may follow ("every 4 hours")
    const lastTok = toks[r.b] as Token;
    const before = toks[r.b - 1];
    const endsInDose = isValue(lastTok) || (DOSE_UNITS.has(lastTok.key) && before !== undefined && before.kind === NUM);
    if (!endsInDose) return;
    k = r.b;
  }
  let extra = 0;
  while (r.b + 1 < toks.length && extra < 10) {
    const t = toks[r.b + 1] as Token;
    if (scan.claimOf(t) === PHI || !sameClause(t.gap.replace(".", "").replace("/", "").replace("%", "")) || t.gap.length > 3) break;
    const isNum = t.kind === NUM && isMeasurement(t) && (t.gap === "." || t.gap === "/" || t.gap === "," || plainGap(t.gap));
    if (!isNum && !DOSE_CONTINUATION.has(t.key) && !(t.kind === ALNUM && DOSE_TOKEN.test(t.key))) {
      // "went from 4.2 to 6.8", "6.8 down from 8.1"
      const again = valueFollows(scan, r.b);
      if (again > r.b && again - r.b <= 3 && VALUE_CONNECTORS.has(t.key)) {
        r.b = again;
        extra++;
        continue;
      }
      break;
    }
    r.b++;
    extra++;
  }
  // A lone trailing connector ("and", "a") is not part of the value.
  while (r.b > k && ["and", "y", "or", "o", "a", "with", "at", "by", "as", "al", "per", "de", "the", "in", "over", "sobre"].includes((toks[r.b] as Token).key)) r.b--;
}

/** Number words that can only be a number here ("o", "un", "una" are also letters and articles). */
function isSpelledNumber(t: Token | undefined): boolean {
  return t !== undefined && t.kind === WORD && t.key.length > 2 && NUMBER_WORDS.has(t.key) && t.key !== "una" && t.key !== "uno" && t.key !== "once";
}
const SPELLED_RANGE_LINKS = new Set(["and", "to", "y", "a", "hasta", "or", "o", "over", "sobre", "con"]);

/**
 * A reading given in words: "my sugars run between one fifty and two hundred", "la presión
 * en ciento cuarenta". Only after a reading word that ends the span, through the value
 * connectors, then number words and the links of a range.
 */
function extendOverSpelledValue(scan: Scan, r: Range): void {
  const toks = scan.tokens;
  if (!VALUE_WORD_SET.has((toks[r.b] as Token).key)) return;
  let k = r.b + 1;
  while (k < toks.length && k - r.b <= 4 && !isSpelledNumber(toks[k]) && VALUE_CONNECTORS.has((toks[k] as Token).key) && sameClause((toks[k] as Token).gap)) k++;
  if (!isSpelledNumber(toks[k]) || !sameClause((toks[k] as Token).gap) || scan.claimOf(toks[k] as Token) === PHI) return;
  let end = k;
  while (end + 1 < toks.length) {
    const nt = toks[end + 1] as Token;
    if (!phraseGap(nt.gap) || scan.claimOf(nt) === PHI) break;
    if (isSpelledNumber(nt)) end++;
    else if (SPELLED_RANGE_LINKS.has(nt.key) && isSpelledNumber(toks[end + 2]) && phraseGap((toks[end + 2] as Token).gap)) end += 2;
    else break;
  }
  r.b = end;
}
