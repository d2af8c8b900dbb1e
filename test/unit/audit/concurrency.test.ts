import { afterAll, describe, expect, it } from "vitest";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends } from "./backends.ts";
import { startWriter } from "./writers.ts";

const WRITERS = 4;
const EACH = 150;

describe.each(backends)("concurrent writers on $name", (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skipReason)(
    `${WRITERS} processes appending at once make one chain without gaps`,
    async () => {
      const url = backend.freshUrl();
      // Writers also race to create and migrate the ledger: none is opened beforehand.
      const writers = Array.from({ length: WRITERS }, (_, i) => startWriter(url, String(i), EACH, i % 2 === 0 ? 1 : 5));
      await Promise.all(writers.map((w) => w.waitFor(/^ready$/)));
      for (const w of writers) w.child.stdin!.write("go\n");
      expect(await Promise.all(writers.map((w) => w.exited))).toEqual(Array(WRITERS).fill(0));

      const ledger = await openAuditLedger({ url });
      try {
        expect(await ledger.verify()).toMatchObject({ ok: true, checked: WRITERS * EACH, firstSeq: 1, lastSeq: WRITERS * EACH });
        const perWriter = new Map<string, number[]>();
        for await (const r of ledger.records()) {
          const targets = perWriter.get(r.actor) ?? [];
          targets.push(Number(/^@u(\d+):/.exec(r.target!)![1]));
          perWriter.set(r.actor, targets);
        }
        expect([...perWriter.keys()].sort()).toEqual(Array.from({ length: WRITERS }, (_, i) => `system:writer-${i}`));
        // Each writer's records are all there, in the order it wrote them.
        for (const targets of perWriter.values()) expect(targets).toEqual(Array.from({ length: EACH }, (_, i) => i));
      } finally {
        await ledger.close();
      }
    },
    60_000,
  );
});
