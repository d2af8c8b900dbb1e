import type { PhiResult, PhiSpan } from "./types.ts";
import { Scan } from "./Scan.ts";
import { mergeSpans } from "./spans.ts";
import { detectContacts } from "./contact.ts";
import { detectDates } from "./dates.ts";
import { detectAges } from "./ages.ts";
import { markNeutral } from "./neutral.ts";
import { detectLocations } from "./locations.ts";
import { detectHealth } from "./health.ts";
import { detectIdentifiers } from "./identifiers.ts";
import { detectNames } from "./names.ts";
import { NEWLINE, SPACE, charClass } from "./text.ts";
import { normalizeText, originalRange, prepareNormalizer } from "./normalize.ts";
import { commonFuzzyIndex, healthFuzzyIndex } from "./vocabulary.ts";

/**
 * The longest text scanned, in UTF-16 units. Anything after it is not read: it is reported as
 * one span (category HEALTH, subcategory "unscanned") so that the caller fails closed.
 */
export const MAX_SCAN_LENGTH = 10_000;

/**
 * Finds PHI in a short message. Pure and synchronous; linear in the length of the text.
 * Spans are sorted, disjoint, UTF-16 offsets with an exclusive end.
 */
export function detectPhi(text: string): PhiResult {
  if (typeof text !== "string") throw new TypeError("detectPhi: text must be a string");
  const cut = scanLimit(text);
  const scanned = cut < text.length ? text.slice(0, cut) : text;
  // Rules read the text with its Unicode disguises undone; spans are mapped back to `text`.
  const norm = normalizeText(scanned);
  const scan = new Scan(norm.text);
  // Order matters: each rule claims characters the later ones must not reinterpret.
  detectContacts(scan);
  detectDates(scan);
  detectAges(scan);
  markNeutral(scan);
  detectLocations(scan);
  detectHealth(scan);
  detectIdentifiers(scan);
  detectNames(scan);
  const found = mergeSpans(scan.spans);
  const spans: PhiSpan[] =
    norm.starts === null ? found : mergeSpans(found.map((s) => ({ ...s, ...originalRange(norm, s.start, s.end) })));
  if (cut < text.length) spans.push({ start: cut, end: text.length, category: "HEALTH", subcategory: "unscanned" });
  return { containsPhi: spans.length > 0, spans };
}

/**
 * Builds the misspelling indexes now (about 0.1 s) and compiles the Unicode tables of the
 * normaliser, instead of on the first message that needs them; a long-running process calls it at start-up so that no message pays for it.
 */
export function preparePhiDetector(): void {
  healthFuzzyIndex();
  commonFuzzyIndex();
  prepareNormalizer();
}

/** Where scanning stops: the cap, moved back to a word boundary (at most 64 units) so no word is cut in two. */
function scanLimit(text: string): number {
  if (text.length <= MAX_SCAN_LENGTH) return text.length;
  let cut = MAX_SCAN_LENGTH;
  for (let k = 0; k < 64 && cut > 0; k++, cut--) {
    const cls = charClass(text.charCodeAt(cut - 1));
    if (cls === SPACE || cls === NEWLINE) return cut;
  }
  cut = MAX_SCAN_LENGTH;
  // never split a surrogate pair
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return cut;
}
