import { z } from "zod";
import { isIdToken } from "../audit/detailFields.ts";
import { InputError } from "../errors.ts";
import { isE164, type E164 } from "../sms/phone.ts";

/**
 * What the consent ledger keeps as evidence for each event (the `evidence` JSON of a
 * consent_events row). Strict objects: an unknown field is refused, so nothing else (and in
 * particular no message text) can slip in. The evidence holds the phone number: it lives in
 * the consent ledger only, never in the audit ledger (see phoneRef.ts).
 *
 * Messages never echo a refused value: it may be a phone number.
 */

export const phoneSchema = z.custom<E164>((v) => typeof v === "string" && isE164(v), {
  message: 'must be a phone number in E.164 form such as "+15555550100"',
});

/** SHA-256 hex of the exact warning text sent (warnings.ts). */
export const warningVersionSchema = z.string().regex(/^[0-9a-f]{64}$/, "must be a warning version (SHA-256, 64 lowercase hex digits)");

/** A provider's message id (Twilio SID, AWS message id, simulator id): an id token, never a phone number. */
export const providerMessageIdSchema = z.string().refine(isIdToken, "must be a provider message id (letters, digits and @!$#+:._=/- only)");

/** A Matrix event id: `$` then an opaque token (room versions 3+) or `$local:server`. */
export const matrixEventIdSchema = z.string().regex(/^\$[^\s]{1,254}$/, "must be a Matrix event id ($...)");

// Room versions up to 11 have "!opaque:server"; from version 12 a room id is "!" and a hash.
export const matrixRoomIdSchema = z.string().regex(/^![^\s]{1,254}$/, "must be a Matrix room id (!...)");

/** ISO 8601 UTC, e.g. 2025-01-31T12:00:00.000Z. */
export const timestampSchema = z.iso.datetime({ offset: false });

export const languageSchema = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as "en"');

/** A keyword in canonical form (upper case, accents removed: "SI" for "Sí"). */
export const keywordSchema = z.string().regex(/^[\p{Lu}\p{N}]{1,40}$/u, "must be a keyword in canonical form (upper case, no accents)");

/** A snake_case reason such as `staff_request`. */
export const reasonSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a snake_case reason such as staff_request");

/** The warning SMS as sent: what an acknowledgment points back to. */
export const WarningDeliverySchema = z.strictObject({
  /** The provider's id of the warning SMS. */
  providerMessageId: providerMessageIdSchema,
  /** When the provider accepted the warning for delivery. */
  sentAt: timestampSchema,
  /** The Matrix event that shows the warning in the portal room (the notice clinicians see). */
  noticeEventId: matrixEventIdSchema,
});

/** The patient's reply SMS. */
export const ReplySchema = z.strictObject({
  /** The provider's id of the inbound SMS. */
  providerMessageId: providerMessageIdSchema,
  /** When the provider received it. */
  receivedAt: timestampSchema,
  /** The Matrix event of the reply as posted in the portal room. */
  eventId: matrixEventIdSchema,
  /** The keyword it matched, canonical ("YES", "SI", "NO"). */
  keyword: keywordSchema,
});

/** `warning_sent`: the risk warning went to the patient. The text is kept once per version. */
export const WarningSentEvidenceSchema = z.strictObject({
  phone: phoneSchema,
  roomId: matrixRoomIdSchema,
  warningVersion: warningVersionSchema,
  language: languageSchema,
  ...WarningDeliverySchema.shape,
});

/** `reminder_sent`: the same warning (same version) was sent again because the reply was neither. */
export const ReminderSentEvidenceSchema = z.strictObject({
  phone: phoneSchema,
  roomId: matrixRoomIdSchema,
  warningVersion: warningVersionSchema,
  providerMessageId: providerMessageIdSchema,
  sentAt: timestampSchema,
  noticeEventId: matrixEventIdSchema.optional(),
});

/**
 * `accepted` (the acknowledgment) and `declined`: everything an auditor needs to tie the
 * answer to the exact warning: its version (the text is recoverable from it), the provider
 * ids and times of the warning and of the reply, the phone number, the Matrix events of the
 * warning notice and of the reply, and the room.
 */
export const ReplyEvidenceSchema = z.strictObject({
  phone: phoneSchema,
  roomId: matrixRoomIdSchema,
  warningVersion: warningVersionSchema,
  warning: WarningDeliverySchema,
  reply: ReplySchema,
  /** The patient's language when they answered (the confirmation went in it). */
  language: languageSchema.optional(),
});

/** `opted_out` (STOP) and `opted_in` (START): from an SMS, or from the provider's opt-out list. */
export const CarrierKeywordEvidenceSchema = z.strictObject({
  phone: phoneSchema,
  /** "sms": the patient texted the keyword; "provider": the provider reported the opt-out/in. */
  source: z.enum(["sms", "provider"]),
  receivedAt: timestampSchema,
  keyword: keywordSchema.optional(),
  providerMessageId: providerMessageIdSchema.optional(),
  roomId: matrixRoomIdSchema.optional(),
  eventId: matrixEventIdSchema.optional(),
  /** The patient's language when they texted the keyword. */
  language: languageSchema.optional(),
});

/** `revoked`: staff or the console withdrew consent (the actor says who). */
export const RevokedEvidenceSchema = z.strictObject({
  phone: phoneSchema,
  reason: reasonSchema,
  /** "room": a command in the portal room; "console": the admin console; "cli": the CLI. */
  via: z.enum(["room", "console", "cli"]),
  roomId: matrixRoomIdSchema.optional(),
  /** The command event, when revoked from a room. */
  eventId: matrixEventIdSchema.optional(),
});

/** `requested`: a clinician (the actor) asked for consent again; a new warning follows. */
export const RequestedEvidenceSchema = z.strictObject({
  phone: phoneSchema,
  via: z.enum(["room", "console", "cli", "patient"]),
  roomId: matrixRoomIdSchema.optional(),
  eventId: matrixEventIdSchema.optional(),
});

export const ConsentEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("warning_sent"), evidence: WarningSentEvidenceSchema }),
  z.strictObject({ type: z.literal("reminder_sent"), evidence: ReminderSentEvidenceSchema }),
  z.strictObject({ type: z.literal("accepted"), evidence: ReplyEvidenceSchema }),
  z.strictObject({ type: z.literal("declined"), evidence: ReplyEvidenceSchema }),
  z.strictObject({ type: z.literal("opted_out"), evidence: CarrierKeywordEvidenceSchema }),
  z.strictObject({ type: z.literal("opted_in"), evidence: CarrierKeywordEvidenceSchema }),
  z.strictObject({ type: z.literal("revoked"), evidence: RevokedEvidenceSchema }),
  z.strictObject({ type: z.literal("requested"), evidence: RequestedEvidenceSchema }),
]);

export type WarningDelivery = z.infer<typeof WarningDeliverySchema>;
export type Reply = z.infer<typeof ReplySchema>;
export type WarningSentEvidence = z.infer<typeof WarningSentEvidenceSchema>;
export type ReminderSentEvidence = z.infer<typeof ReminderSentEvidenceSchema>;
export type ReplyEvidence = z.infer<typeof ReplyEvidenceSchema>;
export type CarrierKeywordEvidence = z.infer<typeof CarrierKeywordEvidenceSchema>;
export type RevokedEvidence = z.infer<typeof RevokedEvidenceSchema>;
export type RequestedEvidence = z.infer<typeof RequestedEvidenceSchema>;
export type ConsentEvent = z.infer<typeof ConsentEventSchema>;
export type ConsentEvidence = ConsentEvent["evidence"];

/**
 * Validates an event (from a bot, the console or a stored row), or throws an InputError
 * naming the field. The refused value is never repeated.
 */
export function parseConsentEvent(value: unknown): ConsentEvent {
  const result = ConsentEventSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "event";
  const what = issue?.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.map((k) => (/^[A-Za-z]{1,40}$/.test(k) ? k : "?")).join(", ")}` : (issue?.message ?? "invalid");
  throw new InputError(`consent event: ${where}: ${what}`);
}
