import type { PhiCategory, PhiSpan } from "./types.ts";
import { type Token, CAP, LOWER, MIXED, UPPER, WORD, tokenize } from "./tokenize.ts";
import { SPANISH_MARKERS } from "./vocabulary.ts";

/** How much capitalisation tells: only in mixed-case text is "Will" different from "will". */
export type CaseMode = "mixed" | "lower" | "upper";

export const FREE = 0;
export const PHI = 1;
/** A time, an amount of money, a quantity: not PHI, and not to be read as an identifier. */
export const NEUTRAL = 2;

/**
 * The state of one detection: the tokens, what the text looks like, which characters are
 * already explained, and the spans found so far. Each rule reads it and adds spans.
 */
export class Scan {
  readonly tokens: Token[];
  readonly mode: CaseMode;
  readonly spanish: boolean;
  readonly spans: PhiSpan[] = [];
  /** Per UTF-16 unit: FREE, PHI or NEUTRAL. */
  readonly claims: Uint8Array;

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
    this.claims = new Uint8Array(text.length);
    let lower = 0;
    let upper = 0;
    let cap = 0;
    let spanish = 0;
    let words = 0;
    for (const t of this.tokens) {
      if (t.kind !== WORD) continue;
      words++;
      if (SPANISH_MARKERS.has(t.norm)) spanish++;
      if (t.shape === LOWER) lower++;
      else if (t.shape === UPPER && t.end - t.start > 1) upper++;
      else if (t.shape === CAP || t.shape === MIXED) cap++;
    }
    if (upper + cap === 0) this.mode = "lower";
    else if (lower === 0 || (upper >= 3 && upper > 2 * lower)) this.mode = "upper";
    else this.mode = "mixed";
    this.spanish = spanish >= 2 || (words > 0 && spanish / words >= 0.2);
  }

  /** Adds a span over tokens a..b (inclusive) and claims their characters. */
  addTokens(a: number, b: number, category: PhiCategory, subcategory?: string): void {
    const ta = this.tokens[a];
    const tb = this.tokens[b];
    if (ta === undefined || tb === undefined) return;
    this.add(ta.start, tb.end, category, subcategory);
  }

  add(start: number, end: number, category: PhiCategory, subcategory?: string): void {
    if (end <= start) return;
    this.spans.push(subcategory === undefined ? { start, end, category } : { start, end, category, subcategory });
    this.claims.fill(PHI, start, end);
  }

  neutral(start: number, end: number): void {
    for (let i = start; i < end; i++) if (this.claims[i] === FREE) this.claims[i] = NEUTRAL;
  }

  claimOf(t: Token): number {
    return this.claims[t.start] as number;
  }

  isFree(t: Token): boolean {
    return this.claims[t.start] === FREE;
  }

  /** Index of the last token ending at or before `offset`, or -1. */
  indexBefore(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[mid] as Token).end <= offset) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  tokenBefore(offset: number): Token | undefined {
    return this.tokens[this.indexBefore(offset)];
  }

  /** The first token starting at or after `offset`. */
  tokenAfter(offset: number): Token | undefined {
    let lo = 0;
    let hi = this.tokens.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[mid] as Token).start >= offset) {
        ans = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return ans < 0 ? undefined : this.tokens[ans];
  }

}

/** True when the text between two tokens is only spaces (at most `max` units), no punctuation. */
export function plainGap(gap: string, max = 3): boolean {
  if (gap.length === 0 || gap.length > max) return false;
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) return false;
  }
  return true;
}

/** Spaces and hyphens only: words of one phrase ("x-ray", "follow up"). */
export function phraseGap(gap: string): boolean {
  if (gap.length === 0 || gap.length > 3) return false;
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x2d && c !== 0x2010 && c !== 0x2011) return false;
  }
  return true;
}

/** No sentence or line break in the gap. */
export function sameClause(gap: string): boolean {
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x0d || c === 0x3b) return false;
  }
  return true;
}
