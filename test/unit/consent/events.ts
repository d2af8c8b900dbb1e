import type { ConsentEvent, RenderedWarning } from "../../../core/consent/index.ts";
import { renderWarning } from "../../../core/consent/index.ts";
import type { Policy } from "../../../core/policy/index.ts";
import type { E164 } from "../../../core/sms/index.ts";
import { loadPolicyFile } from "../../../runtime/policy.ts";
import { defaultPolicyPath } from "../../../runtime/paths.ts";

/** The shipped policy (policies/hipaa.yaml). */
export const policy: Policy = loadPolicyFile(defaultPolicyPath);

export const PHONE = "+15555550123" as E164;
export const OTHER_PHONE = "+15555550199" as E164;
export const ROOM = "!portal123:wardroom.localhost";
export const BOT = "system:compliance";
export const CLINICIAN = "@dr.alice:wardroom.localhost";

let n = 0;
const next = (): number => ++n;

/**
 * Builders of valid events for one number. `warningSent` returns the event and the rendered
 * warning; the reply builders point at the warning they answer.
 */
export function warningSent(phone: E164 = PHONE, warning: RenderedWarning = renderWarning(policy, "en")): { event: ConsentEvent; warning: RenderedWarning; providerMessageId: string } {
  const i = next();
  const providerMessageId = `SMwarn${i}`;
  return {
    warning,
    providerMessageId,
    event: {
      type: "warning_sent",
      evidence: {
        phone,
        roomId: ROOM,
        warningVersion: warning.version,
        language: warning.language,
        providerMessageId,
        sentAt: "2025-03-01T10:00:00.000Z",
        noticeEventId: `$notice${i}`,
      },
    },
  };
}

/** The accepted/declined event answering `sent` (from warningSent). */
export function reply(type: "accepted" | "declined", sent: { event: ConsentEvent }, keyword = type === "accepted" ? "YES" : "NO"): ConsentEvent {
  if (sent.event.type !== "warning_sent") throw new Error("reply() answers a warning_sent event");
  const w = sent.event.evidence;
  const i = next();
  return {
    type,
    evidence: {
      phone: w.phone,
      roomId: w.roomId,
      warningVersion: w.warningVersion,
      warning: { providerMessageId: w.providerMessageId, sentAt: w.sentAt, noticeEventId: w.noticeEventId },
      reply: { providerMessageId: `SMin${i}`, receivedAt: "2025-03-01T10:05:00.000Z", eventId: `$reply${i}`, keyword },
    },
  };
}

export function reminder(sent: { event: ConsentEvent }): ConsentEvent {
  if (sent.event.type !== "warning_sent") throw new Error("reminder() re-sends a warning_sent event");
  const w = sent.event.evidence;
  return {
    type: "reminder_sent",
    evidence: { phone: w.phone, roomId: w.roomId, warningVersion: w.warningVersion, providerMessageId: `SMrem${next()}`, sentAt: "2025-03-01T11:00:00.000Z" },
  };
}

export function optedOut(phone: E164 = PHONE): ConsentEvent {
  return { type: "opted_out", evidence: { phone, source: "sms", receivedAt: "2025-03-02T09:00:00.000Z", keyword: "STOP", providerMessageId: `SMstop${next()}`, roomId: ROOM } };
}

export function optedIn(phone: E164 = PHONE): ConsentEvent {
  return { type: "opted_in", evidence: { phone, source: "sms", receivedAt: "2025-03-03T09:00:00.000Z", keyword: "START", providerMessageId: `SMstart${next()}` } };
}

export function revoked(phone: E164 = PHONE): ConsentEvent {
  return { type: "revoked", evidence: { phone, reason: "staff_request", via: "room", roomId: ROOM, eventId: `$cmd${next()}` } };
}

export function requested(phone: E164 = PHONE): ConsentEvent {
  return { type: "requested", evidence: { phone, via: "room", roomId: ROOM, eventId: `$cmd${next()}` } };
}

/** A policy whose English warning text differs (a new version) from the shipped one. */
export function policyWithEnglishWarning(text: string): Policy {
  return { ...policy, sms: { ...policy.sms, consent: { ...policy.sms.consent, warning: { ...policy.sms.consent.warning, en: text } } } };
}
