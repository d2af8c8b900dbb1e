import { MatrixHttpError, SynapseClient } from "../../../runtime/synapse/index.ts";
import { roomIdOf, userIdOf, type RoomId, type UserId } from "../../../core/matrix/ids.ts";
import type { HomeserverPing, RoomActions } from "./RoomActions.ts";

const PING_FAILURES = new Set(["M_URL_NOT_SET", "M_BAD_STATUS", "M_CONNECTION_TIMEOUT", "M_CONNECTION_FAILED"]);

/** RoomActions over the homeserver, with the appservice token (runtime/synapse's one client). */
export class MatrixRoomActions implements RoomActions {
  readonly #client: SynapseClient;
  readonly #serverName: string;

  constructor(
    homeserverUrl: string,
    asToken: string,
    readonly botUserId: string,
    timeoutMs = 15_000,
  ) {
    this.#client = new SynapseClient({ baseUrl: homeserverUrl, token: asToken, timeoutMs });
    this.#serverName = botUserId.split(":").slice(1).join(":");
  }

  /** Masquerade only as someone other than the bot (the as_token already is the bot). */
  #as(asUser: string | undefined): string | undefined {
    return asUser && asUser !== this.botUserId ? asUser : undefined;
  }

  async ensureUser(localpart: string, displayName?: string): Promise<UserId> {
    const userId = userIdOf(`@${localpart}:${this.#serverName}`);
    await this.#client.registerAppserviceUser(localpart);
    if (displayName) await this.#client.setDisplayName(userId, displayName, userId);
    return userId;
  }

  async createPortalRoom(body: Record<string, unknown>): Promise<RoomId> {
    return roomIdOf(await this.#client.createPortalRoom(body));
  }

  async invite(roomId: string, userId: string, asUser?: string): Promise<void> {
    try {
      await this.#client.invite(roomId, userId, this.#as(asUser));
    } catch (err) {
      // Already invited or joined: nothing to do.
      if (!(err instanceof MatrixHttpError && err.status === 403 && /already in the room|is already joined|already invited/i.test(err.message))) throw err;
    }
  }

  async joinedRooms(): Promise<RoomId[]> {
    return (await this.#client.joinedRooms()).map((r) => roomIdOf(r));
  }

  stateEvent(roomId: string, type: string, stateKey = ""): Promise<Record<string, unknown> | undefined> {
    return this.#client.stateEvent(roomId, type, stateKey);
  }

  join(roomId: string, asUser?: string): Promise<void> {
    return this.#client.join(roomId, this.#as(asUser));
  }

  sendEvent(roomId: string, type: string, content: Record<string, unknown>, asUser?: string, txnId?: string): Promise<string> {
    return this.#client.sendEvent(roomId, type, content, { asUser: this.#as(asUser), txnId });
  }

  sendNotice(roomId: string, body: string, extra: Record<string, unknown> = {}, asUser?: string, txnId?: string): Promise<string> {
    return this.sendEvent(roomId, "m.room.message", { msgtype: "m.notice", body, ...extra }, asUser, txnId);
  }

  setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>, asUser?: string): Promise<string> {
    return this.#client.setState(roomId, type, stateKey, content, this.#as(asUser));
  }

  redact(roomId: string, eventId: string, reason: string): Promise<void> {
    return this.#client.redact(roomId, eventId, reason);
  }

  sendReceipt(roomId: string, eventId: string, asUser: string): Promise<void> {
    return this.#client.sendReceipt(roomId, eventId, this.#as(asUser));
  }

  serverNotice(userId: string, body: string, formattedBody?: string): Promise<void> {
    return this.#client.serverNotice(userId, body, formattedBody);
  }

  async recentEvents(roomId: string, limit: number): Promise<Array<{ event_id: string; sender: string; type: string; content: Record<string, unknown> }>> {
    const res = await this.#client.request<{ chunk: Array<{ event_id: string; sender: string; type: string; content: Record<string, unknown> }> }>(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`,
    );
    return res.chunk;
  }

  async ping(): Promise<boolean> {
    try {
      await this.#client.whoami();
      return true;
    } catch {
      return false;
    }
  }

  async pingFromHomeserver(appserviceId: string, transactionId: string): Promise<HomeserverPing> {
    try {
      return { outcome: "reached", ...(await this.#client.appservicePing(appserviceId, transactionId)) };
    } catch (err) {
      // The spec's errcodes for "the homeserver could not reach the appservice"; anything else
      // (no answer, a 5xx from a proxy) means the homeserver itself is not there.
      if (err instanceof MatrixHttpError && err.errcode && PING_FAILURES.has(err.errcode)) return { outcome: "unreachable", errcode: err.errcode };
      return { outcome: "homeserver_down" };
    }
  }
}
