import { describe, expect, it } from "vitest";
import { PassRunner } from "../../../../runtime/concurrency/PassRunner.ts";

describe("PassRunner", () => {
  it("never runs two passes at once, and runs one more when kicked during a pass", async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    let release: () => void = () => undefined;
    const runner = new PassRunner(
      async () => {
        running += 1;
        most = Math.max(most, running);
        passes += 1;
        if (passes === 1) await new Promise<void>((r) => (release = r));
        running -= 1;
      },
      () => undefined,
      60_000,
    );
    runner.kick();
    runner.kick();
    runner.kick(); // three kicks during the first pass: one more pass, not three
    release();
    await runner.idle();
    expect(passes).toBe(2);
    expect(most).toBe(1);
    await runner.stop();
  });

  it("reports a failed pass and keeps serving kicks; after stop() nothing runs", async () => {
    const errors: string[] = [];
    let passes = 0;
    const runner = new PassRunner(
      async () => {
        passes += 1;
        if (passes === 1) throw new Error("first pass failed");
      },
      (err) => errors.push(err.message),
      60_000,
    );
    runner.kick();
    await runner.idle();
    runner.kick();
    await runner.idle();
    expect(errors).toEqual(["first pass failed"]);
    expect(passes).toBe(2);
    await runner.stop();
    runner.kick();
    await runner.idle();
    expect(passes).toBe(2);
  });

  it("runs on its timer without a kick", async () => {
    let passes = 0;
    const runner = new PassRunner(async () => void (passes += 1), () => undefined, 10);
    while (passes < 2) await new Promise((r) => setTimeout(r, 5));
    await runner.stop();
    expect(passes).toBeGreaterThanOrEqual(2);
  });
});
