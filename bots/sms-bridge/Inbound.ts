import type { Logger } from "pino";
import type { Policy } from "../../core/policy/index.ts";
import { classifyKeyword } from "../../core/sms/keywords.ts";
import type { E164 } from "../../core/sms/phone.ts";
import { carrierReply } from "./carrierReplies.ts";
import type { AppserviceClient } from "./matrix/AppserviceClient.ts";
import type { Portals } from "./Portals.ts";
import type { AuditPort, ConsentPort } from "./ports.ts";
import type { InboundSms } from "./providers/types.ts";
import type { BridgeStore, PortalRow } from "./store/BridgeStore.ts";

/** Metadata the bridge puts on a patient's message in the room (no PHI beyond the text itself). */
export const SMS_META = "org.wardroom.sms";

/**
 * A patient's text, from a verified webhook to the portal room: dedupe on the provider's id,
 * carrier keywords (STOP / START / HELP), staff numbers refused, media withheld by policy.
 */
export class Inbound {
  constructor(
    private readonly deps: {
      store: BridgeStore;
      matrix: AppserviceClient;
      portals: Portals;
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

  async handle(msg: InboundSms): Promise<"posted" | "duplicate" | "refused"> {
    const { store, policy, audit, matrix, provider } = this.deps;
    const phone = msg.from;
    if (policy.sms.staffNumbers.includes(phone)) {
      await audit.append({
        actor: matrix.botUserId,
        action: "sms.staff_number_refused",
        details: { direction: "inbound", providerMessageId: msg.providerMessageId },
      });
      return "refused";
    }
    if (!(await store.claimInbound(provider, msg.providerMessageId, phone))) {
      // Claimed before and posted: a duplicate webhook. Claimed but not posted: the bridge
      // stopped half-way; posting again is safe (the Matrix transaction id is the provider id).
      if ((await store.inboundRow(provider, msg.providerMessageId))?.event_id) return "duplicate";
    }

    const keyword = classifyKeyword(msg.body, policy.sms.keywords);
    const portal = await this.deps.portals.findOrCreate(phone);
    const eventId = await matrix.sendEvent(
      portal.room_id,
      "m.room.message",
      {
        msgtype: "m.text",
        body: msg.body,
        [SMS_META]: { provider, providerMessageId: msg.providerMessageId, receivedAt: msg.receivedAt.toISOString(), ...(keyword ? { keyword: keyword.kind } : {}) },
      },
      portal.puppet_user_id,
      `sms-in-${msg.providerMessageId}`,
    );
    // The puppet's id contains the phone number (PHI): the bridge is the actor, the room the target.
    await audit.append({
      actor: matrix.botUserId,
      action: "sms.relayed",
      target: portal.room_id,
      details: { direction: "inbound", eventId, provider, providerMessageId: msg.providerMessageId },
    });

    if (msg.media.length > 0 && !policy.sms.allowMedia) await this.#withholdMedia(msg, portal.room_id, portal.language, phone);
    if (keyword) await this.#carrierKeyword(keyword.kind, keyword.keyword, msg, portal, eventId);
    else await this.deps.consent.onPatientText(portal, msg, eventId);

    await store.inboundPosted(provider, msg.providerMessageId, eventId);
    return "posted";
  }

  async #carrierKeyword(kind: "stop" | "start" | "help", keyword: string, msg: InboundSms, portal: PortalRow, eventId: string): Promise<void> {
    const { consent, audit, matrix } = this.deps;
    const roomId = portal.room_id;
    const phone = portal.phone as E164;
    const evidence = { providerMessageId: msg.providerMessageId, keyword, at: msg.receivedAt, eventId };
    if (kind === "stop") {
      await consent.optOut(portal, phone, evidence);
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
    await this.#queueCarrierText("media", `carrier-media-${msg.providerMessageId}`, roomId, language, phone);
  }

  async #queueCarrierText(kind: "stop" | "start" | "help" | "media", key: string, roomId: string, language: string, phone: E164): Promise<void> {
    await this.deps.store.enqueue({
      idempotency_key: key,
      room_id: roomId,
      event_id: null,
      phone,
      body: carrierReply(kind, language, this.deps.policy),
      kind: "carrier",
      next_attempt_at: new Date().toISOString(),
    });
    this.deps.kickOutbox();
  }
}
