import type { WebhookOutcome, WebhookRejectReason, WebhookRequest } from "./types.ts";

/** A header's value, case-insensitively; the first one if repeated. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value[0];
  }
  return undefined;
}

export { constantTimeEqual } from "../../../core/constantTime.ts";

const STATUS: Record<WebhookRejectReason, 400 | 401 | 403 | 503> = {
  unsigned: 401,
  bad_signature: 403,
  stale: 403,
  wrong_account: 403,
  wrong_topic: 403,
  bad_cert_url: 403,
  cert_unavailable: 503,
  confirmation_failed: 503,
  malformed: 400,
};

export function reject(reason: WebhookRejectReason, detail: string): WebhookOutcome {
  return { kind: "rejected", reason, httpStatus: STATUS[reason], detail };
}
