/**
 * Every regular expression the detector uses, in one place, so that the tests can check each
 * of them for catastrophic backtracking (ReDoS). They are all small and anchored and run on
 * single tokens or vocabulary entries; the text itself is scanned by hand-written linear loops.
 */

/** A single letter (any script). */
export const LETTER_CHAR = /^\p{L}$/u;
/** A single combining mark. */
export const MARK_CHAR = /^\p{M}$/u;
/** Combining diacritics left by NFD normalisation of one character. */
export const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** Whitespace between vocabulary entries. */
export const WHITESPACE_RUN = /\s+/;
/** A vocabulary key made of ASCII letters only (fuzzy matching works on those). */
export const ASCII_WORD = /^[a-z]+$/;
/** An ordinal day: "1st", "22nd", "14th". */
export const ORDINAL_TOKEN = /^\d{1,2}(?:st|nd|rd|th)$/;
/** An ordinal number up to three digits: "92nd". */
export const ORDINAL_NUMBER = /^\d{1,3}(?:st|nd|rd|th)$/;
/** A clock time glued to its meridiem: "10am", "5pm", "7a". */
export const CLOCK_TOKEN = /^(?:(?:0?[1-9]|1[0-2])(?:[0-5]\d)?(?:am|pm|a|p)|(?:[01]?\d|2[0-3])(?:[0-5]\d)?(?:h|hrs))$/;
/** A quantity glued to its unit: "500mg", "10ml", "2x", "x2", "q4h", "5yo". */
export const DOSE_TOKEN = /^(?:\d{1,5}(?:mg|mgs|mcg|ug|g|gm|ml|cc|l|u|iu|units|meq|mmol|x|tabs?|puffs?|lbs?|kg|oz|cm|mm|in|ft|f|c|k|yo|y|yr|yrs|min|mins|hr|hrs|d|wk|wks|mo|mos|pct|bpm|mmhg)|x\d{1,3}(?:d|days|wk|wks)?|q\d{1,2}h|q\d{1,2}hrs)$/;
/** A range of readings: "300s", "140s". */
export const DECADE_VALUE = /^\d{2,3}s$/;
/** A glued age: "92yo", "92y", "92yrs", "92yoa". */
export const AGE_TOKEN = /^(\d{2,3})(?:yo|y|yr|yrs|yoa|yof|yom|a|anos)$/;

/** A character that is skipped: Default_Ignorable_Code_Point or Bidi_Control (Unicode's own properties). */
export const INVISIBLE_CHAR = /^[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]$/u;
/** Any combining mark, to strip from a confusable prototype. */
export const ANY_MARK = /\p{M}/gu;
/** A confusable prototype worth using: one or two ASCII letters or digits. */
export const ASCII_ALNUM_1_2 = /^[A-Za-z0-9]{1,2}$/;
/** A short ASCII reading of a compatibility symbol ("⑴" is "(1)"). */
export const ASCII_PRINTABLE_1_4 = /^[\x21-\x7e]{1,4}$/;
/** Letters, digits and marks only. */
export const LETTER_NUMBER_MARK_RUN = /^[\p{L}\p{N}\p{M}]+$/u;
/** One punctuation or separator character. */
export const PUNCT_OR_SPACE_CHAR = /^[\p{P}\p{Z}]$/u;
/** One space separator (fold to a plain space). */
export const SPACE_SEPARATOR_CHAR = /^\p{Zs}$/u;

/** Age and sex in charting shorthand: "97f", "92m". */
export const AGE_SEX_TOKEN = /^(\d{2,3})[fm]$/;

/** Named list for the ReDoS test. */
export const PHI_PATTERNS: ReadonlyArray<{ readonly name: string; readonly pattern: RegExp }> = [
  { name: "LETTER_CHAR", pattern: LETTER_CHAR },
  { name: "MARK_CHAR", pattern: MARK_CHAR },
  { name: "COMBINING_MARKS", pattern: COMBINING_MARKS },
  { name: "WHITESPACE_RUN", pattern: WHITESPACE_RUN },
  { name: "ASCII_WORD", pattern: ASCII_WORD },
  { name: "ORDINAL_TOKEN", pattern: ORDINAL_TOKEN },
  { name: "ORDINAL_NUMBER", pattern: ORDINAL_NUMBER },
  { name: "CLOCK_TOKEN", pattern: CLOCK_TOKEN },
  { name: "DOSE_TOKEN", pattern: DOSE_TOKEN },
  { name: "AGE_TOKEN", pattern: AGE_TOKEN },
  { name: "AGE_SEX_TOKEN", pattern: AGE_SEX_TOKEN },
  { name: "DECADE_VALUE", pattern: DECADE_VALUE },
  { name: "INVISIBLE_CHAR", pattern: INVISIBLE_CHAR },
  { name: "ANY_MARK", pattern: ANY_MARK },
  { name: "ASCII_ALNUM_1_2", pattern: ASCII_ALNUM_1_2 },
  { name: "ASCII_PRINTABLE_1_4", pattern: ASCII_PRINTABLE_1_4 },
  { name: "LETTER_NUMBER_MARK_RUN", pattern: LETTER_NUMBER_MARK_RUN },
  { name: "PUNCT_OR_SPACE_CHAR", pattern: PUNCT_OR_SPACE_CHAR },
  { name: "SPACE_SEPARATOR_CHAR", pattern: SPACE_SEPARATOR_CHAR },
];
