import { describe, expect, it } from "vitest";
import { afterFailure, isPermanentFailure } from "../../../../bots/sms-bridge/queues/inboundRetry.ts";
import { MatrixHttpError } from "../../../../runtime/synapse/index.ts";

const policy = { budgetMs: 3600_000, baseDelayMs: 1000, maxDelayMs: 60_000 };
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("inbound retries are budgeted by time, not by passes (issue 10, item 7)", () => {
  it("backs off exponentially up to the cap", () => {
    const delays = [1, 2, 3, 4, 10].map((attempts) => {
      const d = afterFailure({ attempts, firstFailedAt: t0, now: t0, permanent: false }, policy);
      return d.kind === "retry" ? d.at.getTime() - t0.getTime() : -1;
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 60_000]);
  });

  it("keeps retrying through an hour-long outage however many attempts it took, then gives up", () => {
    expect(afterFailure({ attempts: 10_000, firstFailedAt: t0, now: at(3599_000), permanent: false }, policy).kind).toBe("retry");
    expect(afterFailure({ attempts: 3, firstFailedAt: t0, now: at(3600_000), permanent: false }, policy)).toEqual({ kind: "give_up", why: "budget_spent" });
  });

  it("gives up at once on what no retry can cure", () => {
    expect(isPermanentFailure(new MatrixHttpError(413, "M_TOO_LARGE", "PUT /send", ""))).toBe(true);
    expect(isPermanentFailure(new MatrixHttpError(0, undefined, "PUT /send", "unreachable"))).toBe(false);
    expect(isPermanentFailure(new MatrixHttpError(502, undefined, "PUT /send", ""))).toBe(false);
    expect(isPermanentFailure(new Error("ECONNREFUSED"))).toBe(false);
    expect(afterFailure({ attempts: 1, firstFailedAt: t0, now: t0, permanent: true }, policy)).toEqual({ kind: "give_up", why: "permanent" });
  });
});
