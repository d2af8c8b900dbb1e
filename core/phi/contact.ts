import { type Scan, FREE } from "./Scan.ts";
import { DIGIT, LETTER, NEWLINE, SPACE, charClass } from "./text.ts";

/** Top-level domains that make "word.tld" a web or mail address. */
const TLDS = new Set([
  "com", "org", "net", "edu", "gov", "mil", "io", "co", "us", "me", "ly", "info", "biz", "health", "care", "app",
  "mx", "es", "ai", "tv", "link", "page", "site", "online", "xyz", "ca", "uk", "de", "fr", "it", "nl", "br", "ar",
  "cl", "pe", "ve", "gt", "sv", "hn", "ni", "cr", "pr", "cu", "bo", "py", "uy", "ec", "ru", "cn", "jp",
  "au", "nz", "eu", "clinic", "doctor", "hospital", "dental", "medical", "me", "gg", "fm",
]);

const LEADING = "([{<\"'¿¡*_~`";
const TRAILING = ".,;:!?)]}>\"'*_~`";

/**
 * Email addresses, URLs, IP addresses and handles. They are read on whitespace-delimited
 * chunks: every character is looked at a bounded number of times, so the pass is linear.
 */
export function detectContacts(scan: Scan): void {
  const text = scan.text;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cls = charClass(text.charCodeAt(i));
    if (cls === SPACE || cls === NEWLINE) {
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const k = charClass(text.charCodeAt(j));
      if (k === SPACE || k === NEWLINE) break;
      j++;
    }
    let s = i;
    let e = j;
    while (s < e && LEADING.includes(text.charAt(s))) s++;
    while (e > s && TRAILING.includes(text.charAt(e - 1))) e--;
    if (e - s >= 3) classifyChunk(scan, s, e);
    i = j;
  }
  detectSpelledEmails(scan);
}

function classifyChunk(scan: Scan, s: number, e: number): void {
  const chunk = scan.text.slice(s, e);
  const lower = chunk.toLowerCase();
  const at = chunk.indexOf("@");
  if (at > 0 && at < chunk.length - 3) {
    const domain = lower.slice(at + 1);
    if (hasTld(domain)) {
      scan.add(s, e, "CONTACT", "email");
      return;
    }
  }
  if (at === 0 && chunk.length > 2 && charClass(chunk.charCodeAt(1)) === LETTER) {
    scan.add(s, e, "CONTACT", "handle");
    return;
  }
  if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("www.") || lower.startsWith("ftp://")) {
    scan.add(s, e, "CONTACT", "url");
    return;
  }
  if (isIpv4(chunk) || isIpv6(lower)) {
    scan.add(s, e, "CONTACT", "ip");
    return;
  }
  const slash = lower.indexOf("/");
  const host = slash > 0 ? lower.slice(0, slash) : lower;
  if (host.includes(".") && hasTld(host) && isHostname(host)) scan.add(s, e, "CONTACT", "url");
}

/** "name.tld" with a known top-level domain and a first label of at least two characters. */
function hasTld(host: string): boolean {
  const parts = host.split(".");
  if (parts.length < 2) return false;
  const tld = parts[parts.length - 1] as string;
  const first = parts[0] as string;
  return TLDS.has(tld) && first.length >= 2 && parts.every((p) => p.length > 0);
}

function isHostname(host: string): boolean {
  let letters = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    const k = charClass(c);
    if (k === LETTER) letters++;
    else if (k !== DIGIT && c !== 0x2e && c !== 0x2d && c !== 0x5f) return false;
  }
  return letters >= 3;
}

function isIpv4(chunk: string): boolean {
  const parts = chunk.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return false;
    for (let i = 0; i < p.length; i++) if (charClass(p.charCodeAt(i)) !== DIGIT) return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

function isIpv6(chunk: string): boolean {
  let colons = 0;
  let hex = 0;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (c === 0x3a) colons++;
    else if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) hex++;
    else return false;
  }
  return colons >= 3 && hex >= 4 && (chunk.includes("::") || colons >= 5);
}

const AT_WORDS = new Set(["at", "arroba"]);
const DOT_WORDS = new Set(["dot", "punto"]);

/** "maria dot g at gmail dot com", "juan arroba yahoo punto com". */
function detectSpelledEmails(scan: Scan): void {
  const toks = scan.tokens;
  for (let i = 1; i + 3 < toks.length; i++) {
    const at = toks[i] as (typeof toks)[number];
    if (!AT_WORDS.has(at.norm)) continue;
    const host = toks[i + 1];
    const dot = toks[i + 2];
    const tld = toks[i + 3];
    if (host === undefined || dot === undefined || tld === undefined) continue;
    if (!DOT_WORDS.has(dot.norm) || !TLDS.has(tld.norm)) continue;
    // Walk back over "first dot last" of the local part.
    let a = i - 1;
    while (a - 2 >= 0 && DOT_WORDS.has((toks[a - 1] as (typeof toks)[number]).norm)) a -= 2;
    const start = (toks[a] as (typeof toks)[number]).start;
    if (scan.claims[start] !== FREE) continue;
    scan.add(start, tld.end, "CONTACT", "email");
  }
}
