/**
 * The blocked-message notices the compliance bot sends (bridge config
 * `blockedNotices: compliance_bot`): the pure decisions. The bridge records every refusal as
 * `sms.blocked` in the audit ledger; the bot pages through those records from where it
 * stopped, sends each sender one end-to-end encrypted notice in a private room of their own
 * (bot and sender only, invite-only, never federated), and records `sms.blocked_notified`
 * naming the blocked record's seq. The newest `sms.blocked_notified` is where the next pass
 * (or the next process) resumes, so each blocked message is told once and none is skipped.
 *
 * The I/O (the ledger, the Matrix client) is in bots/compliance/BlockedNoticeSender.ts.
 */
import type { AuditRecord } from "../audit/record.ts";
import { PUPPET_USER_ID } from "../sms/puppetId.ts";

/**
 * The state event that marks a sender's notices room: state key "", content `{user}` (a state
 * key starting with "@" must be its sender's own id, by the Matrix authorization rules).
 */
export const BLOCKED_NOTICES_ROOM_STATE = "org.wardroom.blocked_notices";
/** The name of a sender's notices room, as their client shows it. */
export const BLOCKED_NOTICES_ROOM_NAME = "Wardroom message notices";
/** Carried in the (encrypted) notice: which `sms.blocked` record it tells of. */
export const BLOCKED_SEQ_KEY = "org.wardroom.blocked_seq";

/** One `sms.blocked` record read as what the notice needs. */
export type BlockedNoticePlan =
  | { seq: number; kind: "notify"; sender: string; roomId: string; eventId: string; reason: string; categories: string[] }
  | { seq: number; kind: "skip"; sender?: string; why: "no_sender" | "no_event" | "not_local" | "service_account" };

/**
 * Where to resume: the blocked record seq named by the newest `sms.blocked_notified` record
 * (0 when there is none). Records are appended in seq order of the blocked records, so the
 * newest is the furthest.
 */
export function resumeAfter(lastNotified: Pick<AuditRecord, "details"> | undefined): number {
  const seq = lastNotified?.details.blockedSeq;
  return typeof seq === "number" && Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}

export interface PlanOptions {
  /** Only records after this seq (the resume position). */
  afterSeq: number;
  /** Senders are local users of this server (notices never leave the server). */
  serverName: string;
  /** Service accounts (the bridge's bot, the compliance bot): never told. */
  serviceAccounts: ReadonlySet<string>;
}

/**
 * Which of these `sms.blocked` records need a notice, in seq order. Every record after the
 * position gets a plan, a notice or a named skip, so the position can move past it.
 */
export function planBlockedNotices(records: readonly AuditRecord[], o: PlanOptions): BlockedNoticePlan[] {
  return records
    .filter((r) => r.action === "sms.blocked" && r.seq > o.afterSeq)
    .sort((a, b) => a.seq - b.seq)
    .map((r): BlockedNoticePlan => {
      const sender = typeof r.details.sender === "string" ? r.details.sender : undefined;
      const eventId = typeof r.details.eventId === "string" ? r.details.eventId : undefined;
      if (!sender) return { seq: r.seq, kind: "skip", why: "no_sender" };
      if (!sender.endsWith(`:${o.serverName}`) || !sender.startsWith("@")) return { seq: r.seq, kind: "skip", sender, why: "not_local" };
      if (o.serviceAccounts.has(sender) || PUPPET_USER_ID.test(sender)) return { seq: r.seq, kind: "skip", sender, why: "service_account" };
      if (!eventId?.startsWith("$") || !r.target?.startsWith("!")) return { seq: r.seq, kind: "skip", sender, why: "no_event" };
      const categories = Array.isArray(r.details.phiCategories) ? r.details.phiCategories.filter((c): c is string => typeof c === "string") : [];
      const reason = typeof r.details.reason === "string" ? r.details.reason : "unknown";
      return { seq: r.seq, kind: "notify", sender, roomId: r.target, eventId, reason, categories };
    });
}

/** A notices room as its state says. */
export interface NoticesRoomState {
  /** The sender of m.room.create. */
  creator: string | undefined;
  /** m.federate of the create event (absent means true). */
  federate: boolean;
  encrypted: boolean;
  joinRule: string | undefined;
  guestAccess: string | undefined;
  historyVisibility: string | undefined;
  tombstoned: boolean;
  /** user id -> membership, for every member event. */
  members: Readonly<Record<string, string>>;
}

export type NoticesRoomProblem = "not_ours" | "tombstoned" | "federated" | "unencrypted" | "joinable" | "guest_access" | "world_readable" | "other_members";

/**
 * What is wrong with a room as a private notices room for `sender`: empty when it is one
 * (made by the bot, encrypted, invite-only, no guests, never federated, history not world
 * readable, nobody but the bot and the sender in it or invited). `not_ours` is a room
 * somebody else made and marked: never used and never touched.
 */
export function noticesRoomProblems(s: NoticesRoomState, bot: string, sender: string): NoticesRoomProblem[] {
  if (s.creator !== bot) return ["not_ours"];
  const problems: NoticesRoomProblem[] = [];
  if (s.tombstoned) problems.push("tombstoned");
  if (s.federate) problems.push("federated");
  if (!s.encrypted) problems.push("unencrypted");
  if (s.joinRule !== "invite") problems.push("joinable");
  if (s.guestAccess !== "forbidden") problems.push("guest_access");
  if (s.historyVisibility === "world_readable") problems.push("world_readable");
  const others = Object.entries(s.members).some(([user, m]) => user !== bot && user !== sender && (m === "join" || m === "invite" || m === "knock"));
  if (others) problems.push("other_members");
  return problems;
}

/** The /createRoom body of a sender's private notices room (the bot is its only other member). */
export function noticesRoomRequest(sender: string): {
  name: string;
  topic: string;
  preset: "private_chat";
  visibility: "private";
  invite: string[];
  is_direct: boolean;
  creation_content: Record<string, unknown>;
  initial_state: Array<{ type: string; state_key: string; content: Record<string, unknown> }>;
} {
  return {
    name: BLOCKED_NOTICES_ROOM_NAME,
    topic: "Private notices from Wardroom about your messages in SMS rooms that were not sent",
    preset: "private_chat",
    visibility: "private",
    invite: [sender],
    is_direct: true,
    creation_content: { "m.federate": false },
    initial_state: [
      { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
      // "invited": notices sent while the invitation is pending are readable once they join.
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "invited" } },
      { type: BLOCKED_NOTICES_ROOM_STATE, state_key: "", content: { user: sender } },
    ],
  };
}

/**
 * A delivery that failed: tell of it next pass (`retry`: the homeserver did not answer, a
 * rate limit), or give up on this one notice (`undeliverable`: the sender cannot be invited,
 * e.g. a deactivated account), so that one sender never holds back everybody else's notices.
 */
export function deliveryFailure(status: number | undefined, errcode: string | undefined): "retry" | "undeliverable" {
  if (status === undefined || status === 0 || status === 429 || status >= 500) return "retry";
  if (errcode === "M_LIMIT_EXCEEDED") return "retry";
  return "undeliverable";
}
