import type { MatrixClient, Room } from "matrix-js-sdk";
import { BLOCKED_NOTICES_ROOM_STATE, noticesRoomProblems, noticesRoomRequest, type NoticesRoomProblem, type NoticesRoomState } from "../../core/compliance/blockedNotices.ts";
import type { SynapseClient } from "../../runtime/synapse/index.ts";
import type { NoticeRooms } from "./BlockedNoticeSender.ts";

/** How long a new room may take to reach the bot's sync before a send into it. */
const ROOM_SYNC_TIMEOUT_MS = 30_000;

/** A room's state as the bot's client holds it, read as a notices room. */
function stateOf(room: Room): NoticesRoomState {
  const s = room.currentState;
  const content = (type: string) => s.getStateEvents(type, "")?.getContent() ?? {};
  const members: Record<string, string> = {};
  for (const ev of s.getStateEvents("m.room.member")) members[ev.getStateKey()!] = String(ev.getContent().membership ?? "");
  return {
    creator: s.getStateEvents("m.room.create", "")?.getSender(),
    federate: content("m.room.create")["m.federate"] !== false,
    encrypted: typeof content("m.room.encryption").algorithm === "string",
    joinRule: content("m.room.join_rules").join_rule as string | undefined,
    guestAccess: content("m.room.guest_access").guest_access as string | undefined,
    historyVisibility: content("m.room.history_visibility").history_visibility as string | undefined,
    tombstoned: s.getStateEvents("m.room.tombstone", "") !== null,
    members,
  };
}

/**
 * The compliance bot's private notices rooms, one per sender, over its own end-to-end
 * encrypted matrix-js-sdk client: made by the bot (so only it has power there), encrypted,
 * invite-only, no guests, never federated, marked with `org.wardroom.blocked_notices`
 * (`{user: sender}`) so the bot finds them again after a restart. A marked room that is
 * not private enough is replaced; one somebody else made and marked is never used.
 */
export class MatrixNoticeRooms implements NoticeRooms {
  readonly #made = new Map<string, Promise<string>>();

  constructor(
    private readonly client: MatrixClient,
    /** The bot's admin view of the homeserver (portal room names). */
    private readonly admin: Pick<SynapseClient, "roomState">,
  ) {}

  async roomFor(sender: string): Promise<{ roomId: string; replaced: Array<{ oldRoomId: string; problems: NoticesRoomProblem[] }> }> {
    const bot = this.client.getUserId()!;
    let chosen: string | undefined;
    const weak: Array<{ oldRoomId: string; problems: NoticesRoomProblem[] }> = [];
    for (const room of this.client.getRooms()) {
      if (room.getMyMembership() !== "join" || room.currentState.getStateEvents(BLOCKED_NOTICES_ROOM_STATE, "")?.getContent().user !== sender) continue;
      await room.loadMembersIfNeeded();
      const problems = noticesRoomProblems(stateOf(room), bot, sender);
      if (problems.length === 0 && !chosen) chosen = room.roomId;
      else if (problems.length > 0 && !problems.includes("not_ours") && !problems.includes("tombstoned")) weak.push({ oldRoomId: room.roomId, problems });
    }
    if (!chosen) chosen = await this.#create(sender);
    for (const w of weak) {
      // The old room points at the new one; whoever is still in it is told where notices go now.
      await this.client.sendStateEvent(w.oldRoomId, "m.room.tombstone" as never, { body: "These notices continue in a new private room.", replacement_room: chosen } as never, "");
      await this.client.leave(w.oldRoomId).catch(() => undefined);
    }
    const membership = this.client.getRoom(chosen)?.getMember(sender)?.membership;
    // A sender who left or rejected the room is invited again: the notice waits there for them.
    if (membership !== "join" && membership !== "invite") await this.client.invite(chosen, sender);
    // Encryption goes to the members the bot's client knows: the invite must be in its sync
    // before the notice is encrypted, or the sender's devices would get no key.
    await this.#until(chosen, () => ["join", "invite"].includes(this.client.getRoom(chosen)?.getMember(sender)?.membership ?? ""), "the sender's invitation");
    return { roomId: chosen, replaced: weak };
  }

  async #create(sender: string): Promise<string> {
    // One creation per sender at a time (two blocked messages of one sender in one pass).
    const pending = this.#made.get(sender);
    if (pending) return pending;
    const made = (async () => {
      const { room_id } = await this.client.createRoom(noticesRoomRequest(sender) as never);
      await this.#synced(room_id);
      return room_id;
    })();
    this.#made.set(sender, made);
    try {
      return await made;
    } finally {
      this.#made.delete(sender);
    }
  }

  /** Waits until the new room (with its encryption state) is in the bot's sync: a send needs it. */
  async #synced(roomId: string): Promise<void> {
    await this.#until(roomId, () => this.client.getRoom(roomId)?.currentState.getStateEvents(BLOCKED_NOTICES_ROOM_STATE, "") != null, "the new room");
    await this.#until(roomId, () => this.client.getRoom(roomId)?.hasEncryptionStateEvent() ?? false, "the room's encryption state");
  }

  async #until(roomId: string, done: () => boolean, what: string): Promise<void> {
    const until = Date.now() + ROOM_SYNC_TIMEOUT_MS;
    while (!done()) {
      if (Date.now() > until) throw new Error(`notices room ${roomId}: ${what} did not reach the bot's sync`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async send(roomId: string, content: Record<string, unknown>): Promise<string> {
    // A sender who just signed in on a new device: the bot's sync may not have told it yet,
    // and a notice encrypted without that device can never be read there (the bot keeps no
    // key backup). Marking the device lists outdated makes the encryption query them first
    // (one keys/query per notice; notices are rare).
    await (this.client.getCrypto() as { markAllTrackedUsersAsDirty?: () => Promise<void> } | undefined)?.markAllTrackedUsersAsDirty?.();
    const { event_id } = await this.client.sendEvent(roomId, "m.room.message" as never, content as never);
    return event_id;
  }

  async roomName(roomId: string): Promise<string | undefined> {
    const state = await this.admin.roomState(roomId);
    const name = state.find((e) => e.type === "m.room.name" && e.state_key === "")?.content.name;
    return typeof name === "string" && name ? name : undefined;
  }
}
