/**
 * Messages no process has seen before, for honest throughput (issue 11): repeating one corpus
 * lets every cache in the detector answer from memory after the first pass. Both generators
 * are seeded, so each run gets the same text, but every message is unique:
 *
 * - `recombinedMessages`: real messages with about a third of their words swapped for other
 *   words of the same shape (names for names, numbers for numbers of as many digits) and
 *   one word in 25 for a pseudo-word: the length, structure and word mix of real traffic;
 * - `novelMessages`: word salad where one word in six is a pseudo-word no vocabulary has (the
 *   slow path of a misspelling lookup): a stress case, not typical traffic.
 */

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const VOWELS = "aeiou";
const PUNCTUATION = [" ", " ", " ", " ", " ", ", ", ". ", "? ", "! ", " - ", ": ", "\n"];

/** The words of some texts, as a pool to draw from. */
export function wordPool(texts: readonly string[]): string[] {
  const words = new Set<string>();
  for (const t of texts) for (const w of t.split(/[\s,.;:!?()"]+/)) if (w.length > 0 && w.length <= 20) words.add(w);
  return [...words].sort();
}

function pseudoWord(random: () => number): string {
  const len = 3 + Math.floor(random() * 9);
  let w = "";
  for (let i = 0; i < len; i++) {
    const pool = i % 2 === 1 ? VOWELS : LETTERS;
    w += pool.charAt(Math.floor(random() * pool.length));
  }
  return random() < 0.3 ? w.charAt(0).toUpperCase() + w.slice(1) : w;
}

/** `count` distinct messages of 3 to 40 words drawn from `pool`, pseudo-words and numbers. */
export function novelMessages(seed: number, count: number, pool: readonly string[]): string[] {
  if (pool.length === 0) throw new Error("novelMessages: empty word pool");
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const words = 3 + Math.floor(random() * 38);
    let text = "";
    for (let i = 0; i < words; i++) {
      const r = random();
      let w: string;
      if (r < 0.17) w = pseudoWord(random);
      else if (r < 0.25) w = String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 5))));
      else w = pool[Math.floor(random() * pool.length)] as string;
      text += (i === 0 ? "" : (PUNCTUATION[Math.floor(random() * PUNCTUATION.length)] as string)) + w;
    }
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

const WORD_OR_NUMBER = /[\p{L}\p{N}]+/gu;

type Shape = "lower" | "capital" | "upper" | "number" | "other";

function shapeOf(word: string): Shape {
  if (/^\d+$/.test(word)) return "number";
  if (/^\p{Ll}+$/u.test(word)) return "lower";
  if (/^\p{Lu}\p{Ll}+$/u.test(word)) return "capital";
  if (/^\p{Lu}{2,}$/u.test(word)) return "upper";
  return "other";
}

/** `count` distinct messages made from `texts` by swapping words for others of the same shape. */
export function recombinedMessages(seed: number, count: number, texts: readonly string[]): string[] {
  if (texts.length === 0) throw new Error("recombinedMessages: no texts");
  const random = seededRandom(seed);
  const byShape = new Map<Shape, string[]>();
  for (const t of texts) {
    for (const m of t.matchAll(WORD_OR_NUMBER)) {
      const shape = shapeOf(m[0]);
      const list = byShape.get(shape) ?? [];
      list.push(m[0]);
      byShape.set(shape, list);
    }
  }
  const seen = new Set<string>(texts);
  const out: string[] = [];
  while (out.length < count) {
    const base = texts[Math.floor(random() * texts.length)] as string;
    const text = base.replace(WORD_OR_NUMBER, (word) => {
      const r = random();
      const shape = shapeOf(word);
      if (r < 0.04 && shape !== "number") return pseudoWord(random);
      if (r >= 0.35) return word;
      if (shape === "number") {
        let digits = "";
        for (let i = 0; i < word.length; i++) digits += String(Math.floor(random() * 10));
        return digits;
      }
      const pool = byShape.get(shape) ?? [word];
      return pool[Math.floor(random() * pool.length)] as string;
    });
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}
