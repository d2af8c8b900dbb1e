import type { Logger } from "pino";
import { isCommand } from "../../core/compliance/commands.ts";
import type { Policy } from "../../core/policy/index.ts";
import { PUPPET_USER_ID } from "../../core/sms/puppetId.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import type { AuditPort, BlockedListener, ConsentPort, PhiDetector } from "./capabilities.ts";
import type { BridgeStore, MatrixEventIn } from "./store/BridgeStore.ts";
import { ClinicianTexts } from "./ClinicianTexts.ts";

const TEXT_TYPES = new Set(["m.text", "m.notice", "m.emote"]);

/**
 * Every Matrix event the durable inbox hands over, by kind: an invite of the bridge bot (it
 * joins), a redaction (a queued text is withdrawn), and in portal rooms a message: an edit
 * (not sent), a `!sms`/`!consent` command (to the consent flow), or a clinician's text, which
 * goes through the gate and, if it passes, into the outbox.
 */
export class RoomEvents {
  constructor(
    private readonly deps: {
      store: BridgeStore;
      matrix: RoomActions;
      consent: ConsentPort;
      audit: AuditPort;
      detectPhi: PhiDetector;
      policy: Policy;
      serverName: string;
      complianceBotUserId: string | undefined;
      onBlocked: BlockedListener;
      /** Asked for every message (the role directory as it is now); throws when it cannot answer. */
      isCareTeam: (userId: string) => Promise<boolean>;
      /** A portal room is being created (its events may arrive before it is stored). */
      portalBeingCreated?: () => boolean;
      log: Logger;
      kickOutbox: () => void;
      clock?: () => Date;
    },
  ) {
    this.#texts = new ClinicianTexts(deps);
  }

  readonly #texts: ClinicianTexts;

  async handle(e: MatrixEventIn): Promise<void> {
    const { matrix, store } = this.deps;
    if (e.type === "m.room.member" && e.state_key === matrix.botUserId && e.content.membership === "invite") {
      if (e.sender.endsWith(`:${this.deps.serverName}`)) await matrix.join(e.room_id).catch((err: Error) => this.deps.log.warn({ room: e.room_id, err: err.message }, "join failed"));
      return;
    }
    if (e.type === "m.room.redaction") {
      await this.#withdraw(e);
      return;
    }
    if (e.type !== "m.room.message") return;
    const portal = await store.portalByRoom(e.room_id);
    if (!portal) {
      // Possibly a portal whose room exists but is not stored yet: the inbox retries the
      // event on its next pass, by when it is (or the room was never a portal).
      if (this.deps.portalBeingCreated?.()) throw new Error("a portal room is being set up; the event is retried");
      return;
    }
    if (e.sender === matrix.botUserId || e.sender === portal.puppetUserId || PUPPET_USER_ID.test(e.sender)) return;
    if (!e.sender.endsWith(`:${this.deps.serverName}`)) return;

    // The compliance bot answers clinicians; Wardroom's own texts to patients go through the
    // outbox directly, never through the room.
    if (e.sender === this.deps.complianceBotUserId) return;

    // Only the care team texts patients, and asks for consent: checked now, not at invite time.
    let careTeam: boolean;
    try {
      careTeam = await this.deps.isCareTeam(e.sender);
    } catch (err) {
      this.deps.log.error({ room: e.room_id, err: (err as Error).message }, "role directory unavailable");
      await this.#block(e, "role_directory_unavailable", []);
      return;
    }
    if (!careTeam) {
      await this.#block(e, "not_care_team", []);
      return;
    }

    const msgtype = String(e.content.msgtype ?? "");
    const relates = e.content["m.relates_to"] as { rel_type?: string } | undefined;
    if (relates?.rel_type === "m.replace") {
      await matrix.sendNotice(e.room_id, "Edits are not sent over SMS: the patient keeps the original text. Send a new message instead.");
      return;
    }
    if (!TEXT_TYPES.has(msgtype) || typeof e.content.body !== "string") {
      await this.#block(e, "attachment_not_supported", []);
      return;
    }

    if (isCommand(e.content.body)) {
      await this.deps.consent.onCommand(portal, e.sender, e.content.body, e.event_id);
      return;
    }
    const refused = await this.#texts.queue(portal, e, e.content.body);
    if (refused) await this.#block(e, refused.reason, refused.categories);
  }

  /** A clinician deleted a message still waiting in the outbox (quiet hours, retries): it is not sent. */
  async #withdraw(e: MatrixEventIn): Promise<void> {
    const redacts = typeof e.content.redacts === "string" ? e.content.redacts : undefined;
    if (!redacts) return;
    const row = await this.deps.store.outboxByKey(redacts);
    if (!row || row.status !== "queued" || row.room_id !== e.room_id) return;
    await this.deps.store.updateOutbox(redacts, { status: "failed", body: "", last_error: "withdrawn" });
    await this.deps.audit.append({ actor: e.sender, action: "sms.withdrawn", target: e.room_id, details: { eventId: redacts, sender: e.sender } });
    await this.deps.matrix.sendNotice(e.room_id, "Withdrawn: the deleted message was not texted.");
  }

  async #block(e: MatrixEventIn, reason: string, categories: string[]): Promise<void> {
    await this.deps.audit.append({
      actor: e.sender,
      action: "sms.blocked",
      target: e.room_id,
      details: { reason, eventId: e.event_id, sender: e.sender, ...(categories.length ? { phiCategories: categories } : {}) },
    });
    this.deps.log.info({ room: e.room_id, event: e.event_id, reason, categories }, "outbound text blocked");
    await this.deps.onBlocked({ roomId: e.room_id, eventId: e.event_id, sender: e.sender, reason, categories });
  }
}
