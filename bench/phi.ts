/**
 * PHI detector benchmark (npm run bench:phi, issues 4 and 11). Runs `detectPhi` and, for
 * comparison, two local regex redaction libraries (`redact-pii`'s SyncRedactor, without its
 * Google DLP part, and `@redactpii/node`) over two labeled corpora side by side: the
 * development corpus (test/fixtures/phi/, which the detector is tuned on) and the blind corpus
 * (test/fixtures/phi-blind/, written independently and frozen before any tuning; scored only
 * here, in aggregate). Reports message-level sensitivity and specificity and span recall (a
 * labeled span counts only if every letter and digit of it is covered), overall and per
 * category, each with a 95% Wilson interval; character precision; single-core throughput and
 * p50/p99 latency on messages the process has never seen (fresh worker, JIT warmed on other
 * text, each message scanned once) beside the old repeated-corpus figure; and the worst time
 * on 100 KB adversarial inputs. Prints tables; writes bench/results/phi.json and
 * bench/results/phi-misses.json (misses and false positives of the DEVELOPMENT corpus only,
 * with the fixture text, for the detector's author; nothing per message of the blind corpus
 * is ever written or printed). Not a test: the timings depend on the machine.
 *
 * The libraries return redacted text, not spans: they run with a private-use character as
 * the replacement and the covered characters come from aligning output and input
 * (lib/alignRedaction.ts). They have no categories, so only coverage counts for them.
 */
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Redactor } from "@redactpii/node";
import { SyncRedactor } from "redact-pii";
import { existsSync } from "node:fs";
import { detectPhi, preparePhiDetector } from "../core/phi/index.ts";
import { PHI_CATEGORIES, corpusDir, loadCorpus, type CorpusMessage } from "./lib/phiCorpus.ts";
import { novelMessages, recombinedMessages, wordPool } from "./lib/novelText.ts";
import { REDACTION_TOKEN, alignRedaction } from "./lib/alignRedaction.ts";
import { scorePhi, type Detection, type PhiScore } from "./lib/phiScore.ts";
import { machineInfo, writeResult } from "./lib/results.ts";
import { median, percentiles, wilsonInterval, type Proportion } from "./lib/stats.ts";
import { formatNumber, formatTable } from "./lib/table.ts";
import { measureLatency, measureThroughput, type Latency, type Throughput } from "./lib/timing.ts";

/** The issue's targets for our detector. */
export const PHI_TARGETS = {
  sensitivity: 0.99,
  specificity: 0.95,
  spanRecall: 0.98,
  messagesPerSecond: 20_000,
  p99Us: 1000,
  adversarialMs: 50,
} as const;

/** Issue 11's targets on the blind corpus. */
export const BLIND_TARGETS = { sensitivity: 0.995, specificity: 0.98, spanRecall: 0.97, categoryRecall: 0.93 } as const;

/** The blind corpus: scored only when its author has frozen it (an empty FROZEN file). */
export const blindCorpusDir = resolve(corpusDir, "..", "phi-blind");

export function loadBlindCorpus(dir: string = blindCorpusDir): CorpusMessage[] | null {
  if (!existsSync(resolve(dir, "FROZEN"))) return null;
  return loadCorpus(dir);
}

/** Size of each adversarial input: 100 KiB of UTF-16 code units (ASCII inputs: 100 KiB of bytes). */
export const ADVERSARIAL_LENGTH = 100 * 1024;
/** A call on an adversarial input that runs longer than this is stopped and reported as such. */
const TIME_LIMIT_MS = 3000;
const ADVERSARIAL_RUNS = 3;

export interface AdversarialResult {
  name: string;
  length: number;
  /** Median and worst of the timed runs (ms); for a timed-out run, the time limit. */
  medianMs: number;
  maxMs: number;
  timedOut: boolean;
  /** The detector refused the input (for example, over its length cap) instead of scanning it. */
  rejected: boolean;
}

export type AggregateScore = Omit<PhiScore, "falseNegatives" | "falsePositives" | "missedSpans"> & {
  /** Span recall with its 95% Wilson interval, overall and per category. */
  spanRecallInterval: Proportion;
  perCategoryInterval: Record<string, Proportion>;
};

export interface SystemResult {
  name: string;
  /** On the development corpus. */
  score: AggregateScore;
  /** On the blind corpus (aggregates only); null when it is not frozen yet. */
  blindScore: AggregateScore | null;
  throughput: Throughput;
  latency: Latency;
  adversarial: AdversarialResult[];
  /** Messages whose redacted output could not be aligned with the input (libraries only). */
  alignmentFailures: number;
  /** Message-level results per language, direction and corpus file. */
  breakdown: Record<string, GroupResult>;
}

export interface GroupResult {
  messages: number;
  sensitivity: number;
  specificity: number;
}

export interface CorpusFacts {
  messages: number;
  withPhi: number;
  labeledSpans: number;
  files: number;
}

/** Our detector on messages this process has never seen: one pass, each message once. */
export interface UnseenTiming {
  name: string;
  messages: number;
  perSecond: number;
  /** Per-call latency, wall-clock time (µs). */
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** Fresh workers measured; the figures are the medians over them. */
  runs: number;
}

export interface PhiBenchResult {
  machine: ReturnType<typeof machineInfo> & { cpuModel: string };
  corpus: CorpusFacts;
  blindCorpus: CorpusFacts | null;
  targets: typeof PHI_TARGETS;
  blindTargets: typeof BLIND_TARGETS;
  systems: SystemResult[];
  unseen: UnseenTiming[];
  /** Whether our detector meets each target (throughput and latency on unseen messages). */
  met: Record<keyof typeof PHI_TARGETS, boolean>;
  blindMet: Record<keyof typeof BLIND_TARGETS, boolean> | null;
  files: { results: string; misses: string };
}

interface System {
  name: SystemName;
  hasCategories: boolean;
  /** The call that is timed. */
  run(text: string): unknown;
  /** Spans for scoring, from one call. */
  detect(text: string): Detection;
}

interface AdversarialInput {
  name: string;
  text: string;
}

function repeatTo(unit: string, length: number): string {
  let text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(text)) text = `${text.slice(0, -1)} `;
  return text;
}

/** Inputs built to trip backtracking or quadratic scans in PHI patterns. */
export function adversarialInputs(corpus: readonly CorpusMessage[], length = ADVERSARIAL_LENGTH): AdversarialInput[] {
  const clinical = corpus.map((m) => m.text).join(" ");
  return [
    { name: "digits with separators", text: repeatTo("1 2-3.4 ", length) },
    { name: "one long word", text: repeatTo("a", length) },
    { name: "one long number", text: repeatTo("7", length) },
    { name: "capitalized words", text: repeatTo("Aaaa Bbbb ", length) },
    { name: "titles without names", text: repeatTo("Dr. Mrs. ", length) },
    { name: "date-like slashes", text: repeatTo("1/", length) },
    { name: "email-like dots", text: repeatTo("a.", length) },
    { name: "at signs", text: repeatTo("a@", length) },
    { name: "url-like path", text: `http://${repeatTo("a/", length - 7)}` },
    { name: "digits between emoji", text: repeatTo("1📞", length) },
    { name: "keycap digits", text: repeatTo("1️⃣", length) },
    { name: "spelled-out numbers", text: repeatTo("five ", length) },
    { name: "whitespace", text: repeatTo(" \t", length) },
    { name: "corpus text", text: repeatTo(`${clinical} `, length) },
  ];
}

function detectionFromRedaction(input: string, output: string): { detection: Detection; aligned: boolean } {
  const ranges = alignRedaction(input, output, REDACTION_TOKEN);
  if (ranges === null) {
    // Cannot happen with these libraries; if it does, count it and credit the whole text.
    return { detection: { containsPhi: output !== input, spans: [{ start: 0, end: input.length }] }, aligned: false };
  }
  return { detection: { containsPhi: ranges.length > 0, spans: ranges }, aligned: true };
}

function timeRuns(run: () => unknown, runs: number): { times: number[]; rejected: boolean } {
  const times: number[] = [];
  let rejected = false;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    try {
      run();
    } catch {
      rejected = true;
    }
    times.push(performance.now() - t0);
  }
  return { times, rejected };
}

type SystemName = "wardroom" | "redact-pii" | "@redactpii/node";
const SYSTEM_NAMES: readonly SystemName[] = ["wardroom", "redact-pii", "@redactpii/node"];

function createSystem(name: SystemName): System {
  if (name === "wardroom") {
    return {
      name,
      hasCategories: true,
      run: (text) => detectPhi(text),
      detect: (text) => {
        const r = detectPhi(text);
        return { containsPhi: r.containsPhi, spans: r.spans };
      },
    };
  }
  const redactor =
    name === "redact-pii" ? new SyncRedactor({ globalReplaceWith: REDACTION_TOKEN }) : new Redactor({ globalReplaceWith: REDACTION_TOKEN });
  return {
    name,
    hasCategories: false,
    run: (text) => redactor.redact(text),
    detect: (text) => detectionFromRedaction(text, redactor.redact(text)).detection,
  };
}

interface AdversarialJob {
  phiBenchAdversarial: true;
  system: SystemName;
  text: string;
  runs: number;
  /** Ordinary messages to warm the worker's JIT up with before timing. */
  warmup: string[];
}

/**
 * Workers do not inherit the TypeScript loader of the main thread (Node would only strip
 * types), so the worker registers tsx before loading this module.
 */
const WORKER_BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
(async () => {
  const { register } = await import(workerData.tsxApi);
  register();
  await import(workerData.module);
})().catch((error) => { throw error; });
`;

/**
 * Times one system on one adversarial input in a worker thread (this same module), so that a
 * call stuck in a slow regular expression can be stopped: a synchronous call on the main
 * thread cannot be interrupted.
 */
function timeAdversarial(system: SystemName, input: AdversarialInput, warmup: string[]): Promise<AdversarialResult> {
  const job: AdversarialJob = { phiBenchAdversarial: true, system, text: input.text, runs: ADVERSARIAL_RUNS, warmup };
  const base = { name: input.name, length: input.text.length };
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { ...job, tsxApi: import.meta.resolve("tsx/esm/api"), module: import.meta.url } });
    // The time limit starts when the worker has loaded and warmed up, not at its start-up.
    let timer: NodeJS.Timeout | undefined;
    worker.on("message", (message: { ready: true } | { times: number[]; rejected: boolean }) => {
      if ("ready" in message) {
        timer = setTimeout(() => {
          void worker.terminate();
          resolvePromise({ ...base, medianMs: TIME_LIMIT_MS, maxMs: TIME_LIMIT_MS, timedOut: true, rejected: false });
        }, TIME_LIMIT_MS);
        return;
      }
      clearTimeout(timer);
      void worker.terminate();
      resolvePromise({ ...base, medianMs: median(message.times), maxMs: Math.max(...message.times), timedOut: false, rejected: message.rejected });
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function breakdown(corpus: readonly CorpusMessage[], detections: readonly Detection[]): Record<string, GroupResult> {
  const groups = new Map<string, { tp: number; fn: number; tn: number; fp: number }>();
  corpus.forEach((m, i) => {
    const labeled = m.spans.length > 0;
    const detected = detections[i]?.containsPhi === true;
    const file = m.source.slice(0, m.source.lastIndexOf(":"));
    for (const key of [`lang:${m.lang}`, `direction:${m.direction}`, `file:${file}`]) {
      const g = groups.get(key) ?? { tp: 0, fn: 0, tn: 0, fp: 0 };
      if (labeled) g[detected ? "tp" : "fn"]++;
      else g[detected ? "fp" : "tn"]++;
      groups.set(key, g);
    }
  });
  const rate = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);
  return Object.fromEntries(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, g]) => [key, { messages: g.tp + g.fn + g.tn + g.fp, sensitivity: rate(g.tp, g.tp + g.fn), specificity: rate(g.tn, g.tn + g.fp) }]),
  );
}

function detectAll(system: System, corpus: readonly CorpusMessage[]): { detections: Detection[]; alignmentFailures: number } {
  let alignmentFailures = 0;
  const detections = corpus.map((m) => {
    if (system.hasCategories) return system.detect(m.text);
    const output = system.run(m.text) as string;
    const { detection, aligned } = detectionFromRedaction(m.text, output);
    if (!aligned) alignmentFailures++;
    return detection;
  });
  return { detections, alignmentFailures };
}

/** The score without anything per message, plus Wilson intervals for the recalls. */
export function aggregate(full: PhiScore): AggregateScore {
  const { falseNegatives: _fn, falsePositives: _fp, missedSpans: _ms, ...score } = full;
  return {
    ...score,
    spanRecallInterval: wilsonInterval(full.spanRecall.found, full.spanRecall.total),
    perCategoryInterval: Object.fromEntries(PHI_CATEGORIES.map((c) => [c, wilsonInterval(full.perCategory[c].found, full.perCategory[c].total)])),
  };
}

async function evaluate(
  system: System,
  corpus: readonly CorpusMessage[],
  blind: readonly CorpusMessage[] | null,
  inputs: readonly AdversarialInput[],
): Promise<{ result: SystemResult; full: PhiScore }> {
  const texts = corpus.map((m) => m.text);
  const { detections, alignmentFailures } = detectAll(system, corpus);
  const full = scorePhi(corpus, detections, system.hasCategories);
  const blindScore = blind === null ? null : aggregate(scorePhi(blind, detectAll(system, blind).detections, system.hasCategories));
  const throughput = measureThroughput(texts, (text) => system.run(text));
  const latency = measureLatency(texts, (text) => system.run(text));
  const adversarial: AdversarialResult[] = [];
  for (const input of inputs) adversarial.push(await timeAdversarial(system.name, input, texts));
  return {
    result: { name: system.name, score: aggregate(full), blindScore, throughput, latency, adversarial, alignmentFailures, breakdown: breakdown(corpus, detections) },
    full,
  };
}

interface UnseenJob {
  phiBenchUnseen: true;
  warmup: string[];
  sets: { name: string; texts: string[] }[];
}

const UNSEEN_RUNS = 3;
const NOVEL_MESSAGES = 20_000;

/** Times one fresh worker: its module caches are empty, its JIT is warmed on other text. */
function timeUnseenOnce(job: UnseenJob): Promise<Omit<UnseenTiming, "runs">[]> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { ...job, tsxApi: import.meta.resolve("tsx/esm/api"), module: import.meta.url } });
    worker.once("message", (timings: Omit<UnseenTiming, "runs">[]) => {
      void worker.terminate();
      resolvePromise(timings);
    });
    worker.once("error", reject);
  });
}

/**
 * Throughput and latency on unseen messages: the corpora (each message once) and generated
 * messages with pseudo-words, in fresh workers warmed up on other generated text.
 */
async function timeUnseen(corpus: readonly CorpusMessage[], blind: readonly CorpusMessage[] | null): Promise<UnseenTiming[]> {
  const texts = corpus.map((m) => m.text);
  const pool = wordPool(texts);
  // The gating set comes last (gatingUnseen).
  const sets = [
    { name: "development corpus, each message once", texts },
    ...(blind === null ? [] : [{ name: "blind corpus, each message once", texts: blind.map((m) => m.text) }]),
    { name: `${formatNumber(NOVEL_MESSAGES)} word-salad messages, 1 pseudo-word in 6 (stress)`, texts: novelMessages(2, NOVEL_MESSAGES, pool) },
    { name: `${formatNumber(NOVEL_MESSAGES)} recombined messages, each once`, texts: recombinedMessages(3, NOVEL_MESSAGES, texts) },
  ];
  // Warm-up text: other generated messages (other seeds), never the measured ones.
  const job: UnseenJob = { phiBenchUnseen: true, warmup: [...novelMessages(1, 3000, pool), ...recombinedMessages(4, 3000, texts)], sets };
  const runs: Omit<UnseenTiming, "runs">[][] = [];
  for (let r = 0; r < UNSEEN_RUNS; r++) runs.push(await timeUnseenOnce(job));
  return sets.map((set, k) => {
    const of = (f: (t: Omit<UnseenTiming, "runs">) => number): number => median(runs.map((run) => f(run[k] as Omit<UnseenTiming, "runs">)));
    return {
      name: set.name,
      messages: set.texts.length,
      perSecond: of((t) => t.perSecond),
      p50Us: of((t) => t.p50Us),
      p99Us: of((t) => t.p99Us),
      maxUs: of((t) => t.maxUs),
      runs: UNSEEN_RUNS,
    };
  });
}

/** In the worker: warm up, then scan each message of each set once, timing every call. */
function runUnseenJob(job: UnseenJob): Omit<UnseenTiming, "runs">[] {
  preparePhiDetector();
  for (const text of job.warmup) detectPhi(text);
  return job.sets.map((set) => {
    const wall = new Float64Array(set.texts.length);
    // Throughput from this thread's CPU time: on a shared machine, wall time also counts the
    // time other processes held the core.
    const cpu0 = process.threadCpuUsage();
    set.texts.forEach((text, i) => {
      const t0 = process.hrtime.bigint();
      detectPhi(text);
      wall[i] = Number(process.hrtime.bigint() - t0) / 1000;
    });
    const cpu = process.threadCpuUsage(cpu0);
    const elapsed = (cpu.user + cpu.system) / 1000;
    // Thread CPU time is read in scheduler ticks, too coarse for one call: per-call latency is
    // wall time, each call timed on its own (a call preempted by another process counts).
    const [p50, p99, max] = percentiles([...wall], [50, 99, 100]);
    return {
      name: set.name,
      messages: set.texts.length,
      perSecond: (set.texts.length / elapsed) * 1000,
      p50Us: p50 ?? Number.NaN,
      p99Us: p99 ?? Number.NaN,
      maxUs: max ?? Number.NaN,
    };
  });
}

/** Four decimals for the measured rates so that 0.9898 never shows as a passing 0.990. */
const rate = (x: number): string => (Number.isNaN(x) ? "n/a" : x.toFixed(4));
const bound = (x: number): string => (Number.isNaN(x) ? "n/a" : x.toFixed(3));
const mark = (ok: boolean): string => (ok ? " ✓" : " ✗");
const withInterval = (p: Proportion): string => (p.trials === 0 ? "n/a" : `${rate(p.estimate)} [${bound(p.low)}-${bound(p.high)}] (${p.successes}/${p.trials})`);

/** The input with the slowest median time (the median of the runs resists a stray GC pause). */
function worstAdversarial(results: readonly AdversarialResult[]): AdversarialResult {
  return results.reduce((worst, r) => (r.medianMs > worst.medianMs ? r : worst));
}

/** The unseen timing that gates the targets: the generated messages (the largest set). */
function gatingUnseen(unseen: readonly UnseenTiming[]): UnseenTiming | undefined {
  return unseen[unseen.length - 1];
}

function meets(result: SystemResult, unseen: readonly UnseenTiming[] | null): PhiBenchResult["met"] {
  const s = result.score;
  const speed = unseen === null ? undefined : gatingUnseen(unseen);
  return {
    sensitivity: s.sensitivity.estimate >= PHI_TARGETS.sensitivity,
    specificity: s.specificity.estimate >= PHI_TARGETS.specificity,
    spanRecall: s.spanRecall.recall >= PHI_TARGETS.spanRecall,
    messagesPerSecond: (speed?.perSecond ?? result.throughput.perSecond) >= PHI_TARGETS.messagesPerSecond,
    p99Us: (speed?.p99Us ?? result.latency.p99Us) < PHI_TARGETS.p99Us,
    adversarialMs: worstAdversarial(result.adversarial).medianMs < PHI_TARGETS.adversarialMs && !result.adversarial.some((r) => r.timedOut),
  };
}

function meetsBlind(score: AggregateScore): NonNullable<PhiBenchResult["blindMet"]> {
  return {
    sensitivity: score.sensitivity.estimate >= BLIND_TARGETS.sensitivity,
    specificity: score.specificity.estimate >= BLIND_TARGETS.specificity,
    spanRecall: score.spanRecall.recall >= BLIND_TARGETS.spanRecall,
    categoryRecall: PHI_CATEGORIES.every((c) => score.perCategory[c].total === 0 || score.perCategory[c].recall >= BLIND_TARGETS.categoryRecall),
  };
}

/** Our detector, development and blind corpus side by side. */
function renderAccuracy(ours: SystemResult): string {
  const dev = ours.score;
  const blind = ours.blindScore;
  const row = (label: string, devTarget: string, d: string, blindTarget: string, b: string): string[] => [label, devTarget, d, blindTarget, b];
  const na = "not frozen yet";
  const rows: string[][] = [
    row("message sensitivity", `>= ${PHI_TARGETS.sensitivity}`, withInterval(dev.sensitivity), `>= ${BLIND_TARGETS.sensitivity}`, blind === null ? na : withInterval(blind.sensitivity)),
    row("message specificity", `>= ${PHI_TARGETS.specificity}`, withInterval(dev.specificity), `>= ${BLIND_TARGETS.specificity}`, blind === null ? na : withInterval(blind.specificity)),
    row("span recall", `>= ${PHI_TARGETS.spanRecall}`, withInterval(dev.spanRecallInterval), `>= ${BLIND_TARGETS.spanRecall}`, blind === null ? na : withInterval(blind.spanRecallInterval)),
    ...PHI_CATEGORIES.map((c) =>
      row(`  ${c} span recall`, "", withInterval(dev.perCategoryInterval[c] as Proportion), `>= ${BLIND_TARGETS.categoryRecall}`, blind === null ? na : withInterval(blind.perCategoryInterval[c] as Proportion)),
    ),
    row("char precision (letters+digits)", "", rate(dev.charPrecision.precision), "", blind === null ? na : rate(blind.charPrecision.precision)),
  ];
  return formatTable(["wardroom, estimate [95% Wilson CI] (n)", "dev target", "development corpus", "blind target", "blind corpus"], rows);
}

/** Every system, both corpora: the message decisions and span recall. */
function renderPeers(systems: readonly SystemResult[]): string {
  const rows = systems.map((r) => {
    const b = r.blindScore;
    return [
      r.name,
      rate(r.score.sensitivity.estimate),
      rate(r.score.specificity.estimate),
      rate(r.score.spanRecall.recall),
      b === null ? "n/a" : rate(b.sensitivity.estimate),
      b === null ? "n/a" : rate(b.specificity.estimate),
      b === null ? "n/a" : rate(b.spanRecall.recall),
    ];
  });
  return formatTable(["system", "dev sens", "dev spec", "dev span recall", "blind sens", "blind spec", "blind span recall"], rows);
}

function renderSpeed(systems: readonly SystemResult[], unseen: readonly UnseenTiming[]): string {
  const ours = systems[0] as SystemResult;
  const gate = gatingUnseen(unseen);
  const rows: string[][] = unseen.map((u) => [
    `wardroom, unseen: ${u.name}`,
    formatNumber(u.perSecond) + (u === gate ? mark(u.perSecond >= PHI_TARGETS.messagesPerSecond) : "  "),
    formatNumber(u.p50Us, 1),
    formatNumber(u.p99Us, 1) + (u === gate ? mark(u.p99Us < PHI_TARGETS.p99Us) : "  "),
    formatNumber(u.maxUs, 0),
  ]);
  for (const r of systems) {
    rows.push([`${r.name}, development corpus repeated (caches warm, all wall time)`, `${formatNumber(r.throughput.perSecond)}  `, formatNumber(r.latency.p50Us, 1), `${formatNumber(r.latency.p99Us, 1)}  `, formatNumber(r.latency.maxUs, 0)]);
  }
  const table = formatTable([`one core: msgs/s by thread CPU time, latency by wall time (targets: >= ${formatNumber(PHI_TARGETS.messagesPerSecond)}/s, p99 < ${formatNumber(PHI_TARGETS.p99Us)} µs)`, "msgs/s", "p50 µs", "p99 µs", "max µs"], rows);
  const adversarial = systems.map((r) => {
    const w = worstAdversarial(r.adversarial);
    const ok = r === ours ? mark(meets(r, unseen).adversarialMs) : "";
    return `${r.name}: ${w.timedOut ? `> ${formatNumber(w.medianMs)}` : formatNumber(w.medianMs, 1)} ms (${w.name})${ok}`;
  });
  return `${table}\n100 KB adversarial input, worst median (target < ${PHI_TARGETS.adversarialMs} ms): ${adversarial.join("; ")}`;
}

function corpusFacts(corpus: readonly CorpusMessage[]): CorpusFacts {
  return {
    messages: corpus.length,
    withPhi: corpus.filter((m) => m.spans.length > 0).length,
    labeledSpans: corpus.reduce((n, m) => n + m.spans.length, 0),
    files: new Set(corpus.map((m) => m.source.slice(0, m.source.lastIndexOf(":")))).size,
  };
}

/** Runs the benchmark; prints the tables unless `quiet`. */
export async function runPhiBench({ quiet = false }: { quiet?: boolean } = {}): Promise<PhiBenchResult> {
  const corpus = loadCorpus();
  const blind = loadBlindCorpus();
  const inputs = adversarialInputs(corpus);
  const systems = SYSTEM_NAMES.map(createSystem);
  const evaluated: { result: SystemResult; full: PhiScore }[] = [];
  for (const system of systems) {
    if (!quiet) process.stderr.write(`bench:phi: ${system.name}...\n`);
    evaluated.push(await evaluate(system, corpus, blind, inputs));
  }
  if (!quiet) process.stderr.write("bench:phi: wardroom on unseen messages...\n");
  const unseen = await timeUnseen(corpus, blind);
  const ours = evaluated[0] as { result: SystemResult; full: PhiScore };

  const missesPath = writeResult("phi-misses", {
    ...machineInfo(),
    detector: ours.result.name,
    note: "Development report on our own fixture (test/fixtures/phi/): label texts are invented data. The blind corpus is never reported per message.",
    falseNegatives: ours.full.falseNegatives,
    falsePositives: ours.full.falsePositives,
    missedSpans: ours.full.missedSpans,
  });
  const result: Omit<PhiBenchResult, "files"> = {
    machine: { ...machineInfo(), cpuModel: cpus()[0]?.model ?? "unknown" },
    corpus: corpusFacts(corpus),
    blindCorpus: blind === null ? null : corpusFacts(blind),
    targets: PHI_TARGETS,
    blindTargets: BLIND_TARGETS,
    systems: evaluated.map((e) => e.result),
    unseen,
    met: meets(ours.result, unseen),
    blindMet: ours.result.blindScore === null ? null : meetsBlind(ours.result.blindScore),
  };
  const resultsPath = writeResult("phi", result);
  const full: PhiBenchResult = { ...result, files: { results: resultsPath, misses: missesPath } };

  if (!quiet) {
    const c = result.corpus;
    const b = result.blindCorpus;
    console.log(`PHI detector benchmark, Node ${process.version}`);
    console.log(`development corpus: ${c.messages} messages (${c.withPhi} with PHI, ${c.labeledSpans} labeled spans)`);
    console.log(b === null ? "blind corpus: not frozen yet (test/fixtures/phi-blind/FROZEN missing), not scored" : `blind corpus: ${b.messages} messages (${b.withPhi} with PHI, ${b.labeledSpans} labeled spans)`);
    console.log(renderAccuracy(ours.result));
    if (result.blindMet !== null) {
      console.log(`blind targets: ${Object.entries(result.blindMet).map(([k, ok]) => `${k}${mark(ok)}`).join("  ")}`);
    }
    console.log("");
    console.log(renderPeers(full.systems));
    console.log("");
    console.log(renderSpeed(full.systems, unseen));
    const f = ours.full;
    console.log(
      `${ours.result.name} on the development corpus: ${f.falseNegatives.length} PHI messages missed, ${f.falsePositives.length} false positives, ${f.missedSpans.length} spans missed -> ${missesPath}`,
    );
    console.log(`results -> ${resultsPath}`);
  }
  return full;
}

if (!isMainThread && (workerData as Partial<AdversarialJob> | null)?.phiBenchAdversarial === true) {
  const job = workerData as AdversarialJob;
  const system = createSystem(job.system);
  for (let pass = 0; pass < 3; pass++) for (const text of job.warmup) system.run(text);
  parentPort?.postMessage({ ready: true });
  timeRuns(() => system.run(job.text.slice(0, 1000)), 1);
  parentPort?.postMessage(timeRuns(() => system.run(job.text), job.runs));
} else if (!isMainThread && (workerData as Partial<UnseenJob> | null)?.phiBenchUnseen === true) {
  parentPort?.postMessage(runUnseenJob(workerData as UnseenJob));
} else if (isMainThread && process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runPhiBench();
}
