/**
 * Misspelling tolerance: a symmetric-delete index (the SymSpell idea). Every vocabulary word
 * is stored under the strings obtained by deleting up to `maxDistance(word)` letters; a query
 * generates its own deletes and looks them up, then the candidates are verified with a
 * bounded Damerau-Levenshtein distance. A lookup costs a few dozen hash probes whatever the
 * size of the vocabulary, which keeps the detector fast.
 */

export interface FuzzyHit {
  readonly word: string;
  readonly distance: number;
}

/** Longer words are not looked up: no vocabulary word is longer, and deletes grow with length. */
export const MAX_FUZZY_LENGTH = 24;

/** Edits allowed in a query of this length: none under 5 letters, 1 up to 6, 2 from 7 ("numonia"). */
export function maxDistance(length: number): number {
  return length >= 7 ? 2 : length >= 5 ? 1 : 0;
}

/** Edits allowed from a vocabulary word: two only for long words ("bursitis" is not "burritos"). */
export function maxWordDistance(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** Multiplier of the polynomial string hash (mod 2^32) that screens deletes before a Map probe. */
const HASH_BASE = 0x01000193;

/** Polynomial hash of a whole string: h = h * B + c for each UTF-16 unit, mod 2^32. */
export function deleteHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, HASH_BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Scratch arrays of one lookup, reused by every lookup (the detector is synchronous): prefix
 * hashes, suffix hashes and powers of the base for queries up to MAX_FUZZY_LENGTH.
 */
const PREFIX = new Int32Array(MAX_FUZZY_LENGTH + 2);
const SUFFIX = new Int32Array(MAX_FUZZY_LENGTH + 2);
const POWER = new Int32Array(MAX_FUZZY_LENGTH + 2);
POWER[0] = 1;
for (let i = 1; i < POWER.length; i++) POWER[i] = Math.imul(POWER[i - 1] as number, HASH_BASE);

export class FuzzyIndex {
  /** delete -> the word, or the words, it comes from (a plain string when only one: most of them). */
  private readonly deletes = new Map<string, string | string[]>();
  private readonly words = new Set<string>();
  /**
   * The hashes of every delete, in an open-addressing table (0 = empty; a hash of 0 is stored as
   * 1): a query's deletes are hashed arithmetically from its prefix and suffix hashes, and a
   * delete string is built and looked up in `deletes` only when its hash is here. Most deletes
   * of an unknown word are in no vocabulary, so most probes allocate nothing.
   */
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>, private readonly cap = 2) {
    for (const w of words) this.add(w);
    let size = 1024;
    while (size < this.deletes.size * 3) size *= 2;
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (const del of this.deletes.keys()) this.insertHash(deleteHash(del));
  }

  private insertHash(hash: number): void {
    const h = hash === 0 ? 1 : hash;
    let slot = mix(h) & this.mask;
    while (true) {
      const v = this.hashes[slot] as number;
      if (v === h) return;
      if (v === 0) {
        this.hashes[slot] = h;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private hasHash(hash: number): boolean {
    const h = hash === 0 ? 1 : hash;
    let slot = mix(h) & this.mask;
    while (true) {
      const v = this.hashes[slot] as number;
      if (v === h) return true;
      if (v === 0) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  private add(word: string): void {
    const d = Math.min(this.cap, maxWordDistance(word.length));
    if (d === 0 || word.length > MAX_FUZZY_LENGTH || this.words.has(word)) return;
    this.words.add(word);
    for (const del of deleteVariants(word, d)) {
      const entry = this.deletes.get(del);
      if (entry === undefined) this.deletes.set(del, word);
      else if (typeof entry === "string") {
        if (entry !== word) this.deletes.set(del, [entry, word]);
      } else if (entry[entry.length - 1] !== word) entry.push(word);
    }
  }

  /** The closest vocabulary word within the allowed distance, or undefined. */
  lookup(query: string): FuzzyHit | undefined {
    if (query.length > MAX_FUZZY_LENGTH) return undefined;
    const qd = Math.min(this.cap, maxDistance(query.length));
    if (qd === 0) return undefined;
    if (this.words.has(query)) return { word: query, distance: 0 };
    const n = query.length;
    // PREFIX[i]: hash of query[0, i); SUFFIX[j]: sum of query[k] * B^(n-1-k) for k >= j, so that
    // deleting i gives PREFIX[i] * B^(n-1-i) + SUFFIX[i+1] and deleting i < j gives
    // PREFIX[i] * B^(n-2-i) + H(query[i+1, j)) * B^(n-1-j) + SUFFIX[j+1].
    PREFIX[0] = 0;
    for (let i = 0; i < n; i++) PREFIX[i + 1] = (Math.imul(PREFIX[i] as number, HASH_BASE) + query.charCodeAt(i)) | 0;
    SUFFIX[n] = 0;
    for (let j = n - 1; j >= 0; j--) SUFFIX[j] = (Math.imul(query.charCodeAt(j), POWER[n - 1 - j] as number) + (SUFFIX[j + 1] as number)) | 0;
    const state: LookupState = { best: undefined, checked: [] };
    if (this.hasHash(PREFIX[n] as number)) this.probe(query, query, qd, state);
    // Each delete (positions i < j once each) is screened by its hash; a repeated delete
    // only repeats a probe.
    for (let i = 0; i < n; i++) {
      if (i > 0 && query.charCodeAt(i) === query.charCodeAt(i - 1)) continue; // same delete as i - 1
      const h1 = (Math.imul(PREFIX[i] as number, POWER[n - 1 - i] as number) + (SUFFIX[i + 1] as number)) | 0;
      if (this.hasHash(h1)) this.probe(query.slice(0, i) + query.slice(i + 1), query, qd, state);
      if (qd < 2 || n - 1 <= 2) continue;
      const left = Math.imul(PREFIX[i] as number, POWER[n - 2 - i] as number);
      for (let j = i + 1; j < n; j++) {
        // j is the second deleted position in `query` (k = j - 1 in the once-deleted string)
        if (j > i + 1 && query.charCodeAt(j) === query.charCodeAt(j - 1)) continue;
        const mid = ((PREFIX[j] as number) - Math.imul(PREFIX[i + 1] as number, POWER[j - i - 1] as number)) | 0;
        const h2 = (left + Math.imul(mid, POWER[n - 1 - j] as number) + (SUFFIX[j + 1] as number)) | 0;
        if (this.hasHash(h2)) this.probe(query.slice(0, i) + query.slice(i + 1, j) + query.slice(j + 1), query, qd, state);
      }
    }
    return state.best;
  }

  private probe(del: string, query: string, qd: number, state: LookupState): void {
    const entry = this.deletes.get(del);
    if (entry === undefined) return;
    if (typeof entry === "string") this.verify(entry, query, qd, state);
    else for (const word of entry) this.verify(word, query, qd, state);
  }

  private verify(word: string, query: string, qd: number, state: LookupState): void {
    if (state.checked.includes(word)) return;
    state.checked.push(word);
    const best = state.best;
    const limit = Math.min(qd, maxWordDistance(word.length), best === undefined ? 2 : best.distance - 1);
    if (limit <= 0) return;
    // Short words must keep their first letter: "cancel" is not "pancel".
    if (limit === 1 && word.length < 7 && word.charCodeAt(0) !== query.charCodeAt(0)) return;
    const d = boundedDamerau(query, word, limit);
    if (d <= limit && (best === undefined || d < best.distance)) state.best = { word, distance: d };
  }
}

interface LookupState {
  best: FuzzyHit | undefined;
  /** Vocabulary words already verified for this query. */
  checked: string[];
}

/** A 32-bit finaliser (from MurmurHash3) so that nearby hashes land in distant slots. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x;
}

/** The word itself and every string obtained by deleting up to `depth` characters. */
function deleteVariants(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let k = 0; k < depth; k++) {
    const next: string[] = [];
    for (const w of frontier) {
      if (w.length <= 2) continue;
      for (let i = 0; i < w.length; i++) {
        const d = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(d)) {
          out.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up as
 * soon as it must exceed `limit` (returns limit + 1 then).
 */
export function boundedDamerau(a: string, b: string, limit: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return limit + 1;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}
