import type { RoomId, UserId } from "../../../core/matrix/ids.ts";

/**
 * What the bridge does to Matrix rooms, as one small capability: the consent flow, Inbound,
 * RoomEvents, ClinicianTexts, Portals and the outbox take this, never an HTTP client.
 * MatrixRoomActions is the real one (the appservice over runtime/synapse),
 * SimulatedRoomActions records calls for unit tests.
 *
 * Rules every implementation keeps:
 * - `asUser` absent means the bridge bot; a puppet's id means masquerading as that puppet.
 * - Failures throw (MatrixHttpError from the real one); nothing is retried here, callers own
 *   their retry policy.
 * - Inviting someone already invited or joined is not an error.
 */
export interface RoomActions {
  /** The bridge bot's user id (the actor of the bridge's audit records). */
  readonly botUserId: string;
  /** Registers a puppet if it does not exist yet (and sets its display name); returns its id. */
  ensureUser(localpart: string, displayName?: string): Promise<UserId>;
  /** Creates an SMS portal room through Wardroom's Synapse module; returns its id. */
  createPortalRoom(body: Record<string, unknown>): Promise<RoomId>;
  invite(roomId: string, userId: string, asUser?: string): Promise<void>;
  join(roomId: string, asUser?: string): Promise<void>;
  /** Posts an event (a puppet's text, the bot's message); `txnId` makes a retry idempotent. */
  sendEvent(roomId: string, type: string, content: Record<string, unknown>, asUser?: string, txnId?: string): Promise<string>;
  sendNotice(roomId: string, body: string, extra?: Record<string, unknown>, asUser?: string, txnId?: string): Promise<string>;
  setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>, asUser?: string): Promise<string>;
  redact(roomId: string, eventId: string, reason: string): Promise<void>;
  /** A read receipt from a puppet: the room shows the patient's phone received the text. */
  sendReceipt(roomId: string, eventId: string, asUser: string): Promise<void>;
  /** A private notice to one user, in a room only that user and the server share. */
  serverNotice(userId: string, body: string, formattedBody?: string): Promise<void>;
  /**
   * The room's latest events, newest first, as the bridge bot sees them: to find out whether a
   * post whose answer was lost (the homeserver died mid-request) was stored after all.
   */
  recentEvents(roomId: string, limit: number): Promise<Array<{ event_id: string; sender: string; type: string; content: Record<string, unknown> }>>;
  /** The rooms the bridge bot has joined (to find a portal room whose set-up was cut short). */
  joinedRooms(): Promise<RoomId[]>;
  /** One state event's content as the bridge bot sees it; undefined when the room has none. */
  stateEvent(roomId: string, type: string, stateKey?: string): Promise<Record<string, unknown> | undefined>;
  /** The homeserver answers as the appservice. */
  ping(): Promise<boolean>;
  /**
   * Asks the homeserver to call the bridge back (the appservice ping): "reached" when it did,
   * "unreachable" when it could not reach the bridge, "homeserver_down" when it did not answer.
   */
  pingFromHomeserver(appserviceId: string, transactionId: string): Promise<HomeserverPing>;
}

export type HomeserverPing = { outcome: "reached"; durationMs: number } | { outcome: "unreachable"; errcode: string } | { outcome: "homeserver_down" };
