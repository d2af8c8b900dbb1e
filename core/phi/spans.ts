import type { PhiCategory, PhiSpan } from "./types.ts";

/** When two overlapping spans disagree, the longer one names the merged span; on a tie, this order. */
const PRIORITY: Record<PhiCategory, number> = { CONTACT: 7, ID: 6, DATE: 5, AGE90: 4, NAME: 3, LOCATION: 2, HEALTH: 1 };

/** Sorts spans and merges the overlapping ones, so that the result is sorted and disjoint. */
export function mergeSpans(spans: PhiSpan[]): PhiSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiSpan[] = [];
  let cur: PhiSpan | undefined;
  let curWinner: PhiSpan | undefined;
  for (const s of sorted) {
    if (cur !== undefined && curWinner !== undefined && s.start < cur.end) {
      const winner = outranks(s, curWinner) ? s : curWinner;
      cur = makeSpan(cur.start, Math.max(cur.end, s.end), winner);
      curWinner = winner;
      continue;
    }
    if (cur !== undefined) out.push(cur);
    cur = s;
    curWinner = s;
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

function outranks(a: PhiSpan, b: PhiSpan): boolean {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  return PRIORITY[a.category] > PRIORITY[b.category];
}

function makeSpan(start: number, end: number, like: PhiSpan): PhiSpan {
  return like.subcategory === undefined
    ? { start, end, category: like.category }
    : { start, end, category: like.category, subcategory: like.subcategory };
}
