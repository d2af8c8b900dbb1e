import { roomIdOf, userIdOf, type RoomId, type UserId } from "../../../core/matrix/ids.ts";
import type { HomeserverPing, RoomActions } from "./RoomActions.ts";

/** One call made to the simulated rooms, in order. */
export type RoomCall =
  | { kind: "ensureUser"; userId: string; displayName?: string }
  | { kind: "createPortalRoom"; roomId: string; body: Record<string, unknown> }
  | { kind: "invite"; roomId: string; userId: string; asUser?: string }
  | { kind: "join"; roomId: string; asUser?: string }
  | { kind: "event"; roomId: string; eventId: string; type: string; content: Record<string, unknown>; asUser?: string; txnId?: string }
  | { kind: "state"; roomId: string; eventId: string; type: string; stateKey: string; content: Record<string, unknown>; asUser?: string }
  | { kind: "redact"; roomId: string; eventId: string; reason: string }
  | { kind: "receipt"; roomId: string; eventId: string; asUser: string }
  | { kind: "serverNotice"; userId: string; body: string; formattedBody?: string };

/**
 * RoomActions in memory, for unit tests of the bridge's modules: it records every call,
 * answers with fresh ids, keeps a repeated txnId idempotent (as Synapse does), and can be told
 * to fail (`failNext`) or to be down (`down`), like a homeserver.
 */
export class SimulatedRoomActions implements RoomActions {
  readonly calls: RoomCall[] = [];
  /** While true every call throws, as an unreachable homeserver would. */
  down = false;
  /** Refuse chosen calls (return the error to throw), e.g. every post into one room. */
  failWhen: ((call: { kind: RoomCall["kind"]; roomId?: string; content?: Record<string, unknown>; asUser?: string }) => Error | undefined) | undefined;
  #next = 0;
  #failures: Error[] = [];
  readonly #txns = new Map<string, string>();

  constructor(readonly botUserId = "@sms-bridge:example.org") {}

  failNext(err: Error): void {
    this.#failures.push(err);
  }

  /** The events posted to a room, oldest first. */
  events(roomId: string): Array<Extract<RoomCall, { kind: "event" }>> {
    return this.calls.filter((c): c is Extract<RoomCall, { kind: "event" }> => c.kind === "event" && c.roomId === roomId);
  }

  #gate(call?: { kind: RoomCall["kind"]; roomId?: string; content?: Record<string, unknown>; asUser?: string }): void {
    if (this.down) throw new Error("homeserver unreachable (simulated)");
    const f = this.#failures.shift();
    if (f) throw f;
    const chosen = call && this.failWhen?.(call);
    if (chosen) throw chosen;
  }

  #id(prefix: string): string {
    this.#next += 1;
    return `${prefix}sim${this.#next}:example.org`;
  }

  async ensureUser(localpart: string, displayName?: string): Promise<UserId> {
    this.#gate();
    const userId = userIdOf(`@${localpart}:${this.botUserId.split(":").slice(1).join(":")}`);
    this.calls.push({ kind: "ensureUser", userId, displayName });
    return userId;
  }

  async createPortalRoom(body: Record<string, unknown>): Promise<RoomId> {
    this.#gate();
    const roomId = roomIdOf(this.#id("!"));
    this.calls.push({ kind: "createPortalRoom", roomId, body });
    return roomId;
  }

  async joinedRooms(): Promise<RoomId[]> {
    this.#gate();
    return this.calls.filter((c) => c.kind === "createPortalRoom").map((c) => roomIdOf(c.roomId));
  }

  /** The latest state set in the room (by setState or the creation's initial_state). */
  async stateEvent(roomId: string, type: string, stateKey = ""): Promise<Record<string, unknown> | undefined> {
    this.#gate();
    for (const c of [...this.calls].reverse()) {
      if (c.kind === "state" && c.roomId === roomId && c.type === type && c.stateKey === stateKey) return c.content;
      if (c.kind === "createPortalRoom" && c.roomId === roomId) {
        const initial = (c.body.initial_state as Array<{ type: string; state_key: string; content: Record<string, unknown> }> | undefined) ?? [];
        return initial.find((e) => e.type === type && e.state_key === stateKey)?.content;
      }
    }
    return undefined;
  }

  async invite(roomId: string, userId: string, asUser?: string): Promise<void> {
    this.#gate();
    this.calls.push({ kind: "invite", roomId, userId, asUser });
  }

  async join(roomId: string, asUser?: string): Promise<void> {
    this.#gate({ kind: "join", roomId, asUser });
    this.calls.push({ kind: "join", roomId, asUser });
  }

  async sendEvent(roomId: string, type: string, content: Record<string, unknown>, asUser?: string, txnId?: string): Promise<string> {
    this.#gate({ kind: "event", roomId, content, asUser });
    const key = txnId === undefined ? undefined : `${asUser ?? this.botUserId}|${txnId}`;
    const seen = key === undefined ? undefined : this.#txns.get(key);
    if (seen) return seen;
    const eventId = this.#id("$");
    if (key !== undefined) this.#txns.set(key, eventId);
    this.calls.push({ kind: "event", roomId, eventId, type, content, asUser, txnId });
    return eventId;
  }

  sendNotice(roomId: string, body: string, extra: Record<string, unknown> = {}, asUser?: string, txnId?: string): Promise<string> {
    return this.sendEvent(roomId, "m.room.message", { msgtype: "m.notice", body, ...extra }, asUser, txnId);
  }

  async setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>, asUser?: string): Promise<string> {
    this.#gate({ kind: "state", roomId, content, asUser });
    const eventId = this.#id("$");
    this.calls.push({ kind: "state", roomId, eventId, type, stateKey, content, asUser });
    return eventId;
  }

  async redact(roomId: string, eventId: string, reason: string): Promise<void> {
    this.#gate();
    this.calls.push({ kind: "redact", roomId, eventId, reason });
  }

  async sendReceipt(roomId: string, eventId: string, asUser: string): Promise<void> {
    this.#gate();
    this.calls.push({ kind: "receipt", roomId, eventId, asUser });
  }

  async serverNotice(userId: string, body: string, formattedBody?: string): Promise<void> {
    this.#gate();
    this.calls.push({ kind: "serverNotice", userId, body, ...(formattedBody !== undefined ? { formattedBody } : {}) });
  }

  async recentEvents(roomId: string, limit: number): Promise<Array<{ event_id: string; sender: string; type: string; content: Record<string, unknown> }>> {
    this.#gate();
    return this.events(roomId)
      .slice(-limit)
      .reverse()
      .map((e) => ({ event_id: e.eventId, sender: e.asUser ?? this.botUserId, type: e.type, content: e.content }));
  }

  /** Records an event as if the homeserver stored it but its answer was lost (a crash mid-request). */
  storeWithoutAnswer(roomId: string, type: string, content: Record<string, unknown>, asUser?: string): void {
    this.#next += 1;
    this.calls.push({ kind: "event", roomId, eventId: `$sim${this.#next}:example.org`, type, content, asUser });
  }

  async ping(): Promise<boolean> {
    return !this.down;
  }

  /** The homeserver calls the simulated bridge back unless it is down or told the bridge is unreachable. */
  bridgeUnreachable = false;
  readonly pings: string[] = [];

  async pingFromHomeserver(_appserviceId: string, transactionId: string): Promise<HomeserverPing> {
    this.pings.push(transactionId);
    if (this.down) return { outcome: "homeserver_down" };
    if (this.bridgeUnreachable) return { outcome: "unreachable", errcode: "M_CONNECTION_FAILED" };
    return { outcome: "reached", durationMs: 1 };
  }
}
