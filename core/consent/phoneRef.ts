import { createHmac } from "node:crypto";
import type { E164 } from "../sms/phone.ts";

/**
 * The reference to a phone number used where the number itself may not go (audit records,
 * logs): `phone:` + the first 32 hex digits of HMAC-SHA256(key, number). Keyed, because the
 * space of phone numbers is small enough to hash exhaustively: without the key (kept in the
 * consent ledger, next to the numbers themselves) an audit export does not reveal them. With
 * the ledger, an auditor goes from a number to its audit records and back.
 */
export function phoneRef(key: Uint8Array, phone: E164): string {
  return `phone:${createHmac("sha256", key).update(phone, "utf8").digest("hex").slice(0, 32)}`;
}

export const PHONE_REF = /^phone:[0-9a-f]{32}$/;
