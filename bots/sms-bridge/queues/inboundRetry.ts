import { MatrixHttpError } from "../../../runtime/synapse/index.ts";

/**
 * How long the bridge keeps trying to post a patient's text. Budgeted by time, not by passes:
 * a homeserver outage of an hour loses nothing (the default budget is a day, with retries at most 10 s apart so a homeserver that is back is used at once), while a text the
 * homeserver will never take (too large, malformed) fails at once instead of blocking others.
 */
export interface InboundRetryPolicy {
  /** Give up this long after the first failure. */
  budgetMs: number;
  /** The first retry waits this long, then doubles each time... */
  baseDelayMs: number;
  /** ...up to this. */
  maxDelayMs: number;
}

export const DEFAULT_INBOUND_RETRY: InboundRetryPolicy = { budgetMs: 24 * 3600_000, baseDelayMs: 500, maxDelayMs: 10_000 };

/** A failure no retry can cure: the homeserver refused the content itself. */
export function isPermanentFailure(err: unknown): boolean {
  if (!(err instanceof MatrixHttpError)) return false;
  return err.status === 413 || err.errcode === "M_TOO_LARGE" || err.errcode === "M_BAD_JSON" || err.errcode === "M_NOT_JSON";
}

export type RetryDecision = { kind: "retry"; at: Date } | { kind: "give_up"; why: "permanent" | "budget_spent" };

/** What to do after the `attempts`-th failed attempt (pure; the caller records it). */
export function afterFailure(o: { attempts: number; firstFailedAt: Date; now: Date; permanent: boolean }, policy: InboundRetryPolicy = DEFAULT_INBOUND_RETRY): RetryDecision {
  if (o.permanent) return { kind: "give_up", why: "permanent" };
  if (o.now.getTime() - o.firstFailedAt.getTime() >= policy.budgetMs) return { kind: "give_up", why: "budget_spent" };
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, Math.max(0, o.attempts - 1)));
  return { kind: "retry", at: new Date(o.now.getTime() + delay) };
}
