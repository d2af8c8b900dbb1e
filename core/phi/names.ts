import { type Scan, PHI, plainGap, sameClause } from "./Scan.ts";
import { type Token, CAP, LOWER, NUM, UPPER, WORD } from "./tokenize.ts";
import {
  ABBREV_CAPS_SET, ABBREV_CORROBORATE_SET, commonFuzzyIndex, healthWord, isCommonExact, isCommonWord, isFirstName,
  isGeneratedName, isKnownWord, isSurname,
} from "./vocabulary.ts";
import { GREETINGS, INTRODUCERS, MONTHS, RELATIONS, SIGNOFFS, TITLES, WEAK_TITLES, WEEKDAYS } from "./vocab/lexicon.ts";

/** After a name at the start of a sentence: "Rose called", "Bill is asking". */
const NAME_VERBS = new Set([
  "called", "calls", "said", "says", "is", "was", "has", "had", "wants", "wanted", "needs", "needed", "asked", "asks",
  "came", "went", "left", "missed", "can", "cannot", "cant", "did", "does", "didnt", "doesnt", "isnt", "wasnt", "texted",
  "emailed", "stopped", "dropped", "feels", "felt", "seems", "got", "gets", "took", "takes", "tested", "checked",
  "arrived", "complained", "reported", "reports", "mentioned", "told", "tells", "thinks", "thought", "knows", "knew",
  "should", "would", "could", "might", "and", "fell", "woke", "started", "finished", "tiene", "llamo", "dijo", "esta",
  "quiere", "necesita", "fue", "vino", "will", "just", "also", "still", "already", "hasnt", "hadnt", "won't", "wont",
  "who", "whose",
  // Spanish: "Esperanza llega a las 4", "Blanca le explicará"
  "llega", "llego", "pide", "pidio", "dice", "va", "viene", "trae", "puede", "sale", "habla", "pregunta", "manda",
  "mando", "dejo", "llevo", "trajo", "firmo", "cancelo", "confirmo", "le", "les", "lo", "se", "me", "te", "nos", "ya",
  "no", "tambien", "aqui",
]);
/** After an ordinary word used as a verb: "Will you", "Hope you", "Bill me", "will be". */
const NOT_NAME_NEXT = new Set([
  "you", "i", "we", "he", "she", "they", "it", "be", "not", "need", "have", "get", "call", "come", "see", "let", "take",
  "make", "do", "go", "give", "send", "check", "contact", "text", "help", "reply", "confirm", "u", "ya", "me", "us",
  "them", "him", "her", "to", "this", "that", "the", "a", "an", "your", "my", "our", "all", "everyone", "so", "for",
  "remember", "bring", "arrive", "try", "keep", "pick", "stop", "start", "pay", "sign", "fill", "follow", "update",
  "there", "period", "showers",
]);
/**
 * Surnames that are also pronouns or words for a parent ("He", "Ma"): at the start of a
 * sentence ("He is late", "Ma is coming") they are the pronoun; only a title ("Dr. He") or a
 * name beside them makes them a name.
 */
const PRONOUN_NAMES = new Set(["he", "ma"]);
/** Capitalised ordinary words in set phrases: "Grace Period", "April Showers", "Will Call". */
const COMPOUND_NEXT = new Set(["period", "showers", "call", "garden", "street", "st", "avenue", "ave", "road", "rd", "drive", "lane", "hall", "center", "clinic", "hospital", "pharmacy"]);
/** Words before a person: "spoke with Okafor", "tell Zyanya", "cc Nakamura". */
const PERSON_PREV = new Set([
  "with", "for", "to", "from", "tell", "ask", "call", "called", "see", "saw", "seen", "seeing", "meet", "met", "thank",
  "thanks", "cc", "by", "is", "was", "named", "per", "pt", "patient", "visit", "visiting", "text", "texted", "email",
  "emailed", "page", "paged", "remind", "let", "told", "asked", "spoke", "talked", "message", "about", "said", "whom",
  "via", "attn", "con", "para", "a", "llame", "llamar", "dile", "digale", "avise", "avisar", "paciente", "hablar",
  "hable", "llamo", "manda", "mande", "es", "soy", "habla", "de", "sr", "sra",
]);
/** Words joining two names: "Rosa y Blanca", "Maria and Okafor". */
const JOINERS = new Set(["and", "&", "y", "or", "o"]);

/** A first name described by where the person is: "Rose from billing", "Frank in room 2", "Maria here". */
const PERSON_PLACE_NEXT = new Set(["from", "in", "at", "here", "de", "del", "on", "with"]);
/** "the Lindqvist pt", "the Garcia family": an article before a surname. */
const PERSON_NOUNS = new Set(["pt", "patient", "family", "kid", "kids", "baby", "boy", "girl", "twins", "household", "paciente", "familia"]);

function personNounNext(next: Token | undefined): boolean {
  return next !== undefined && plainGap(next.gap) && PERSON_NOUNS.has(next.key);
}

/** "a Mercedes", "the Max": an article makes an ordinary word; "Ay Jesús" is an exclamation. */
const ARTICLES = new Set(["a", "an", "the", "una", "un", "el", "this", "that", "our", "your", "my", "his", "her", "their", "mi", "su", "tu"]);
const INTERJECTIONS = new Set(["ay", "oh", "ah", "omg", "dios", "gosh", "por", "thank", "praise"]);
const ENTITY_SUFFIXES = new Set(["inc", "llc", "corp", "co", "ltd", "pharmacy", "hospital", "clinic", "street", "st", "ave", "avenue", "road", "rd"]);
/** Dotted abbreviations that are not initials. */
const DOTTED_WORDS = new Set(["am", "pm", "eg", "ie", "us", "dc", "md", "rn", "po", "np", "pa", "bp", "ok", "asap", "rsvp", "ps", "nb", "aka", "uk", "un", "ad", "bc", "ba", "bs", "ma", "ms", "phd", "jd", "mba", "cpr", "er", "or", "pt", "ot", "mr", "dr", "vs", "etc", "dob", "fyi", "lol", "usa", "eua", "eeuu", "ee", "uu", "ss", "cc", "ny", "la", "sf", "nyc", "va", "do", "de"]);
const NAME_LINKS = new Set(["de", "del", "la", "las", "los", "y", "van", "von", "da", "di", "du", "le", "st", "bin", "al", "ben"]);
const INITIALS_CONTEXT = new Set(["pt", "patient", "initials", "paciente", "iniciales", "pts", "resident", "client", "mr", "mrs", "ms", "dr"]);

function isMonthOrDay(key: string): boolean {
  return MONTHS.get(key) !== undefined || WEEKDAYS.has(key);
}

/**
 * An ordinary word (or health word, month, abbreviation): a gazetteer name that is one needs
 * context. A name known only from the generated list is treated the same way: that list was
 * filtered against dictionaries, not checked by hand, so it takes a name position.
 */
function isWordy(key: string): boolean {
  return isGeneratedName(key) || isCommonWord(key) || healthWord(key) !== undefined || isMonthOrDay(key) || ABBREV_CAPS_SET.has(key) || ABBREV_CORROBORATE_SET.has(key) || TITLES.has(key) || RELATIONS.has(key) || key.length <= 2;
}

interface Context {
  title: boolean;
  weakTitle: boolean;
  greeting: boolean;
  relation: boolean;
  introducer: boolean;
  signoff: boolean;
  vocative: boolean;
}

function contextOf(scan: Scan, i: number): Context {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  const prev = toks[i - 1];
  const pp = toks[i - 2];
  const gap = t.gap;
  const near = gap.length <= 3 && sameClause(gap.replace(".", "").replace(":", "").replace(",", ""));
  const ctx: Context = { title: false, weakTitle: false, greeting: false, relation: false, introducer: false, signoff: false, vocative: false };
  if (prev === undefined) return ctx;
  if (near && TITLES.has(prev.key) && !gap.includes(",")) {
    if (WEAK_TITLES.has(prev.key)) ctx.weakTitle = true;
    else ctx.title = true;
  }
  const greetingPrev = GREETINGS.has(prev.key) || (prev.key === "you" && pp?.key === "thank") || (prev.key === "morning" || prev.key === "afternoon" || prev.key === "evening" || prev.key === "dias" || prev.key === "tardes" || prev.key === "noches");
  if (near && greetingPrev && (prev.sentStart || (pp !== undefined && GREETINGS.has(pp.key)) || prev.key === "you")) ctx.greeting = true;
  if (near && RELATIONS.has(prev.key) && !prev.possessive) ctx.relation = true;
  if (near && (prev.key === "de" || prev.key === "of") && pp !== undefined && RELATIONS.has(pp.key) && plainGap(prev.gap)) ctx.relation = true;
  // "it's Tavita", "hi, its brennan": an introduction at the start of a message or after a greeting
  const itsIntro = (prev.key === "its" || (prev.key === "it" && prev.possessive)) && (prev.sentStart || (pp !== undefined && GREETINGS.has(pp.key)));
  if (near && (INTRODUCERS.has(prev.key) || itsIntro || (prev.key === "is" && (pp?.key === "this" || pp?.key === "name" || pp?.key === "names")) || (prev.key === "am" && pp?.key === "i") || prev.key === "im" || (prev.key === "es" && pp?.key === "nombre"))) {
    ctx.introducer = true;
  }
  const next = toks[i + 1];
  const atEnd = next === undefined || !sameClause(next.gap) || next.gap.includes(",");
  if (atEnd && (SIGNOFFS.has(prev.key) || (prev.key === "you" && pp?.key === "thank")) && (gap.includes(",") || gap.includes("\n") || gap.includes("-"))) ctx.signoff = true;
  // "- Maria" signing at the end (a bare "walk-ins" hyphen is not a signature)
  if (atEnd && (gap.trim() === "-" || gap.trim() === "—" || gap.trim() === "~") && gap.length > 1) ctx.signoff = true;
  if (gap.includes(",") && (next === undefined || !sameClause(next.gap)) && sameClause(gap)) ctx.vocative = true;
  return ctx;
}

function strongContext(c: Context): boolean {
  return c.title || c.introducer || c.signoff || c.greeting || c.relation;
}

/**
 * Names of people: gazetteer names, unknown capitalised words where capitals mean something,
 * and any word in a name position (after a title, a greeting, "my son", "this is"), plus
 * initials. Names that are ordinary words ("Will", "Hope", "Grace") need such context.
 */
export function detectNames(scan: Scan): void {
  const toks = scan.tokens;
  const n = toks.length;
  const name = new Uint8Array(n);

  for (let i = 0; i < n; i++) {
    const t = toks[i] as Token;
    if (t.kind !== WORD || scan.claimOf(t) === PHI) continue;
    if (t.key.length < 2) continue;
    if (isNameToken(scan, i)) name[i] = 1;
  }
  // neighbours of names: "Grace Hopkins", "maria garcia", "María de la Cruz"
  let changed = true;
  let rounds = 0;
  while (changed && rounds < 4) {
    changed = false;
    rounds++;
    for (let i = 0; i < n; i++) {
      if (name[i] !== 1) continue;
      const right = toks[i + 1];
      if (right !== undefined && name[i + 1] !== 1 && joins(right) && isNeighbourName(scan, i + 1, i)) {
        name[i + 1] = 1;
        changed = true;
      }
      const left = toks[i - 1];
      if (left !== undefined && name[i - 1] !== 1 && joins(toks[i] as Token) && isNeighbourName(scan, i - 1, i) && (left.shape !== LOWER || scan.mode !== "mixed" || !isWordy(left.key))) {
        name[i - 1] = 1;
        changed = true;
      }
      // "LAST, FIRST" in a staff page: "MORALES, ANA", "Okafor, Grace"
      if (left !== undefined && name[i - 1] !== 1 && isFirstName((toks[i] as Token).key) && (toks[i] as Token).gap.trim() === "," && (toks[i] as Token).gap.length <= 2 && lastCommaFirst(scan, i - 1)) {
        name[i - 1] = 1;
        changed = true;
      }
      // "Maria and Okafor", "Rosa y Blanca"
      const joiner = toks[i + 1];
      const other = toks[i + 2];
      if (joiner !== undefined && other !== undefined && JOINERS.has(joiner.key) && plainGap(joiner.gap) && plainGap(other.gap) && name[i + 2] !== 1 && other.kind === WORD && scan.claimOf(other) !== PHI && (isFirstName(other.key) || isSurname(other.key) || !isKnownWord(other.key)) && (other.shape !== LOWER || (scan.mode !== "mixed" && !isWordy(other.key)))) {
        name[i + 2] = 1;
        changed = true;
      }
      // links: "de la", "van"
      let k = i + 1;
      while (k < n && k - i <= 2 && NAME_LINKS.has((toks[k] as Token).key) && plainGap((toks[k] as Token).gap)) k++;
      const target = toks[k];
      if (k > i + 1 && target !== undefined && name[i + 1] !== 1 && plainGap(target.gap) && target.kind === WORD && target.shape !== LOWER && (name[k] === 1 || isSurname(target.key) || !isKnownWord(target.key)) && scan.claimOf(target) !== PHI) {
        for (let m = i + 1; m <= k; m++) name[m] = 1;
        changed = true;
      }
    }
  }
  markInitials(scan, name);
  emit(scan, name);
}

function joins(t: Token): boolean {
  return plainGap(t.gap, 2) || t.gap === "-";
}

/** The surname of "LAST, FIRST": capitalised or in capitals, at the start of a line or after a label. */
function lastCommaFirst(scan: Scan, i: number): boolean {
  const t = scan.tokens[i] as Token;
  if (t.kind !== WORD || t.shape === LOWER || scan.claimOf(t) === PHI || t.key.length < 2) return false;
  if (!(t.sentStart || t.gap.includes(":") || t.gap.includes("\n"))) return false;
  return isSurname(t.key) || isGeneratedName(t.key) || !isKnownWord(t.key) || (scan.mode !== "mixed" && !isCommonExact(t.key));
}

/** Compass words after a number name a hospital unit ("4 West"), not a person. */
const COMPASS = new Set(["north", "south", "east", "west", "norte", "sur", "este", "oeste"]);

function isNeighbourName(scan: Scan, i: number, towards: number): boolean {
  const t = scan.tokens[i] as Token;
  if (t.kind !== WORD || scan.claimOf(t) === PHI || t.key.length < 2) return false;
  const key = t.key;
  if (ENTITY_SUFFIXES.has(key) || TITLES.has(key) || WEEKDAYS.has(key)) return false;
  const gaz = isFirstName(key) || isSurname(key);
  const wordy = isWordy(key);
  if (gaz && !wordy) return true;
  // beside a name, a name of the generated list is the rest of it: "KAYDEN WILLOUGHBY"
  if (isGeneratedName(key) && !isCommonWord(key) && t.shape !== LOWER) return true;
  // "hope garcia": an ordinary-word first name right before a surname
  const other = scan.tokens[towards] as Token;
  if (towards > i && isFirstName(key) && isSurname(other.key) && !isWordy(other.key)) return true;
  if (scan.mode === "mixed") return t.shape !== LOWER && (gaz || !isKnownWord(key));
  return !wordy && !isKnownWord(key);
}

/** Where a patient lies: "Bed 4 Lindqvist", "cama 2 Quispe". */
const BED_WORDS = new Set(["bed", "room", "rm", "cama", "cuarto", "bay", "hab", "habitacion"]);

/** "Lindqvist, 96, fell": an AGE90 span right after the word and a comma. */
function ageFollows(scan: Scan, i: number): boolean {
  const next = scan.tokens[i + 1];
  if (next === undefined || next.gap.trim() !== ",") return false;
  return scan.spans.some((s) => s.category === "AGE90" && s.start === next.start);
}

/** A staff page's patient: "Hollingsworth in bed 3", "Zamudio pt in 5", "Lindqvist, 96, fell". */
function staffPagePosition(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const next = toks[i + 1];
  if (next === undefined) return false;
  if (personNounNext(next) || ageFollows(scan, i)) return true;
  const where = toks[i + 2];
  return plainGap(next.gap) && (next.key === "in" || next.key === "en") && where !== undefined && plainGap(where.gap) && (where.kind === NUM || BED_WORDS.has(where.key));
}

function capitalDay(t: Token, next: Token | undefined): boolean {
  // Not a first name: "Doris Day" is a person.
  return t.shape !== LOWER && !isFirstName(t.key) && next !== undefined && next.key === "day" && next.shape !== LOWER && (plainGap(next.gap) || t.possessive);
}

function isNameToken(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  const key = t.key;
  if (TITLES.has(key) && !isFirstName(key)) return false;
  const gaz = isFirstName(key) || isSurname(key);
  const wordy = isWordy(key);
  const next = toks[i + 1];
  // "Will you" reads as a verb; "Will, your labs" does not.
  const notNameNext = next !== undefined && plainGap(next.gap) && NOT_NAME_NEXT.has(next.key);
  const prevTok = toks[i - 1];
  if (COMPASS.has(key) && prevTok !== undefined && prevTok.kind === NUM && plainGap(t.gap)) return false;
  // "Labor Day", "Veterans Day", "Mother's Day": a capitalised word before a capitalised Day is a holiday.
  if (capitalDay(t, next) || (prevTok !== undefined && capitalDay(prevTok, t))) return false;
  const capital = t.shape !== LOWER;
  const mixed = scan.mode === "mixed";

  if (gaz && !wordy) return true;
  // Most words: a lowercase ordinary word that no gazetteer has is never a name, whatever its
  // context (the rules below say so too), so its context is not worked out.
  if (!gaz && wordy && !capital) return false;
  const ctx = contextOf(scan, i);

  if (gaz) {
    // An ordinary word that is also a name.
    if (ctx.title) return !(mixed && !capital);
    if (PRONOUN_NAMES.has(key)) return false;
    // "nurse abernathy": in a text without capitals, a name of the generated list after a weak title
    if (ctx.weakTitle) return (capital || (!mixed && isGeneratedName(key) && !isCommonWord(key))) && (mixed || !notNameNext);
    if (ctx.introducer || ctx.signoff) return !(mixed && !capital) && !notNameNext;
    if (ctx.greeting || ctx.relation) return !notNameNext && !(mixed && !capital);
    if (!mixed || !capital || t.shape === UPPER) return false;
    const prev = toks[i - 1];
    if (prev !== undefined && plainGap(t.gap) && (ARTICLES.has(prev.key) || INTERJECTIONS.has(prev.key)) && !personNounNext(next)) return false;
    if (t.possessive) return true;
    if (ctx.vocative) return true;
    // "Grace, your forms are ready" / "Luz, su cita...": a name addressed at the start
    if (t.sentStart && next !== undefined && next.gap.trim().startsWith(",")) return true;
    const monthLike = MONTHS.get(key) !== undefined;
    if (!t.sentStart && !monthLike && !(next !== undefined && plainGap(next.gap) && COMPOUND_NEXT.has(next.key)) && !inTitleCasePhrase(scan, i)) return true;
    if (next !== undefined && sameClause(next.gap) && (NAME_VERBS.has(next.key) || (PERSON_PLACE_NEXT.has(next.key) && isFirstName(key))) && !notNameNext) return true;
    // a name no dictionary has as a word, where a staff page puts a patient: "Hollingsworth in bed 3"
    return !isCommonWord(key) && healthWord(key) === undefined && staffPagePosition(scan, i);
  }

  // Not in the gazetteer: after "Dr."/"Sra." any capitalised word is a name ("Sra. Paz").
  if (ctx.title && capital && (mixed || !notNameNext) && !healthWord(key)) return true;
  // An ordinary word is never a name on its own.
  if (wordy || isKnownWord(key)) return false;
  if (strongContext(ctx) && !notNameNext) {
    if (ctx.weakTitle && !capital) return false;
    return !(mixed && !capital && (ctx.greeting || ctx.relation));
  }
  if (ctx.weakTitle) return capital;
  if (!mixed || !capital) return false;
  if (t.shape === UPPER) return false; // an acronym or a shouted word
  const prev = toks[i - 1];
  const family = t.key.endsWith("s") && isSurname(t.key.slice(0, -1));
  if (prev !== undefined && plainGap(t.gap) && (ARTICLES.has(prev.key) || INTERJECTIONS.has(prev.key)) && !personNounNext(next) && !family) return false;
  if (t.sentStart) {
    // The first word of a sentence is capitalised anyway: a name there needs more evidence.
    const typo = t.key.length >= 5 ? commonFuzzyIndex().lookup(t.key) : undefined;
    if (typo !== undefined) return false;
    if (next === undefined || !sameClause(next.gap.replace(",", ""))) return next !== undefined && next.gap.trim().startsWith(",");
    if (next.gap.trim().startsWith(",") || t.possessive) return true;
    if (NAME_VERBS.has(next.key) && !JOINERS.has(next.key) && plainGap(next.gap)) return true;
    if (staffPagePosition(scan, i)) return true;
    return plainGap(next.gap) && next.kind === WORD && next.shape !== LOWER && (isSurname(next.key) || !isKnownWord(next.key));
  }
  if (inTitleCasePhrase(scan, i)) return false;
  // Mid-sentence, an unknown capitalised word may be a brand or a product ("through Workday"):
  // it is a name when the words around it say "person".
  if (t.possessive || ctx.vocative) return true;
  if (prev !== undefined && PERSON_PREV.has(prev.key) && sameClause(t.gap)) return true;
  // a staff page: "Bed 4 Lindqvist", "Lindqvist, 96, fell"
  if (prev !== undefined && prev.kind === NUM && plainGap(t.gap) && BED_WORDS.has(toks[i - 2]?.key ?? "")) return true;
  if (ageFollows(scan, i)) return true;
  if (next !== undefined && plainGap(next.gap) && ((NAME_VERBS.has(next.key) && !JOINERS.has(next.key)) || PERSON_PLACE_NEXT.has(next.key) || personNounNext(next))) return true;
  // "the Goldbergs": a surname in the plural names a family
  if (t.key.endsWith("s") && isSurname(t.key.slice(0, -1))) return true;
  if (next !== undefined && plainGap(next.gap) && next.kind === WORD && next.shape !== LOWER && (isSurname(next.key) || isFirstName(next.key) || !isKnownWord(next.key))) return true;
  return false;
}

/**
 * A capitalised ordinary word inside a run of capitalised ordinary words is part of a proper
 * noun that is not a person ("Blue Cross", "Veterans Day", "Happy New Year").
 */
function inTitleCasePhrase(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const t = toks[i] as Token;
  const prev = toks[i - 1];
  if (prev !== undefined && plainGap(t.gap) && !prev.sentStart && prev.kind === WORD && (prev.shape === CAP || prev.shape === UPPER) && isKnownWord(prev.key) && !isFirstName(prev.key) && !TITLES.has(prev.key) && !GREETINGS.has(prev.key) && !RELATIONS.has(prev.key) && !INTRODUCERS.has(prev.key) && !SIGNOFFS.has(prev.key)) return true;
  return false;
}

/** "J.S.", "J. Smith", "Dr. K", "pt JS". */
function markInitials(scan: Scan, name: Uint8Array): void {
  const toks = scan.tokens;
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    const t = toks[i] as Token;
    if (t.kind !== WORD || scan.claimOf(t) === PHI || name[i] === 1) continue;
    const single = t.key.length === 1 && t.shape === UPPER;
    if (single) {
      // a run of dotted capitals
      let j = i;
      let word = t.key;
      while (j + 1 < n) {
        const nt = toks[j + 1] as Token;
        if (nt.kind !== WORD || nt.key.length !== 1 || nt.shape !== UPPER || !(nt.gap === "." || nt.gap === ". ")) break;
        word += nt.key;
        j++;
      }
      const dotted = j > i && !DOTTED_WORDS.has(word);
      const nt = toks[j + 1];
      const beforeName = nt !== undefined && name[j + 1] === 1 && (nt.gap === ". " || nt.gap === " " || nt.gap === ".");
      const prev = toks[i - 1];
      const afterTitleOrName = prev !== undefined && (TITLES.has(prev.key) || name[i - 1] === 1 || INITIALS_CONTEXT.has(prev.key)) && t.gap.length <= 3 && sameClause(t.gap.replace(".", ""));
      const single1 = j === i && (afterTitleOrName || beforeName) && t.key !== "i" && t.key !== "a";
      if ((dotted && (scan.text.charAt(t.end) === ".")) || single1 || (dotted && beforeName)) {
        for (let k = i; k <= j; k++) name[k] = 1;
      }
      i = j;
      continue;
    }
    // "pt JS", "initials: MRG"
    if (t.shape === UPPER && t.key.length >= 2 && t.key.length <= 3) {
      const prev = toks[i - 1];
      if (prev !== undefined && INITIALS_CONTEXT.has(prev.key) && !isKnownWord(t.key) && !isCommonWord(t.key) && healthWord(t.key) === undefined && sameClause(t.gap.replace(":", "").replace(".", ""))) name[i] = 1;
    }
  }
}

function emit(scan: Scan, name: Uint8Array): void {
  const toks = scan.tokens;
  let i = 0;
  while (i < toks.length) {
    if (name[i] !== 1) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < toks.length && name[j + 1] === 1) {
      const nt = toks[j + 1] as Token;
      if (!(joins(nt) || nt.gap === ". " || nt.gap === ".")) break;
      j++;
    }
    const first = toks[i] as Token;
    const last = toks[j] as Token;
    const end = last.possessive ? last.end - 2 : last.end;
    scan.add(first.start, end, "NAME");
    i = j + 1;
  }
}
