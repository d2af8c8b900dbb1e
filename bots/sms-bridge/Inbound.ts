import type { Logger } from "pino";
import type { Policy } from "../../core/policy/index.ts";
import { classifyKeyword } from "../../core/sms/keywords.ts";
import { isE164, type E164 } from "../../core/sms/phone.ts";
import { carrierReply } from "./carrierReplies.ts";
import { patientText } from "../../core/sms/patientTexts.ts";
import type { PatientLanguage } from "./PatientLanguage.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import type { Portals } from "./Portals.ts";
import type { AuditPort, ConsentPort } from "./capabilities.ts";
import type { InboundSms } from "./providers/types.ts";
import type { Portal } from "../../core/sms/portal.ts";
import type { BridgeStore, InboundRow } from "./store/BridgeStore.ts";

/** Metadata the bridge puts on a patient's message in the room (no PHI beyond the text itself). */
export const SMS_META = "org.wardroom.sms";

const OPAQUE_PUPPET = /^@sms_[0-9a-f]{24}:/;

/**
 * The longest text a carrier delivers (10 concatenated segments): anything longer did not come
 * from a phone, and is refused at the webhook (413) rather than stored and retried.
 */
export const MAX_INBOUND_CHARS = 1600;

/**
 * A patient's text, from a verified webhook to the portal room: dedupe on the provider's id,
 * carrier keywords (STOP / START / HELP), staff numbers refused, media withheld by policy.
 */
export class Inbound {
  constructor(
    private readonly deps: {
      store: BridgeStore;
      matrix: RoomActions;
      portals: Portals;
      languages: PatientLanguage;
      consent: ConsentPort;
      audit: AuditPort;
      policy: Policy;
      provider: string;
      log: Logger;
      kickOutbox: () => void;
      /** The provider answers STOP/START itself (Twilio, AWS); only HELP is ours to answer. */
      providerConfirmsKeywords: boolean;
    },
  ) {}

  /**
   * Step 1, in the webhook: the checks, then the text is stored durably before the provider
   * gets its 200 (providers do not all retry, so nothing may be lost after that answer).
   */
  async accept(msg: InboundSms): Promise<"accepted" | "duplicate" | "refused" | "too_long"> {
    const { store, policy, audit, matrix, provider } = this.deps;
    if (msg.body.length > MAX_INBOUND_CHARS) return "too_long";
    if (msg.to !== policy.sms.practiceNumber) {
      await audit.append({ actor: matrix.botUserId, action: "sms.webhook_rejected", details: { reason: "not_practice_number", provider } });
      return "refused";
    }
    if (msg.from === policy.sms.practiceNumber || policy.sms.organisationNumbers.includes(msg.from)) {
      // The practice texting itself (a loop, a forged webhook): the organisation is never a patient.
      await audit.append({ actor: matrix.botUserId, action: "sms.webhook_rejected", details: { reason: "organisation_number", provider } });
      return "refused";
    }
    if (policy.sms.staffNumbers.includes(msg.from)) {
      await audit.append({
        actor: matrix.botUserId,
        action: "sms.staff_number_refused",
        details: { direction: "inbound", providerMessageId: msg.providerMessageId },
      });
      return "refused";
    }
    const stored = await store.storeInbound({
      provider,
      providerMessageId: msg.providerMessageId,
      phone: msg.from,
      body: msg.body,
      media: msg.media,
      receivedAt: msg.receivedAt,
    });
    return stored ? "accepted" : "duplicate";
  }

  /**
   * Step 2, in arrival order (one at a time, so a number's texts never overtake each other):
   * a STOP is recorded before anything else, then the text goes into the room, then consent.
   * Every step is safe to repeat after a crash (the Matrix transaction id is the provider id).
   */
  async process(row: InboundRow): Promise<void> {
    const { store, policy, audit, matrix, provider } = this.deps;
    const phone = row.phone;
    const practice = policy.sms.practiceNumber;
    // The policy schema checked its shape already; the guard only gives it its type.
    if (!isE164(practice)) throw new Error("policy sms.practiceNumber is not in E.164 form");
    const msg: InboundSms = {
      providerMessageId: row.provider_message_id,
      from: phone,
      to: practice,
      body: row.body,
      media: JSON.parse(row.media) as InboundSms["media"],
      receivedAt: new Date(row.received_at),
    };
    const keyword = classifyKeyword(msg.body, policy.sms.keywords);
    const existing = await this.deps.portals.get(phone);
    // The language of a first text is detected; later texts may switch it (PatientLanguage.ts).
    const lang = this.deps.languages.choose(existing, msg.body);
    if (keyword?.kind === "stop") {
      // The opt-out must hold even if the homeserver is down.
      await this.deps.consent.optOut(existing, phone, { providerMessageId: msg.providerMessageId, keyword: keyword.keyword, at: msg.receivedAt, language: lang.language });
    }
    const found = existing ?? (await this.deps.portals.findOrCreate(phone, { language: lang.language }));
    const portal = lang.changed ? await this.deps.languages.switchTo(found, lang.language) : found;
    // After a failed attempt the post may have been stored anyway (Synapse killed before it
    // answered): its transaction id does not survive a homeserver restart, so look first.
    const already = row.attempts > 0 ? await this.#alreadyPosted(portal.roomId, msg.providerMessageId) : undefined;
    const eventId = already ?? await matrix.sendEvent(
      portal.roomId,
      "m.room.message",
      {
        msgtype: "m.text",
        body: msg.body,
        [SMS_META]: { provider, providerMessageId: msg.providerMessageId, receivedAt: msg.receivedAt.toISOString(), ...(keyword ? { keyword: keyword.kind } : {}) },
      },
      portal.puppetUserId,
      `sms-in-${msg.providerMessageId}`,
    );
    // The bridge posts it (the actor); the room is the target; the sender is the opaque puppet.
    await audit.append({
      actor: matrix.botUserId,
      action: "sms.relayed",
      target: portal.roomId,
      // The patient's puppet is the sender: its id is opaque (legacy ids with digits are not named).
      details: { direction: "inbound", sender: OPAQUE_PUPPET.test(portal.puppetUserId) ? portal.puppetUserId : matrix.botUserId, eventId, provider, providerMessageId: msg.providerMessageId },
    });

    if (msg.media.length > 0 && !policy.sms.allowMedia) await this.#withholdMedia(msg, portal.roomId, portal.language, phone);
    if (keyword) await this.#carrierKeyword(keyword.kind, keyword.keyword, msg, portal, eventId);
    else if (lang.byKeyword) await this.#languageKeyword(msg, portal);
    else await this.deps.consent.onPatientText(portal, msg, eventId);

    // Done: the room has the text; the bridge keeps no copy.
    await store.updateInbound(provider, msg.providerMessageId, { status: "done", event_id: eventId, body: "", media: "[]" });
  }

  async #alreadyPosted(roomId: string, providerMessageId: string): Promise<string | undefined> {
    const events = await this.deps.matrix.recentEvents(roomId, 100);
    return events.find((e) => e.type === "m.room.message" && (e.content[SMS_META] as { providerMessageId?: string } | undefined)?.providerMessageId === providerMessageId)?.event_id;
  }

  async #carrierKeyword(kind: "stop" | "start" | "help", keyword: string, msg: InboundSms, portal: Portal, eventId: string): Promise<void> {
    const { consent, audit, matrix } = this.deps;
    const roomId = portal.roomId;
    const phone = portal.phone;
    const evidence = { providerMessageId: msg.providerMessageId, keyword, at: msg.receivedAt, eventId, language: portal.language };
    if (kind === "stop") {
      // The opt-out itself was recorded before the text was posted (see process()).
      await audit.append({ actor: matrix.botUserId, action: "sms.opted_out", target: roomId, details: { keyword: kind, providerMessageId: msg.providerMessageId } });
      await matrix.sendNotice(roomId, "The patient texted STOP: nothing more will be sent to this number until they text START.");
    } else if (kind === "start") {
      await audit.append({ actor: matrix.botUserId, action: "sms.opted_in", target: roomId, details: { keyword: kind, providerMessageId: msg.providerMessageId } });
      await matrix.sendNotice(roomId, "The patient texted START: texts may resume; health information needs a new risk warning and acknowledgment.");
    }
    // Providers that confirm opt-outs and opt-ins themselves (Twilio, AWS) must not get a second confirmation from us.
    if (kind === "help" || !this.deps.providerConfirmsKeywords) {
      await this.#queueCarrierText(kind, `carrier-${kind}-${msg.providerMessageId}`, roomId, portal.language, phone);
    }
    // After START the patient gets a new warning (queued after the confirmation).
    if (kind === "start") await consent.optIn(portal, phone, evidence);
  }

  /** ESPAÑOL / ENGLISH: confirmed in the new language; a warning still unanswered is sent again in it. */
  async #languageKeyword(msg: InboundSms, portal: Portal): Promise<void> {
    // Nothing but START's answer goes to a number that texted STOP.
    if ((await this.deps.consent.currentState(portal.phone)) === "opted_out") return;
    await this.#queueCarrierText("languageChanged", `language-${msg.providerMessageId}`, portal.roomId, portal.language, portal.phone, "system");
    await this.deps.consent.onLanguageChanged(portal);
  }

  async #withholdMedia(msg: InboundSms, roomId: string, language: string, phone: E164): Promise<void> {
    await this.deps.audit.append({
      actor: this.deps.matrix.botUserId,
      action: "sms.media_withheld",
      target: roomId,
      details: { providerMessageId: msg.providerMessageId, count: msg.media.length },
    });
    await this.deps.matrix.sendNotice(
      roomId,
      `The patient sent ${msg.media.length} picture/file attachment(s). By policy they are not shown here; the patient was told how to share files safely.`,
    );
    // Not a carrier-required reply: like any other text, it is not sent to an opted-out number.
    await this.#queueCarrierText("media", `carrier-media-${msg.providerMessageId}`, roomId, language, phone, "system");
  }

  async #queueCarrierText(
    kind: "stop" | "start" | "help" | "media" | "languageChanged",
    key: string,
    roomId: string,
    language: string,
    phone: E164,
    outboxKind: "carrier" | "system" = "carrier",
  ): Promise<void> {
    await this.deps.store.enqueue({
      idempotency_key: key,
      room_id: roomId,
      event_id: null,
      phone,
      body: kind === "languageChanged" ? patientText(this.deps.policy, kind, language).text : carrierReply(kind, language, this.deps.policy),
      kind: outboxKind,
      next_attempt_at: new Date().toISOString(),
    });
    this.deps.kickOutbox();
  }
}
