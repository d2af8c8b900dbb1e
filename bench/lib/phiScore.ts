/**
 * Scores a PHI detector's output against the labeled corpus (test/fixtures/phi/). Pure: the
 * benchmark runs the detectors and passes their spans in.
 *
 * Coverage rules (issue 4): a labeled span is found only if every letter and digit in it is
 * covered by some detected span, whatever the detected category (what matters to the SMS
 * gate is that the characters are caught). Character precision counts letters and digits
 * only, so a span that also takes a neighbouring space or comma is not penalised.
 */
import { PHI_CATEGORIES, type CorpusMessage, type PhiCategory } from "./phiCorpus.ts";
import { wilsonInterval, type Proportion } from "./stats.ts";

export interface DetectedSpan {
  start: number;
  end: number;
  /** Absent for libraries that only redact. */
  category?: string;
}

export interface Detection {
  containsPhi: boolean;
  spans: readonly DetectedSpan[];
}

export interface Recall {
  found: number;
  total: number;
  recall: number;
}

export interface CategoryRecall extends Recall {
  /** Found by spans of the labeled category only; null when the system has no categories. */
  typedRecall: number | null;
}

export interface MessageOutcome {
  id: string;
  source: string;
  labeled: boolean;
  detected: boolean;
}

export interface MissedSpan {
  id: string;
  source: string;
  category: PhiCategory;
  text: string;
  /** Letters and digits of the label covered / in the label. */
  covered: string;
}

export interface FalsePositive {
  id: string;
  source: string;
  detected: { category: string | null; text: string }[];
}

export interface PhiScore {
  confusion: { tp: number; fn: number; tn: number; fp: number };
  sensitivity: Proportion;
  specificity: Proportion;
  spanRecall: Recall;
  perCategory: Record<PhiCategory, CategoryRecall>;
  /** Detected letters/digits inside labeled spans / detected letters/digits. */
  charPrecision: { inLabels: number; detected: number; precision: number };
  /** Labeled letters/digits covered by detected spans / labeled letters/digits. */
  charRecall: Recall;
  falseNegatives: { id: string; source: string; categories: PhiCategory[] }[];
  falsePositives: FalsePositive[];
  missedSpans: MissedSpan[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Marks, per UTF-16 index, whether it belongs to a letter or digit (both halves of a pair). */
function wordCharMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  let i = 0;
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) mask.fill(1, i, i + ch.length);
    i += ch.length;
  }
  return mask;
}

function coverage(length: number, spans: readonly { start: number; end: number }[]): Uint8Array {
  const covered = new Uint8Array(length);
  for (const s of spans) covered.fill(1, Math.max(0, s.start), Math.min(length, s.end));
  return covered;
}

/** Counts word-character code units in [start, end) and how many of them are covered. */
function countCovered(mask: Uint8Array, covered: Uint8Array, start: number, end: number): { total: number; hit: number } {
  let total = 0;
  let hit = 0;
  for (let i = start; i < end; i++) {
    if (mask[i] === 1) {
      total++;
      if (covered[i] === 1) hit++;
    }
  }
  return { total, hit };
}

const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

/**
 * Scores detections (same order as `corpus`). `hasCategories` says whether the system labels
 * its spans (for the typed recall).
 */
export function scorePhi(corpus: readonly CorpusMessage[], detections: readonly Detection[], hasCategories: boolean): PhiScore {
  if (corpus.length !== detections.length) throw new Error("scorePhi: one detection per corpus message is needed");
  const confusion = { tp: 0, fn: 0, tn: 0, fp: 0 };
  const perCategory = Object.fromEntries(
    PHI_CATEGORIES.map((c) => [c, { found: 0, total: 0, typedFound: 0 }]),
  ) as Record<PhiCategory, { found: number; total: number; typedFound: number }>;
  let spansFound = 0;
  let spansTotal = 0;
  let detectedChars = 0;
  let detectedInLabels = 0;
  let labeledChars = 0;
  let labeledCovered = 0;
  const falseNegatives: PhiScore["falseNegatives"] = [];
  const falsePositives: FalsePositive[] = [];
  const missedSpans: MissedSpan[] = [];

  corpus.forEach((message, index) => {
    const detection = detections[index] as Detection;
    const labeled = message.spans.length > 0;
    if (labeled && detection.containsPhi) confusion.tp++;
    else if (labeled) {
      confusion.fn++;
      falseNegatives.push({ id: message.id, source: message.source, categories: [...new Set(message.spans.map((s) => s.category))] });
    } else if (detection.containsPhi) {
      confusion.fp++;
      falsePositives.push({
        id: message.id,
        source: message.source,
        detected: detection.spans.map((s) => ({ category: s.category ?? null, text: message.text.slice(s.start, s.end) })),
      });
    } else confusion.tn++;

    const mask = wordCharMask(message.text);
    const covered = coverage(message.text.length, detection.spans);
    const inLabels = coverage(message.text.length, message.spans);
    for (const label of message.spans) {
      const { total, hit } = countCovered(mask, covered, label.start, label.end);
      const found = hit === total;
      const typed =
        hasCategories &&
        (() => {
          const same = coverage(message.text.length, detection.spans.filter((s) => s.category === label.category));
          return countCovered(mask, same, label.start, label.end).hit === total;
        })();
      const bucket = perCategory[label.category];
      bucket.total++;
      spansTotal++;
      if (found) {
        bucket.found++;
        spansFound++;
      } else {
        missedSpans.push({ id: message.id, source: message.source, category: label.category, text: label.text, covered: `${hit}/${total}` });
      }
      if (typed) bucket.typedFound++;
    }
    for (let i = 0; i < message.text.length; i++) {
      if (mask[i] !== 1) continue;
      if (covered[i] === 1) {
        detectedChars++;
        if (inLabels[i] === 1) detectedInLabels++;
      }
      if (inLabels[i] === 1) {
        labeledChars++;
        if (covered[i] === 1) labeledCovered++;
      }
    }
  });

  return {
    confusion,
    sensitivity: wilsonInterval(confusion.tp, confusion.tp + confusion.fn),
    specificity: wilsonInterval(confusion.tn, confusion.tn + confusion.fp),
    spanRecall: { found: spansFound, total: spansTotal, recall: ratio(spansFound, spansTotal) },
    perCategory: Object.fromEntries(
      PHI_CATEGORIES.map((c) => {
        const b = perCategory[c];
        return [c, { found: b.found, total: b.total, recall: ratio(b.found, b.total), typedRecall: hasCategories ? ratio(b.typedFound, b.total) : null }];
      }),
    ) as Record<PhiCategory, CategoryRecall>,
    charPrecision: { inLabels: detectedInLabels, detected: detectedChars, precision: ratio(detectedInLabels, detectedChars) },
    charRecall: { found: labeledCovered, total: labeledChars, recall: ratio(labeledCovered, labeledChars) },
    falseNegatives,
    falsePositives,
    missedSpans,
  };
}
