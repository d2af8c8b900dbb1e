import type { PhiCategory } from "../../../core/phi/index.ts";

/**
 * Messages whose PHI is written with a Unicode or typing trick (issue 10, point 12). Written
 * for this test, independent of any corpus: each case names the technique, the message, the
 * disguised part (as it appears in the message) and the category it must be found as.
 */
export interface DisguisedCase {
  readonly technique: string;
  readonly text: string;
  readonly part: string;
  readonly category: PhiCategory;
}

/** Puts `sep` between the letters of `word`. */
const between = (word: string, sep: string): string => [...word].join(sep);
/** Maps ASCII letters and digits into a block of the mathematical alphanumerics (or similar). */
function shift(word: string, upperA: number, lowerA: number | null, digit0: number | null): string {
  let out = "";
  for (const ch of word) {
    const c = ch.charCodeAt(0);
    if (c >= 0x41 && c <= 0x5a) out += String.fromCodePoint(upperA + c - 0x41);
    else if (c >= 0x61 && c <= 0x7a && lowerA !== null) out += String.fromCodePoint(lowerA + c - 0x61);
    else if (c >= 0x30 && c <= 0x39 && digit0 !== null) out += String.fromCodePoint(digit0 + c - 0x30);
    else out += ch;
  }
  return out;
}
const circledDigits = (digits: string): string => [...digits].map((d) => (d === "0" ? "⓪" : String.fromCodePoint(0x2460 + Number(d) - 1))).join("");
const SUPERSCRIPT: Record<string, string> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
const superscript = (digits: string): string => [...digits].map((d) => SUPERSCRIPT[d] ?? d).join("");
const tags = (word: string): string => [...word].map((ch) => `${ch}${String.fromCodePoint(0xe0000 + ch.charCodeAt(0))}`).join("");
const reversed = (word: string): string => [...word].reverse().join("");
const rot13 = (word: string): string => word.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));

interface Template {
  /** `{}` marks where the disguised part goes. */
  readonly text: string;
  readonly category: PhiCategory;
}

const HEALTH_TERMS = ["HIV", "diabetes", "cancer", "chlamydia", "schizophrenia", "hepatitis", "depression", "metformin"];
const HEALTH_TEMPLATES: readonly Template[] = [
  { text: "your {} results are ready, call us", category: "HEALTH" },
  { text: "Reminder: bring your {} paperwork Tuesday", category: "HEALTH" },
];

/** One technique applied to a word: the disguised form. */
const INVISIBLE_TECHNIQUES: ReadonlyArray<readonly [string, (w: string) => string]> = [
  ["U+2063 invisible separator", (w) => between(w, "\u2063")],
  ["U+200B zero width space", (w) => between(w, "\u200b")],
  ["U+200C/U+200D joiners", (w) => between(w, "\u200c\u200d")],
  ["U+200E left-to-right mark", (w) => between(w, "\u200e")],
  ["U+202A/U+202C embedding", (w) => `\u202a${w.slice(0, 2)}\u202c${w.slice(2)}`],
  ["U+2066/U+2069 isolates", (w) => `${w.slice(0, 1)}\u2066${w.slice(1)}\u2069`],
  ["U+180E Mongolian vowel separator", (w) => between(w, "\u180e")],
  ["U+2060 word joiner", (w) => between(w, "\u2060")],
  ["U+FEFF byte order mark", (w) => between(w, "\ufeff")],
  ["soft hyphen", (w) => between(w, "\u00ad")],
  ["variation selectors", (w) => between(w, "\ufe0f")],
  ["tag characters (U+E0000 block)", tags],
];

const LOOKALIKE_CASES: ReadonlyArray<readonly [string, string, string]> = [
  // technique, disguised word, template
  ["Greek capitals", "ΗΙV", "your {} test came back"],
  ["Greek and Cyrillic mixed", "НΙV", "{} clinic follow up"],
  ["Cyrillic lowercase", "diаbеtеs", "my {} is worse"],
  ["Cyrillic lowercase", "саnсеr", "the {} is back"],
  ["dotless i", "dıabetes", "my {} is worse"],
  ["dotless i", "chlamydıa", "your {} test"],
  ["small capitals", "ʜɪᴠ", "your {} results"],
  ["small capitals", "ᴅɪᴀʙᴇᴛᴇꜱ", "my {} again"],
  ["fullwidth letters", "ＨＩＶ", "your {} results"],
  ["fullwidth letters", "ｄｉａｂｅｔｅｓ", "my {} again"],
  ["mathematical bold", shift("HIV", 0x1d400, 0x1d41a, null), "your {} results"],
  ["mathematical italic", shift("cancer", 0x1d434, 0x1d44e, null), "the {} is back"],
  ["mathematical double-struck", shift("HIV", 0x1d538, 0x1d552, null), "your {} results"],
  ["mathematical sans-serif", shift("diabetes", 0x1d5a0, 0x1d5ba, null), "my {} again"],
  ["mathematical monospace", shift("hepatitis", 0x1d670, 0x1d68a, null), "her {} panel"],
  ["circled letters", shift("HIV", 0x24b6, 0x24d0, null), "your {} results"],
  ["letterlike symbols", "ℍIV", "your {} results"],
  ["Latin letter with hook", "ɦepatitis", "your {} panel"],
  ["combining overlay marks", "d\u0338iabetes", "my {} again"],
  ["combining marks on every letter", "c\u0301a\u0301n\u0301c\u0301e\u0301r\u0301", "the {} is back"],
  ["Cherokee/Lisu look-alikes", "ꓧꓲꓦ", "your {} results"],
];

const SUBSTITUTION_CASES: ReadonlyArray<readonly [string, string, string]> = [
  ["digit for letter", "H1V", "your {} test came back"],
  ["lowercase l for capital I", "HlV", "your {} test came back"],
  ["pipe for I", "H|V", "your {} test came back"],
  ["digit and symbol", "d1@betes", "my {} is worse"],
  ["digits", "d14b3t3s", "my {} is worse"],
  ["at sign", "c@ncer", "the {} is back"],
  ["dollar sign first", "$yphilis", "tested for {} today"],
  ["exclamation for i", "hepat!tis", "your {} panel"],
  ["zero for o", "depressi0n", "her {} is worse"],
  ["digits in a drug", "metf0rm1n", "refill the {} please"],
  ["lowercase l in AIDS", "AlDS", "{} clinic follow up"],
  ["five for s", "5chizophrenia", "his {} meds"],
];

const LAYOUT_CASES: ReadonlyArray<readonly [string, string, string]> = [
  ["one letter per line", "H\nI\nV", "your test:\n{}\npositive"],
  ["one letter per line", "c\na\nn\nc\ne\nr", "results\n{}\ncall us"],
  ["letters with dashes", "H-I-V", "your {} test came back"],
  ["letters with dots", "H.I.V.", "your {} test came back"],
  ["letters with spaces", "d i a b e t e s", "my {} is worse"],
  ["letters with asterisks", "h*i*v", "your {} test came back"],
  ["letters with underscores", "h_e_p_a_t_i_t_i_s", "your {} panel"],
  ["letters with bullets", "H•I•V", "your {} test came back"],
  ["reversed word", reversed("diabetes"), "my {} is worse"],
  ["reversed word", reversed("chlamydia"), "your {} test"],
  ["ROT13", rot13("diabetes"), "my {} is worse"],
  ["ROT13", rot13("schizophrenia"), "his {} meds"],
];

const NUMBER_CASES: readonly DisguisedCase[] = [
  { technique: "circled digits in an MRN", text: `MRN ${circledDigits("00738112")}`, part: circledDigits("00738112"), category: "ID" },
  { technique: "superscript digits in an MRN", text: `MRN ${superscript("00738112")}`, part: superscript("00738112"), category: "ID" },
  { technique: "mathematical bold digits in an MRN", text: `MRN ${shift("00738112", 0, null, 0x1d7ce)}`, part: shift("00738112", 0, null, 0x1d7ce), category: "ID" },
  { technique: "mathematical monospace digits in an MRN", text: `MRN ${shift("55129034", 0, null, 0x1d7f6)}`, part: shift("55129034", 0, null, 0x1d7f6), category: "ID" },
  { technique: "fullwidth digits in a phone number", text: "call me at ３１２-５５５-０１９９", part: "３１２-５５５-０１９９", category: "CONTACT" },
  { technique: "mathematical digits in a phone number", text: `text ${shift("3125550199", 0, null, 0x1d7ec)}`, part: shift("3125550199", 0, null, 0x1d7ec), category: "CONTACT" },
  { technique: "zero width spaces in a phone number", text: "call 312\u200b555\u200b0199", part: "312\u200b555\u200b0199", category: "CONTACT" },
  { technique: "Arabic-Indic digits in an SSN", text: "SSN ٣٤٥-٦٧-٨٩٠١", part: "٣٤٥-٦٧-٨٩٠١", category: "ID" },
  { technique: "fullwidth digits in a date of birth", text: "DOB ０３/１４/１９６１", part: "０３/１４/１９６１", category: "DATE" },
  { technique: "circled digits in a date", text: `seen on ${circledDigits("3")}/${circledDigits("14")}/${circledDigits("2024")}`, part: `${circledDigits("3")}/${circledDigits("14")}/${circledDigits("2024")}`, category: "DATE" },
  { technique: "bidi isolates around an MRN", text: "MRN \u206600738112\u2069", part: "00738112", category: "ID" },
  { technique: "tag characters in a member id", text: `member id ${tags("W123456789")}`, part: tags("W123456789"), category: "ID" },
];

const NAME_CASES: readonly DisguisedCase[] = [
  { technique: "Cyrillic look-alike in a name", text: "Hi Мaria, your appointment is Monday", part: "Мaria", category: "NAME" },
  { technique: "zero width space in a name", text: "Hi Ma\u200bria, your appointment is Monday", part: "Ma\u200bria", category: "NAME" },
  { technique: "fullwidth name", text: "Hi Ｍａｒｉａ, your appointment is Monday", part: "Ｍａｒｉａ", category: "NAME" },
  { technique: "mathematical bold surname", text: `Patient ${shift("Gonzalez", 0x1d400, 0x1d41a, null)} is in room 4`, part: shift("Gonzalez", 0x1d400, 0x1d41a, null), category: "NAME" },
  { technique: "Greek look-alikes in a street", text: "she lives at 4417 Ν Κedzie Ave", part: "4417 Ν Κedzie Ave", category: "LOCATION" },
  { technique: "soft hyphens in a city", text: "we moved to Guada\u00adla\u00adjara", part: "Guada\u00adla\u00adjara", category: "LOCATION" },
];

function fill(template: string, part: string): string {
  return template.replace("{}", part);
}

export const DISGUISED_CASES: readonly DisguisedCase[] = [
  ...INVISIBLE_TECHNIQUES.flatMap(([technique, disguise], k) =>
    [HEALTH_TERMS[k % HEALTH_TERMS.length] as string, HEALTH_TERMS[(k + 3) % HEALTH_TERMS.length] as string].map((term, j) => {
      const part = disguise(term);
      const template = HEALTH_TEMPLATES[j % HEALTH_TEMPLATES.length] as Template;
      return { technique, text: fill(template.text, part), part, category: template.category };
    }),
  ),
  ...[...LOOKALIKE_CASES, ...SUBSTITUTION_CASES, ...LAYOUT_CASES].map(([technique, part, template]) => ({
    technique,
    text: fill(template, part),
    part,
    category: "HEALTH" as const,
  })),
  ...NUMBER_CASES,
  ...NAME_CASES,
];

/**
 * Ordinary messages that use the same characters innocently: accents, emoji with joiners and
 * variation selectors, right-to-left marks, fullwidth punctuation, ordinals, codes with digits.
 * None of them contains PHI.
 */
export const INNOCENT_UNICODE: readonly string[] = [
  "Nos vemos mañana a las 3, ¿está bien?",
  "Thanks! 👍🏽 see you soon ❤️",
  "family 👨‍👩‍👧 parking is in the back lot",
  "\u200eReply C to confirm\u200e",
  "The office is on the 2º piso",
  "We close at ５:３０ today",
  "Your copay is ＄20",
  "Please bring your insurance card 🪪",
  "Office hours: Mon–Fri 8–5",
  "“Running late” — be there in 10",
  "café and snacks in the lobby",
  "Ｑuestions? Reply to this text",
  "Wi‑Fi password is on the front desk",
  "Text STOP to opt out.",
  "The 4th floor elevator is out of order",
  "Call 911 for emergencies",
];
