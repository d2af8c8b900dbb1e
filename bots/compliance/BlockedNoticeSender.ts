import type { AuditLedger } from "../../core/audit/index.ts";
import { blockedNotice } from "../../core/compliance/blockedNotice.ts";
import { BLOCKED_SEQ_KEY, deliveryFailure, planBlockedNotices, resumeAfter, type NoticesRoomProblem } from "../../core/compliance/blockedNotices.ts";
import { PassRunner } from "../../runtime/concurrency/PassRunner.ts";

/**
 * What the sender does to Matrix (the bot's encrypted client: MatrixNoticeRooms; tests give
 * SimulatedNoticeRooms). Failures throw an error with `httpStatus` and `errcode` when the
 * homeserver answered (matrix-js-sdk's MatrixError has both).
 */
export interface NoticeRooms {
  /**
   * The sender's private notices room, with the sender joined or invited (a sender who left
   * or rejected it is invited again). A room of theirs that is not private enough is
   * replaced by a new one and tombstoned: `replaced` names each.
   */
  roomFor(sender: string): Promise<{ roomId: string; replaced: Array<{ oldRoomId: string; problems: NoticesRoomProblem[] }> }>;
  /** Sends one notice (encrypted: the room is); answers its event id. */
  send(roomId: string, content: Record<string, unknown>): Promise<string>;
  /** The name of the room a message was blocked in, as the care team sees it. */
  roomName(roomId: string): Promise<string | undefined>;
}

export interface BlockedNoticeSenderOptions {
  audit: Pick<AuditLedger, "query" | "after" | "append">;
  rooms: NoticeRooms;
  serverName: string;
  /** Accounts never told (the bridge's bot, the compliance bot). */
  serviceAccounts: readonly string[];
  /** False until the bot's first sync is done (its rooms are known, not made twice). */
  ready(): boolean;
  onError(err: unknown): void;
  /** Blocked records handled per pass (bounded work; a full page runs the next pass at once). */
  batchSize?: number;
  pollMs?: number;
}

const ACTOR = "system:compliance-bot";

/**
 * The blocked-message notices (bridge config `blockedNotices: compliance_bot`): pages through
 * `sms.blocked` from the position the ledger holds (the newest `sms.blocked_notified`), tells
 * each sender in their end-to-end encrypted notices room, and records `sms.blocked_notified`
 * for every record, sent or skipped, in seq order. A notice the homeserver could not take now
 * ends the pass there (nothing skipped; the next pass retries it); one that can never be
 * delivered (the account cannot be invited) is recorded `undeliverable` and the pass goes on.
 */
export class BlockedNoticeSender {
  #runner: PassRunner | undefined;
  readonly #batch: number;
  readonly #service: ReadonlySet<string>;

  constructor(private readonly o: BlockedNoticeSenderOptions) {
    this.#batch = o.batchSize ?? 50;
    this.#service = new Set(o.serviceAccounts);
  }

  start(): void {
    this.#runner = new PassRunner(
      async () => {
        if (!this.o.ready()) return;
        // A full page: more are waiting; go on at once, one bounded page per pass.
        if ((await this.tick()) === this.#batch) this.#runner?.kick();
      },
      (err) => this.o.onError(err),
      this.o.pollMs ?? 2000,
    );
  }

  /** Stops after the pass that is running (a notice is never left sent but unrecorded). */
  async stop(): Promise<void> {
    await this.#runner?.stop();
  }

  /** One pass: at most one page of blocked records after the position. Answers how many were handled. */
  async tick(): Promise<number> {
    const last = (await this.o.audit.query({ action: "sms.blocked_notified", limit: 1 })).records[0];
    const afterSeq = resumeAfter(last);
    const page = await this.o.audit.after({ action: "sms.blocked", afterSeq, limit: this.#batch });
    const plans = planBlockedNotices(page, { afterSeq, serverName: this.o.serverName, serviceAccounts: this.#service });
    let handled = 0;
    for (const plan of plans) {
      if (plan.kind === "skip") {
        await this.#record(plan.sender ?? null, { blockedSeq: plan.seq, outcome: "skipped", why: plan.why });
        handled++;
        continue;
      }
      let outcome: { roomId: string; eventId: string } | { failed: "undeliverable"; why: string };
      try {
        const { roomId, replaced } = await this.o.rooms.roomFor(plan.sender);
        for (const r of replaced) {
          await this.o.audit.append({
            actor: ACTOR,
            action: "sms.notices_room_replaced",
            target: plan.sender,
            details: { oldRoomId: r.oldRoomId, newRoomId: roomId, problems: r.problems, channel: "compliance_bot" },
          });
        }
        const roomName = (await this.o.rooms.roomName(plan.roomId).catch(() => undefined)) ?? "(an SMS room)";
        const notice = blockedNotice({ reason: plan.reason, categories: plan.categories, roomId: plan.roomId, eventId: plan.eventId, roomName });
        const eventId = await this.o.rooms.send(roomId, {
          msgtype: "m.notice",
          body: notice.body,
          format: "org.matrix.custom.html",
          formatted_body: notice.formattedBody,
          [BLOCKED_SEQ_KEY]: plan.seq,
        });
        outcome = { roomId, eventId };
      } catch (err) {
        const e = err as { httpStatus?: number; errcode?: string };
        if (deliveryFailure(e.httpStatus, e.errcode) === "retry") throw err;
        outcome = { failed: "undeliverable", why: (e.errcode ?? "refused").toLowerCase() };
      }
      if ("failed" in outcome) await this.#record(plan.sender, { blockedSeq: plan.seq, outcome: "undeliverable", why: outcome.why });
      else await this.#record(plan.sender, { blockedSeq: plan.seq, outcome: "sent", roomId: outcome.roomId, noticeEventId: outcome.eventId });
      handled++;
    }
    return handled;
  }

  async #record(target: string | null, details: Record<string, string | number>): Promise<void> {
    await this.o.audit.append({ actor: ACTOR, action: "sms.blocked_notified", target, details });
  }
}
