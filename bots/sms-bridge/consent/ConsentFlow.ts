import type { Logger } from "pino";
import {
  ConsentConflictError,
  ConsentTransitionError,
  currentWarningVersions,
  classifyReply,
  decideReply,
  renderWarning,
  replyKeywords,
  type ConsentEvent,
  type ConsentLedger,
  type ConsentStatus,
} from "../../../core/consent/index.ts";
import type { ConsentStateName } from "../../../core/gate/outboundGate.ts";
import type { Policy } from "../../../core/policy/index.ts";
import { normalizeReply } from "../../../core/sms/keywords.ts";
import { patientText } from "../../../core/sms/patientTexts.ts";
import type { E164 } from "../../../core/sms/phone.ts";
import { parseCommand, COMMAND_HELP } from "../../../core/compliance/commands.ts";
import type { RoomActions } from "../matrix/RoomActions.ts";
import { blockedNotice, blockedRedactionReason } from "../../../core/compliance/blockedNotice.ts";
import { portalRoomName } from "../Portals.ts";
import type { Portal } from "../../../core/sms/portal.ts";
import type { InboundSms } from "../providers/types.ts";
import { KeyedMutex } from "../../../runtime/concurrency/KeyedMutex.ts";
import type { CarrierKeywordEvidence, ConsentPort } from "../capabilities.ts";

/** Room state clinicians see: the patient's consent, updated on every change. */
export const CONSENT_STATE_EVENT = "org.wardroom.consent";
/** Marks the room notice that shows the warning text sent to the patient. */
export const WARNING_NOTICE_FIELD = "org.wardroom.consent_warning";

export interface QueueSystemText {
  (args: { portal: Portal; key: string; body: string; meta: SystemTextMeta }): Promise<boolean>;
}

export type SystemTextMeta =
  | { type: "warning"; version: string; language: string; noticeEventId: string }
  | { type: "reminder"; version: string; noticeEventId: string }
  /** A confirmation after YES or NO (core/sms/patientTexts.ts): no consent evidence of its own. */
  | { type: "confirmation"; kind: "accepted" | "declined"; language: string };

const STATE_WORDS: Record<string, string> = {
  unknown: "no risk warning answered yet: health information is blocked",
  warned: "risk warning sent, waiting for the patient's answer: health information is blocked",
  accepted: "the patient accepted the SMS risk warning: health information may be texted",
  declined: "the patient declined texts with health information: health information is blocked",
  opted_out: "the patient texted STOP: nothing is sent to this number",
};

/**
 * The SMS side of the compliance bot: sends the risk warning on first contact, records the
 * patient's acknowledgment (or decline, reminders, STOP/START) with its evidence in the consent
 * ledger, shows the consent state in the portal room, answers `!consent` commands there, and
 * enforces the gate's decisions (redacts a blocked message and tells its sender privately).
 * It runs in the bridge process, next to the outbox whose delivery ids are the evidence.
 */
export class ConsentFlow implements ConsentPort {
  readonly #mutex = new KeyedMutex();

  constructor(
    private readonly d: {
      ledger: ConsentLedger;
      policy: Policy;
      matrix: RoomActions;
      queueSystemText: QueueSystemText;
      portalByRoom: (roomId: string) => Promise<Portal | undefined>;
      log: Logger;
      clock?: () => Date;
      /**
       * Who tells the sender of a blocked message: the bridge through Synapse's server notices
       * (the default), or the compliance bot from the `sms.blocked` record (then the bridge
       * only redacts; runtime/config/bridgeConfig.ts `blockedNotices`).
       */
      blockedNotices?: "server_notice" | "compliance_bot";
    },
  ) {}

  private now(): Date {
    return this.d.clock?.() ?? new Date();
  }

  /** The gate's view: accepted only counts for a warning text the policy still uses. Throws when the ledger cannot answer. */
  async currentState(phone: E164): Promise<ConsentStateName> {
    const status = await this.d.ledger.currentState(phone);
    if (status.state === "accepted" && !currentWarningVersions(this.d.policy).has(status.warning?.version ?? "")) return "unknown";
    return status.state;
  }

  async #record(event: ConsentEvent, actor: string, extra: { warningText?: string; expectedRevision?: number } = {}): Promise<ConsentStatus | null> {
    try {
      const { status } = await this.d.ledger.record({ event, actor, maxReminders: this.d.policy.sms.consent.maxReminders, ...extra });
      return status;
    } catch (err) {
      if (err instanceof ConsentTransitionError || err instanceof ConsentConflictError) {
        this.d.log.warn({ event: event.type, err: err.message }, "consent event not recorded");
        return null;
      }
      throw err;
    }
  }

  async #showState(portal: Portal, status: ConsentStatus, notice: string | null): Promise<void> {
    await this.d.matrix.setState(portal.roomId, CONSENT_STATE_EVENT, "", {
      state: status.state,
      warningVersion: status.warning?.version ?? null,
      updatedAt: status.updatedAt,
      revision: status.revision,
    });
    if (notice) await this.d.matrix.sendNotice(portal.roomId, notice, { [CONSENT_STATE_EVENT]: { state: status.state } });
  }

  /** Sends the warning (unless one for this revision is already on its way). */
  async #sendWarning(portal: Portal, status: ConsentStatus, language: string): Promise<void> {
    const warning = renderWarning(this.d.policy, language);
    const noticeEventId = await this.d.matrix.sendNotice(
      portal.roomId,
      `SMS risk warning sent to the patient (version ${warning.version.slice(0, 12)}, ${warning.language}): "${warning.text}"`,
      { [WARNING_NOTICE_FIELD]: { version: warning.version, language: warning.language } },
    );
    await this.d.queueSystemText({
      portal,
      key: `warning:${portal.roomId}:${status.revision}:${warning.version}`,
      body: warning.text,
      meta: { type: "warning", version: warning.version, language: warning.language, noticeEventId },
    });
  }

  /** A patient's text that is not a carrier keyword (already posted in the room as eventId). */
  onPatientText(portal: Portal, msg: InboundSms, eventId: string): Promise<void> {
    return this.#mutex.run(portal.phone, async () => {
      const phone = portal.phone;
      const status = await this.d.ledger.currentState(phone);
      const reply = classifyReply(msg.body, status.state, replyKeywords(this.d.policy));
      const decision = decideReply(status, reply, this.d.policy.sms.consent.maxReminders);
      const actor = this.d.matrix.botUserId;
      switch (decision.action) {
        case "record_accepted":
        case "record_declined": {
          const w = status.warning!;
          const next = await this.#record(
            {
              type: decision.action === "record_accepted" ? "accepted" : "declined",
              evidence: {
                phone,
                roomId: portal.roomId,
                warningVersion: w.version,
                warning: { providerMessageId: w.providerMessageId, sentAt: w.sentAt, noticeEventId: w.noticeEventId },
                reply: { providerMessageId: msg.providerMessageId, receivedAt: msg.receivedAt.toISOString(), eventId, keyword: reply.keyword ?? "" },
                language: portal.language,
              },
            },
            actor,
            { expectedRevision: status.revision },
          );
          if (!next) return;
          await this.#showState(portal, next, `Consent: ${STATE_WORDS[next.state]}.`);
          const kind = decision.action === "record_accepted" ? "accepted" : "declined";
          const confirmation = patientText(this.d.policy, kind, portal.language);
          await this.d.queueSystemText({
            portal,
            key: `confirm:${portal.roomId}:${next.revision}`,
            body: confirmation.text,
            meta: { type: "confirmation", kind, language: confirmation.language },
          });
          return;
        }
        case "send_warning": {
          let current = status;
          if (status.state === "declined") {
            const requested = await this.#record({ type: "requested", evidence: { phone, via: "patient", roomId: portal.roomId, eventId } }, actor, { expectedRevision: status.revision });
            if (!requested) return;
            current = requested;
          }
          await this.#sendWarning(portal, current, portal.language);
          return;
        }
        case "send_reminder": {
          const w = status.warning!;
          // In the patient's language now: they may have switched since the warning went out.
          const warning = renderWarning(this.d.policy, portal.language);
          if (warning.version !== w.version) {
            // Another language, or the policy's text changed since: send it as a new warning.
            await this.#sendWarning(portal, status, portal.language);
            return;
          }
          await this.d.queueSystemText({
            portal,
            key: `reminder:${portal.roomId}:${status.revision}:${decision.reminder}`,
            body: warning.text,
            meta: { type: "reminder", version: w.version, noticeEventId: w.noticeEventId },
          });
          await this.d.matrix.sendNotice(portal.roomId, `Reminder ${decision.reminder} of ${this.d.policy.sms.consent.maxReminders}: the risk warning was sent again.`);
          return;
        }
        default:
          return;
      }
    });
  }

  /** STOP: recorded with its evidence; nothing more goes to the number. */
  optOut(portal: Portal | undefined, phone: E164, e: CarrierKeywordEvidence): Promise<void> {
    return this.#mutex.run(phone, async () => {
      const status = await this.#record(
        {
          type: "opted_out",
          evidence: {
            phone,
            source: "sms",
            receivedAt: e.at.toISOString(),
            keyword: normalizeReply(e.keyword) ?? "STOP",
            providerMessageId: e.providerMessageId,
            ...(portal ? { roomId: portal.roomId } : {}),
            ...(e.eventId ? { eventId: e.eventId } : {}),
            ...(e.language ? { language: e.language } : {}),
          },
        },
        this.d.matrix.botUserId,
      );
      if (status && portal) await this.#showState(portal, status, null);
    });
  }

  /** START: back to unknown; a new warning goes out at once (the patient asked for texts). */
  optIn(portal: Portal | undefined, phone: E164, e: CarrierKeywordEvidence): Promise<void> {
    return this.#mutex.run(phone, async () => {
      const status = await this.#record(
        {
          type: "opted_in",
          evidence: {
            phone,
            source: "sms",
            receivedAt: e.at.toISOString(),
            keyword: normalizeReply(e.keyword) ?? "START",
            providerMessageId: e.providerMessageId,
            ...(portal ? { roomId: portal.roomId } : {}),
            ...(e.eventId ? { eventId: e.eventId } : {}),
            ...(e.language ? { language: e.language } : {}),
          },
        },
        this.d.matrix.botUserId,
      );
      if (!status || !portal) return;
      await this.#showState(portal, status, null);
      await this.#sendWarning(portal, status, portal.language);
    });
  }

  /**
   * The patient texted a language keyword: an unanswered warning goes again in the new
   * language, and a first text that is only "ESPAÑOL" gets its warning like any first text.
   */
  onLanguageChanged(portal: Portal): Promise<void> {
    return this.#mutex.run(portal.phone, async () => {
      const status = await this.d.ledger.currentState(portal.phone as E164);
      if (status.state === "unknown") {
        await this.#sendWarning(portal, status, portal.language);
        return;
      }
      if (status.state !== "warned") return;
      if (renderWarning(this.d.policy, portal.language).version === status.warning?.version) return;
      await this.#sendWarning(portal, status, portal.language);
    });
  }

  /** The bridge sent a system text: a warning or reminder becomes ledger evidence now that it has a provider id. */
  async onSent(sent: { providerMessageId: string; phone: E164; sentAt: Date; meta: string | null; roomId: string }): Promise<void> {
    if (!sent.meta) return;
    const meta = JSON.parse(sent.meta) as SystemTextMeta;
    if (meta.type === "confirmation") return;
    await this.#mutex.run(sent.phone, async () => {
      const portal = await this.d.portalByRoom(sent.roomId);
      const actor = this.d.matrix.botUserId;
      if (meta.type === "warning") {
        const text = renderWarning(this.d.policy, meta.language);
        const status = await this.#record(
          {
            type: "warning_sent",
            evidence: {
              phone: sent.phone,
              roomId: sent.roomId,
              warningVersion: meta.version,
              language: meta.language,
              providerMessageId: sent.providerMessageId,
              sentAt: sent.sentAt.toISOString(),
              noticeEventId: meta.noticeEventId,
            },
          },
          actor,
          text.version === meta.version ? { warningText: text.text } : {},
        );
        if (status && portal) await this.#showState(portal, status, `Consent: ${STATE_WORDS[status.state]}.`);
      } else {
        await this.#record(
          {
            type: "reminder_sent",
            evidence: {
              phone: sent.phone,
              roomId: sent.roomId,
              warningVersion: meta.version,
              providerMessageId: sent.providerMessageId,
              sentAt: sent.sentAt.toISOString(),
              noticeEventId: meta.noticeEventId,
            },
          },
          actor,
        );
      }
    });
  }

  /** Asks the patient for consent (sends the warning) in an existing portal; the bridge opens the portal. */
  async requestConsent(portal: Portal, requestedBy: string, via: "room" | "console" | "cli", eventId?: string, language?: string): Promise<string> {
    const phone = portal.phone;
    return this.#mutex.run(phone, async () => {
      const status = await this.d.ledger.currentState(phone);
      // A command handled again (the bridge retries events that failed half-way) is not a new request.
      if (eventId && (await this.d.ledger.history(phone)).events.some((e) => e.event === "requested" && (e.evidence as { eventId?: string }).eventId === eventId)) {
        return "The risk warning was already sent for this request.";
      }
      if (status.state === "opted_out") return "The patient texted STOP: they must text START before anything can be sent.";
      if (status.state === "accepted" && currentWarningVersions(this.d.policy).has(status.warning?.version ?? "")) {
        return "The patient already accepted the current risk warning.";
      }
      let current = status;
      if (status.state !== "unknown" || via !== "room" || eventId) {
        const requested = await this.#record(
          { type: "requested", evidence: { phone, via, roomId: portal.roomId, ...(eventId ? { eventId } : {}) } },
          requestedBy,
          { expectedRevision: status.revision },
        );
        if (!requested) return "The consent state changed meanwhile; try again.";
        current = requested;
      }
      await this.#sendWarning(portal, current, language ?? portal.language);
      return "The risk warning is on its way to the patient; health information stays blocked until they accept.";
    });
  }

  async status(portal: Portal): Promise<string> {
    const s = await this.d.ledger.currentState(portal.phone);
    const since = s.updatedAt ? ` (since ${s.updatedAt})` : "";
    const version = s.warning ? `; warning version ${s.warning.version.slice(0, 12)}` : "";
    return `Consent: ${STATE_WORDS[await this.currentState(portal.phone)]}${since}${version}.`;
  }

  /** `!consent` and `!sms` commands typed in a portal room (never relayed). */
  async onCommand(portal: Portal, sender: string, body: string, eventId: string): Promise<void> {
    const parsed = parseCommand(body);
    if (!parsed) return;
    let answer: string;
    if (!parsed.ok) answer = parsed.error;
    else if (parsed.command.name === "consent.status") answer = await this.status(portal);
    else if (parsed.command.name === "consent.request") answer = await this.requestConsent(portal, sender, "room", eventId, parsed.command.language);
    else if (parsed.command.name === "sms.help") answer = COMMAND_HELP;
    else answer = "This room is already an SMS conversation; use !consent request or !consent status here.";
    await this.d.matrix.sendNotice(portal.roomId, answer);
  }

  /**
   * The gate blocked a clinician's message: redact it in the room and tell the sender
   * privately (core/compliance/blockedNotice.ts): which room, a link to the event, which
   * categories were found, never the text.
   */
  async onBlocked(b: { roomId: string; eventId: string; sender: string; reason: string; categories: string[] }): Promise<void> {
    await this.d.matrix.redact(b.roomId, b.eventId, blockedRedactionReason(b)).catch((err: Error) => this.d.log.error({ room: b.roomId, err: err.message }, "redaction failed"));
    if (this.d.blockedNotices === "compliance_bot") return; // the bot tells them, encrypted, from the audit record
    const portal = await this.d.portalByRoom(b.roomId).catch(() => undefined);
    const notice = blockedNotice({ ...b, roomName: portal ? portalRoomName(portal.phone as E164) : "(an SMS room)" });
    await this.d.matrix
      .serverNotice(b.sender, notice.body, notice.formattedBody)
      .catch((err: Error) => this.d.log.error({ user: b.sender, err: err.message }, "could not notify the sender"));
  }
}
