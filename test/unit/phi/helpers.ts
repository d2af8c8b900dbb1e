import { expect } from "vitest";
import { detectPhi, type PhiCategory, type PhiSpan } from "../../../core/phi/index.ts";

/** The spans that touch the first occurrence of `part` in `text`. */
function spansOver(text: string, part: string): { start: number; end: number; spans: readonly PhiSpan[] } {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`test bug: "${part}" is not in "${text}"`);
  const end = start + part.length;
  const spans = detectPhi(text).spans.filter((s) => s.start < end && s.end > start);
  return { start, end, spans };
}

/**
 * Asserts that every letter and digit of `part` (first occurrence in `text`) is covered by a
 * span, and, when given, that the covering spans have `category`. This is the benchmark's
 * rule: a span counts when the whole identifier is covered.
 */
export function expectFound(text: string, part: string, category?: PhiCategory): void {
  const { start, end, spans } = spansOver(text, part);
  for (let i = start; i < end; i++) {
    if (!/[\p{L}\p{N}]/u.test(text.charAt(i))) continue;
    const covered = spans.some((s) => s.start <= i && s.end > i);
    expect(covered, `"${part}" in "${text}": character ${i} ("${text.charAt(i)}") not covered; spans ${shown(text)}`).toBe(true);
  }
  if (category !== undefined) {
    const cats = spans.map((s) => s.category);
    expect(cats, `"${part}" in "${text}": spans ${shown(text)}`).toContain(category);
  }
}

/** Asserts that no span touches `part` (first occurrence in `text`). */
export function expectNotFound(text: string, part: string): void {
  const { spans } = spansOver(text, part);
  expect(spans, `"${part}" in "${text}" should not be flagged; spans ${shown(text)}`).toEqual([]);
}

/** Asserts the message-level decision. */
export function expectPhi(text: string, containsPhi: boolean): void {
  expect(detectPhi(text).containsPhi, `${containsPhi ? "missed" : "false alarm"}: "${text}" -> ${shown(text)}`).toBe(containsPhi);
}

export function shown(text: string): string {
  const spans = detectPhi(text).spans;
  return spans.length === 0 ? "(none)" : spans.map((s) => `[${text.slice(s.start, s.end)}]${s.category}`).join(" ");
}
