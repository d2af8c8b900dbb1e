import { createHmac } from "node:crypto";
import type { E164 } from "./phone.ts";

/**
 * A patient's puppet localpart: `sms_` + 24 hex digits of HMAC-SHA256(key, number). Opaque,
 * because a Matrix id travels everywhere (Synapse's request log, membership events, receipts,
 * every client's cache) and outlives the SMS retention; keyed, because phone numbers are few
 * enough to hash exhaustively. The key is the bridge's own (kept in its database); the number
 * appears only where the care team needs it: the room's name and the puppet's display name.
 */
export function puppetLocalpart(key: Uint8Array, phone: E164): string {
  return `sms_${createHmac("sha256", key).update(`wardroom-puppet\u0000${phone}`, "utf8").digest("hex").slice(0, 24)}`;
}

/** Any SMS puppet's user id (old digit ids included), for filters: `@sms_<hex>:server`. */
export const PUPPET_USER_ID = /^@sms_[0-9a-f]+:/;
