import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../../../runtime/concurrency/KeyedMutex.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("KeyedMutex", () => {
  it("runs tasks of one key one at a time, in arrival order, and other keys alongside", async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (key: string, i: number) =>
      m.run(key, async () => {
        running += 1;
        most = Math.max(most, running);
        log.push(`${key}${i}+`);
        await tick();
        log.push(`${key}${i}-`);
        running -= 1;
        return i;
      });
    const results = await Promise.all([task("a", 1), task("a", 2), task("b", 1), task("a", 3)]);
    expect(results).toEqual([1, 2, 1, 3]);
    const a = log.filter((l) => l.startsWith("a"));
    expect(a).toEqual(["a1+", "a1-", "a2+", "a2-", "a3+", "a3-"]);
    expect(most).toBe(2); // b ran beside a
  });

  it("keeps going after a task fails, and hands the failure to its caller only", async () => {
    const m = new KeyedMutex();
    const failed = m.run("k", async () => {
      throw new Error("boom");
    });
    const next = m.run("k", async () => "after");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("after");
  });
});
