import { createHmac } from "node:crypto";

/**
 * The simulator's wire format, shared by the simulator (its server side) and the bridge's
 * `simulator` provider (its client side). docs/sms-providers.md describes it for people.
 *
 * Practice -> simulator: `POST /api/messages` with `Authorization: Bearer <shared secret>`,
 * `Idempotency-Key: <key>` and a JSON body `{to, from, body}`; answers 201 (or 200 for a
 * repeated key) with a SimulatorMessage.
 *
 * Simulator -> bridge: `POST <webhookUrl>` with a JSON SimulatorEvent and the header
 * `X-Wardroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is signed so that a captured request cannot be replayed later.
 */

export const SIGNATURE_HEADER = "x-wardroom-signature";
/** Signed requests older (or newer) than this are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface SimulatorMessage {
  id: string;
  to: string;
  from: string;
  body: string;
  sentAt: string;
  status: "queued" | "sent" | "delivered";
}

export type SimulatorEvent =
  | {
      type: "message.inbound";
      id: string;
      from: string;
      to: string;
      body: string;
      media: Array<{ url: string; contentType?: string }>;
      receivedAt: string;
    }
  | { type: "message.status"; id: string; status: "sent" | "delivered" | "failed" | "undelivered"; errorCode?: string; at: string };

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signEvent(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

export type SignatureCheck = "ok" | "unsigned" | "bad_signature" | "stale";

/** Check a signature header against the body; `equal` must compare in constant time. */
export function checkSignature(
  secret: string,
  headerValue: string | undefined,
  body: string,
  now: Date,
  equal: (a: string, b: string) => boolean,
): SignatureCheck {
  if (headerValue === undefined || headerValue.trim() === "") return "unsigned";
  const fields = new Map<string, string[]>();
  for (const part of headerValue.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return "bad_signature";
    const key = part.slice(0, eq).trim();
    fields.set(key, [...(fields.get(key) ?? []), part.slice(eq + 1).trim()]);
  }
  const t = fields.get("t");
  const signatures = fields.get("v1") ?? [];
  if (t?.length !== 1 || !/^\d{1,12}$/.test(t[0] ?? "") || signatures.length === 0) return "bad_signature";
  const timestamp = Number(t[0]);
  const expected = mac(secret, timestamp, body);
  // Several v1 values let a sender sign with an old and a new secret during a rotation.
  const matches = signatures.some((s) => equal(s, expected));
  if (!matches) return "bad_signature";
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return "stale";
  return "ok";
}
