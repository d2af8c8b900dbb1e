/**
 * How many SMS a text costs, per 3GPP TS 23.038 (alphabets) and 23.040 (concatenation).
 *
 * A text is sent in the GSM 7-bit default alphabet when every character is in its basic table
 * or its extension table (an extension character takes two septets: ESC + code); otherwise
 * the whole text goes as UCS-2 (in practice UTF-16, where a character outside the Basic
 * Multilingual Plane, such as most emoji, takes two code units). One SMS holds 160 septets or
 * 70 UCS-2 units; a longer text is split into parts that each give room to a 6-byte
 * concatenation header: 153 septets or 67 units. A two-septet extension character and a
 * surrogate pair are never split across parts, so a part may hold one unit fewer.
 *
 * National language shift tables (Turkish, Spanish, Portuguese...) are not used: US carriers
 * do not support them.
 */

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) in the whole text. */
  units: number;
  /** Number of SMS parts; an empty text still costs one SMS if sent. */
  segments: number;
  /** Capacity of each part: 160/153 for GSM-7, 70/67 for UCS-2. */
  unitsPerSegment: number;
  /** Units still free in the last part. */
  remaining: number;
}

/** The basic table, row by row (0x1B, the escape to the extension table, is left out). */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅå" + // 0x00-0x0F
  "Δ_ΦΓΛΩΠΨΣΘΞ" + "ÆæßÉ" + // 0x10-0x1A, then 0x1C-0x1F
  " !\"#¤%&'()*+,-./0123456789:;<=>?" + // 0x20-0x3F
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" + // 0x40-0x5F
  "¿abcdefghijklmnopqrstuvwxyzäöñüà"; // 0x60-0x7F

/** Reached through ESC (0x1B): form feed, ^ { } \ [ ~ ] | and the euro sign. */
const GSM7_EXTENSION = "\f^{}\\[~]|€";

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

const LIMITS = {
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
} as const;

/** Whether every character of the text fits the GSM 7-bit default alphabet (basic + extension). */
export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  }
  return true;
}

/** Characters that force the whole text into UCS-2 (each listed once, in order of appearance). */
export function nonGsm7Characters(text: string): string[] {
  const seen = new Set<string>();
  for (const ch of text) {
    if (!BASIC.has(ch) && !EXTENSION.has(ch)) seen.add(ch);
  }
  return [...seen];
}

/** The cost of each character (code point) of the text in the chosen encoding. */
function unitCosts(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  for (const ch of text) {
    if (encoding === "GSM-7") costs.push(EXTENSION.has(ch) ? 2 : 1);
    else costs.push(ch.length); // 2 for a surrogate pair
  }
  return costs;
}

/** Split the text into the parts a carrier would send, without splitting a character. */
export function splitSegments(text: string): string[] {
  const encoding: SmsEncoding = isGsm7(text) ? "GSM-7" : "UCS-2";
  const chars = [...text];
  const costs = unitCosts(text, encoding);
  const total = costs.reduce((a, b) => a + b, 0);
  const { single, multi } = LIMITS[encoding];
  if (total <= single) return [text];
  const parts: string[] = [];
  let current = "";
  let used = 0;
  chars.forEach((ch, i) => {
    const cost = costs[i] ?? 1;
    if (used + cost > multi) {
      parts.push(current);
      current = "";
      used = 0;
    }
    current += ch;
    used += cost;
  });
  parts.push(current);
  return parts;
}

/** Encoding, size and number of SMS parts of a text. */
export function countSegments(text: string): SegmentInfo {
  const encoding: SmsEncoding = isGsm7(text) ? "GSM-7" : "UCS-2";
  const costs = unitCosts(text, encoding);
  const units = costs.reduce((a, b) => a + b, 0);
  const { single, multi } = LIMITS[encoding];
  if (units <= single) {
    return { encoding, units, segments: 1, unitsPerSegment: single, remaining: single - units };
  }
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, unitsPerSegment: multi, remaining: multi - used };
}
