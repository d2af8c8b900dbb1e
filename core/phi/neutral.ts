import { type Scan, plainGap } from "./Scan.ts";
import { type Token, ALNUM, NUM, WORD } from "./tokenize.ts";
import { CLOCK_TOKEN } from "./patterns.ts";

const MERIDIEM = new Set(["am", "pm", "a", "p", "hrs", "h", "noon", "hs"]);
const MONEY_AFTER = new Set(["dollars", "dollar", "bucks", "usd", "cents", "pesos", "dlls", "dls"]);
const CURRENCY = "$€£¥";
const RANGE_GAPS = new Set(["-", "–", " - "]);
const SCALE_WORDS = new Set(["scale", "scales", "escala", "point", "pt"]);

/**
 * Times ("5:30", "10am") and amounts of money ("$20", "20 dollars") are logistics, not PHI:
 * they are marked so that the identifier rule does not read them as numbers to protect.
 */
export function markNeutral(scan: Scan): void {
  const toks = scan.tokens;
  const text = scan.text;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!scan.isFree(t)) continue;
    if (t.kind === ALNUM && CLOCK_TOKEN.test(t.key)) {
      scan.neutral(t.start, t.end);
      continue;
    }
    if (t.kind !== NUM) continue;
    let end = i;
    // 5:30, 17:45:00
    while (end + 1 < toks.length) {
      const nt = toks[end + 1] as Token;
      if (nt.gap !== ":" || (nt.kind !== NUM && !(nt.kind === ALNUM && CLOCK_TOKEN.test(nt.key))) || nt.key.length < 2) break;
      end++;
    }
    const next = toks[end + 1];
    const isClock = end > i && t.norm.length <= 2;
    const withMeridiem = next !== undefined && next.kind === WORD && MERIDIEM.has(next.key) && (next.gap === "" || plainGap(next.gap)) && t.norm.length <= 4;
    if (isClock || withMeridiem) {
      let last = end;
      if (withMeridiem) {
        last = end + 1;
        // "a.m." / "p.m."
        const m = toks[last + 1];
        if (m !== undefined && m.key === "m" && m.gap === ".") last++;
      }
      scan.neutral(t.start, (toks[last] as Token).end);
      i = last;
      continue;
    }
    const before = t.start > 0 ? text.charAt(t.start - 1) : "";
    const before2 = t.start > 1 ? text.charAt(t.start - 2) : "";
    if (CURRENCY.includes(before) || (before === " " && CURRENCY.includes(before2))) {
      // $1,234.56
      let last = i;
      while (last + 1 < toks.length) {
        const nt = toks[last + 1] as Token;
        if (nt.kind !== NUM || (nt.gap !== "," && nt.gap !== ".")) break;
        last++;
      }
      scan.neutral(t.start, (toks[last] as Token).end);
      i = last;
      continue;
    }
    if (next !== undefined && MONEY_AFTER.has(next.key) && plainGap(next.gap)) scan.neutral(t.start, t.end);
    // "the 0-10 scale", "una escala de 1-5": the range of a scale, not a number to protect
    const after = toks[i + 2];
    if (next !== undefined && after !== undefined && next.kind === NUM && RANGE_GAPS.has(next.gap) && t.key.length <= 2 && next.key.length <= 2 && SCALE_WORDS.has(after.key) && plainGap(after.gap)) {
      scan.neutral(t.start, next.end);
      i++;
    }
  }
}
