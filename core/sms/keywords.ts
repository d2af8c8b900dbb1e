/**
 * Carrier keywords (CTIA Messaging Principles, carrier codes of conduct, and the FCC's 2024
 * revocation rule, 47 CFR 64.1200(a)(10)): a reply that is just STOP (or a variant) opts the
 * number out of everything, START opts it back in, HELP asks for the help text. The lists come
 * from the policy (`sms.keywords.stop|start|help`); the defaults below are what carriers
 * expect in the US, plus Spanish.
 *
 * A reply matches when, once trimmed of spaces, punctuation and emoji around it, it is one of
 * the keywords, whatever its case, accents, compatibility forms or invisible characters
 * ("Stop.", " stop!! ", "¡ALTO!", "opt-out", full-width "ＳＴＯＰ", "S\u200BTOP").
 * A sentence that merely contains a keyword ("please stop the reminders") does not match:
 * it reaches the care team in the room like any other message.
 */

export type CarrierKeyword = "stop" | "start" | "help";

export interface KeywordLists {
  stop: readonly string[];
  start: readonly string[];
  help: readonly string[];
}

/**
 * START keywords are START and UNSTOP only: YES is the consent accept keyword
 * (`sms.consent.acceptKeywords`), so it must not also mean "opt back in".
 */
export const DEFAULT_KEYWORDS: KeywordLists = {
  stop: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "PARAR", "ALTO", "DETENER", "CANCELAR"],
  start: ["START", "UNSTOP", "COMENZAR"],
  help: ["HELP", "INFO", "AYUDA"],
};

/** Replies longer than this are sentences, not keywords. */
const MAX_KEYWORD_REPLY = 40;

/**
 * The canonical form of a reply for keyword matching: accents removed, upper case, with the
 * punctuation, symbols and spaces around it dropped and spaces or dashes inside it removed
 * ("opt-out" and "Opt Out" both give "OPTOUT"). Null when nothing word-like is left or the
 * reply is too long to be a keyword.
 */
export function normalizeReply(body: string): string | null {
  if (body.length > MAX_KEYWORD_REPLY * 4) return null;
  const folded = body
    .normalize("NFKD")
    // Accents, and invisible characters (zero-width spaces, joiners, bidi marks) an SMS may carry.
    .replace(/\p{M}|\p{Default_Ignorable_Code_Point}/gu, "")
    .toUpperCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
    .replace(/[\s\-_.]+/gu, "");
  if (folded === "" || folded.length > MAX_KEYWORD_REPLY) return null;
  return folded;
}

/** The keyword of `words` that the reply is, in canonical form, or null. */
export function matchKeyword(body: string, words: readonly string[]): string | null {
  const reply = normalizeReply(body);
  if (reply === null) return null;
  for (const word of words) {
    if (normalizeReply(word) === reply) return word;
  }
  return null;
}

export interface KeywordMatch {
  kind: CarrierKeyword;
  /** The keyword from the list that matched, as written in the list. */
  keyword: string;
}

/**
 * Classify an inbound text as a carrier keyword. STOP is checked first: if a word were in two
 * lists (the policy schema refuses that), opting out wins.
 */
export function classifyKeyword(body: string, lists: KeywordLists = DEFAULT_KEYWORDS): KeywordMatch | null {
  for (const kind of ["stop", "start", "help"] as const) {
    const keyword = matchKeyword(body, lists[kind]);
    if (keyword !== null) return { kind, keyword };
  }
  return null;
}
