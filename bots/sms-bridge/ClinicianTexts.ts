import type { Logger } from "pino";
import { decideOutbound } from "../../core/gate/outboundGate.ts";
import type { Policy } from "../../core/policy/index.ts";
import { earliestSendTime } from "../../core/sms/quietHours.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import type { ConsentPort, PhiDetector } from "./capabilities.ts";
import type { Portal } from "../../core/sms/portal.ts";
import type { BridgeStore, MatrixEventIn } from "./store/BridgeStore.ts";

/** A clinician may start a text with this to skip quiet hours. */
export const URGENT_PREFIX = /^!urgent\s+/i;

/** The event answers another one (`m.relates_to.m.in_reply_to`): only then is there a fallback. */
export function isReply(content: Record<string, unknown>): boolean {
  const rel = content["m.relates_to"];
  if (!rel || typeof rel !== "object") return false;
  const inReplyTo = (rel as Record<string, unknown>)["m.in_reply_to"];
  return !!inReplyTo && typeof inReplyTo === "object" && typeof (inReplyTo as Record<string, unknown>).event_id === "string";
}

/**
 * A Matrix reply starts with a quote of the message it answers ("> <@sms_...> ..." then a blank
 * line): that quote is for Matrix clients, and would text the patient their own words back.
 * Only a reply has one: a clinician's own message that starts with "> " (quoted instructions)
 * is sent whole.
 */
export function stripReplyFallback(body: string, reply: boolean): string {
  const lines = body.split("\n");
  if (!reply || !lines[0]?.startsWith("> ")) return body;
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith(">")) i++;
  if (lines[i] === "") i++;
  return lines.slice(i).join("\n");
}

/**
 * A care-team member's text in a portal room, on its way to the patient: the reply quote and
 * `!urgent` are taken off, the gate decides, and what passes is queued in the outbox at its
 * send time (quiet hours). The caller (RoomEvents) has checked the sender and the kind of
 * message already, and reports a refusal.
 */
export class ClinicianTexts {
  constructor(
    private readonly deps: {
      store: BridgeStore;
      matrix: RoomActions;
      consent: ConsentPort;
      detectPhi: PhiDetector;
      policy: Policy;
      log: Logger;
      kickOutbox: () => void;
      clock?: () => Date;
    },
  ) {}

  /** Queues the text; returns the gate's refusal instead when it may not go. */
  async queue(portal: Portal, e: MatrixEventIn, body: string): Promise<{ reason: string; categories: string[] } | undefined> {
    const { matrix, store } = this.deps;
    let text = stripReplyFallback(body, isReply(e.content));
    const urgent = URGENT_PREFIX.test(text);
    if (urgent) text = text.replace(URGENT_PREFIX, "");
    const phone = portal.phone;
    const decision = await decideOutbound({
      kind: "clinician",
      text,
      blockWithoutConsent: this.deps.policy.phi.blockWithoutConsent,
      consentState: () => this.deps.consent.currentState(phone),
      detectPhi: this.deps.detectPhi,
    });
    if (!decision.allowed) return { reason: decision.reason, categories: decision.categories };
    const now = this.deps.clock?.() ?? new Date();
    const sendAt = urgent ? now : earliestSendTime(this.deps.policy.sms.quietHours, portal.timeZone, now);
    await store.enqueue({
      idempotency_key: e.event_id,
      room_id: e.room_id,
      event_id: e.event_id,
      sender: e.sender,
      phone,
      body: text,
      kind: "clinician",
      next_attempt_at: sendAt.toISOString(),
    });
    if (sendAt > now) {
      await matrix.sendNotice(e.room_id, `Quiet hours for this patient: the text will be sent at ${sendAt.toISOString().slice(11, 16)} UTC. Start a message with !urgent to send at once.`);
    }
    this.deps.kickOutbox();
    return undefined;
  }
}
