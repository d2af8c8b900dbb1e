import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { aggregate, loadBlindCorpus } from "../../../bench/phi.ts";
import { novelMessages, recombinedMessages, wordPool } from "../../../bench/lib/novelText.ts";
import { scorePhi } from "../../../bench/lib/phiScore.ts";
import { parseCorpusFile } from "../../../bench/lib/phiCorpus.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const LINE = JSON.stringify({ id: "bl-cp-0001", lang: "en", direction: "clinician_to_patient", text: "Hi Ana, your A1c is 9.2", phi: [{ text: "Ana", category: "NAME" }, { text: "A1c is 9.2", category: "HEALTH" }] });

describe("the blind corpus in the benchmark", () => {
  it("is not scored until its author freezes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "phi-blind-"));
    dirs.push(dir);
    writeFileSync(join(dir, "a.jsonl"), `${LINE}\n`);
    expect(loadBlindCorpus(dir)).toBeNull();
    writeFileSync(join(dir, "FROZEN"), "");
    expect(loadBlindCorpus(dir)?.length).toBe(1);
  });

  it("is reported in aggregate only, with Wilson intervals for span recall", () => {
    const corpus = parseCorpusFile("a.jsonl", LINE);
    const full = scorePhi(corpus, [{ containsPhi: true, spans: [{ start: 3, end: 6, category: "NAME" }] }], true);
    expect(full.missedSpans.length).toBe(1);
    const agg = aggregate(full);
    const json = JSON.stringify(agg);
    expect(json).not.toContain("A1c");
    expect(json).not.toContain("bl-cp-0001");
    expect(agg.spanRecallInterval).toMatchObject({ successes: 1, trials: 2, estimate: 0.5 });
    expect(agg.perCategoryInterval.HEALTH).toMatchObject({ successes: 0, trials: 1 });
    expect(agg.perCategoryInterval.NAME?.low).toBeGreaterThan(0);
  });
});

describe("unseen messages for the speed measure", () => {
  const texts = ["Hi Maria, your appointment is on 3/14 at 10:30.", "Call Dr. Patel about the MRI results", "bp 140/90 this morning"];

  it("are deterministic, distinct and unlike the texts they come from", () => {
    const a = recombinedMessages(7, 200, texts);
    expect(recombinedMessages(7, 200, texts)).toEqual(a);
    expect(new Set(a).size).toBe(200);
    for (const t of texts) expect(a).not.toContain(t);
    const salad = novelMessages(7, 200, wordPool(texts));
    expect(new Set(salad).size).toBe(200);
    expect(recombinedMessages(8, 200, texts)).not.toEqual(a);
  });

  it("keep the shape of the words they replace", () => {
    for (const m of recombinedMessages(9, 100, ["Hi Maria 12345"])) expect(m).toMatch(/^\p{L}+ \p{L}+ \d{5}$/u);
  });
});
