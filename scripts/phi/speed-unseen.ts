/**
 * Quick in-process speed check on unseen messages, the protocol of `npm run bench:phi` in
 * one process (no corpora scores, no peers): prepare, warm the JIT on generated messages of
 * other seeds, then scan the development corpus and 20,000 recombined messages once each.
 * Throughput is this thread's CPU time. Useful for before/after comparisons under the same
 * load, and with `node --cpu-prof` to profile the unseen-message path:
 *
 *   npm exec -- node bin/run-ts.mjs scripts/phi/speed-unseen.ts
 *
 * It never reads the blind corpus.
 */
import { detectPhi, preparePhiDetector } from "../../core/phi/index.ts";
import { loadCorpus } from "../../bench/lib/phiCorpus.ts";
import { novelMessages, recombinedMessages, wordPool } from "../../bench/lib/novelText.ts";

const texts = loadCorpus().map((m) => m.text);
const pool = wordPool(texts);
const warmup = [...novelMessages(1, 3000, pool), ...recombinedMessages(4, 3000, texts)];
const sets = [
  { name: "development corpus, each once", texts },
  { name: "20,000 recombined, each once", texts: recombinedMessages(3, 20_000, texts) },
  { name: "20,000 word salad (stress)", texts: novelMessages(2, 20_000, pool) },
];
preparePhiDetector();
for (const t of warmup) detectPhi(t);
// `--only <word>`: time only the sets whose name contains it (for a profile of one set)
const only = process.argv.indexOf("--only") >= 0 ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
for (const set of sets) {
  if (only !== undefined && !set.name.includes(only)) continue;
  const wall = new Float64Array(set.texts.length);
  const cpu0 = process.threadCpuUsage();
  set.texts.forEach((text, i) => {
    const t0 = process.hrtime.bigint();
    detectPhi(text);
    wall[i] = Number(process.hrtime.bigint() - t0) / 1000;
  });
  const cpu = process.threadCpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000;
  const sorted = [...wall].sort((a, b) => a - b);
  const p = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))] as number;
  process.stdout.write(`${set.name}: ${Math.round((set.texts.length / ms) * 1000)} msg/s (cpu), p50 ${p(50).toFixed(1)} µs, p99 ${p(99).toFixed(1)} µs\n`);
}
