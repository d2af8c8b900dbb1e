/**
 * Recovers which characters a redaction library replaced, for libraries that return redacted
 * text instead of spans. Run the library with one private-use character as its replacement
 * (`REDACTION_TOKEN`); the output is then the input with some substrings replaced by that
 * character, and aligning the two gives the replaced ranges.
 */

/** U+E000 (private use): no library pattern matches it and no corpus text contains it. */
export const REDACTION_TOKEN = "\uE000";

export interface Range {
  start: number;
  end: number;
}

/**
 * Aligns `output` (the input with non-empty substrings each replaced by `token`) with `input`
 * and returns the replaced ranges of `input` (UTF-16 offsets, end exclusive, sorted, adjacent
 * ranges merged), or null when `output` cannot come from `input` that way.
 *
 * This is wildcard matching where the token matches one or more characters, done with the
 * classic greedy algorithm (backtrack only to the last token), so it is linear in practice.
 * Ambiguous alignments give each replacement its shortest match; the number of replaced
 * characters is the same for every valid alignment.
 */
export function alignRedaction(input: string, output: string, token: string = REDACTION_TOKEN): Range[] | null {
  if (token.length !== 1) throw new Error("alignRedaction: the token must be one UTF-16 code unit");
  if (input.includes(token)) return null;
  const n = input.length;
  const m = output.length;
  // Input start of each token, by the token's index in `output`.
  const starts = new Map<number, number>();
  let i = 0;
  let j = 0;
  let starJ = -1; // output index of the last token seen
  let starI = -1; // input index where that token's match currently ends
  while (i < n) {
    if (j < m && output[j] === token) {
      starts.set(j, i);
      i++; // a replacement covers at least one character
      starJ = j;
      starI = i;
      j++;
    } else if (j < m && output[j] === input[i]) {
      i++;
      j++;
    } else if (starJ !== -1) {
      starI++;
      i = starI;
      j = starJ + 1;
    } else {
      return null;
    }
  }
  if (j !== m) return null;

  // Each token ends where the literal text after it starts: the next token's start minus
  // the literal characters between them, or the end of the input minus the trailing text.
  const tokenIndexes = [...starts.keys()].sort((a, b) => a - b);
  const ranges: Range[] = [];
  tokenIndexes.forEach((jk, k) => {
    const start = starts.get(jk) as number;
    const next = tokenIndexes[k + 1];
    const end = next === undefined ? n - (m - jk - 1) : (starts.get(next) as number) - (next - jk - 1);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.end >= start) last.end = Math.max(last.end, end);
    else ranges.push({ start, end });
  });
  return ranges;
}
