import { randomUUID } from "node:crypto";
import { MatrixHttpError } from "../../../core/synapse/adminClient.ts";

/**
 * The Matrix side of the bridge: client-server API calls with the appservice token, acting as
 * the bridge bot or, with `user_id` masquerading, as a patient's puppet. matrix-bot-sdk cannot
 * load here (DESIGN.md); these few endpoints need nothing more than fetch.
 */
export class AppserviceClient {
  constructor(
    private readonly homeserverUrl: string,
    private readonly asToken: string,
    readonly botUserId: string,
    private readonly timeoutMs = 15_000,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, asUser?: string): Promise<T> {
    const url = new URL(`${this.homeserverUrl.replace(/\/$/, "")}${path}`);
    if (asUser && asUser !== this.botUserId) url.searchParams.set("user_id", asUser);
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.asToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    if (!res.ok) {
      // Ids in the path (rooms, events, users: a puppet's id holds the number) are left out.
      const endpoint = `${method} ${path.split("?")[0]!.replace(/\/(!|%21|@|%40|\$|%24)[^/]+/gi, "/:id")}`;
      throw new MatrixHttpError(res.status, parsed.errcode as string | undefined, endpoint, String(parsed.error ?? ""));
    }
    return parsed as T;
  }

  /** Registers an appservice user (a puppet) if it does not exist yet. */
  async ensureUser(localpart: string, displayName?: string): Promise<string> {
    const userId = `@${localpart}:${this.botUserId.split(":").slice(1).join(":")}`;
    try {
      await this.call("POST", "/_matrix/client/v3/register", { type: "m.login.application_service", username: localpart, inhibit_login: true });
    } catch (err) {
      if (!(err instanceof MatrixHttpError && err.errcode === "M_USER_IN_USE")) throw err;
    }
    if (displayName) {
      await this.call("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(userId)}/displayname`, { displayname: displayName }, userId);
    }
    return userId;
  }

  /** Creates an SMS portal room through Wardroom's Synapse module (unencrypted by design). */
  async createPortalRoom(body: Record<string, unknown>): Promise<string> {
    const res = await this.call<{ room_id: string }>("POST", "/_synapse/client/wardroom/v1/sms_portal_room", body);
    return res.room_id;
  }

  async invite(roomId: string, userId: string, asUser?: string): Promise<void> {
    try {
      await this.call("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId }, asUser);
    } catch (err) {
      // Already invited or joined: nothing to do.
      if (!(err instanceof MatrixHttpError && err.status === 403 && /already in the room|is already joined|already invited/i.test(err.message))) throw err;
    }
  }

  async join(roomId: string, asUser?: string): Promise<void> {
    await this.call("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {}, asUser);
  }

  async sendEvent(roomId: string, type: string, content: Record<string, unknown>, asUser?: string, txnId: string = randomUUID()): Promise<string> {
    const res = await this.call<{ event_id: string }>(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`,
      content,
      asUser,
    );
    return res.event_id;
  }

  async sendNotice(roomId: string, body: string, extra: Record<string, unknown> = {}, asUser?: string, txnId?: string): Promise<string> {
    return this.sendEvent(roomId, "m.room.message", { msgtype: "m.notice", body, ...extra }, asUser, txnId);
  }

  async setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>, asUser?: string): Promise<string> {
    const res = await this.call<{ event_id: string }>(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
      content,
      asUser,
    );
    return res.event_id;
  }

  async redact(roomId: string, eventId: string, reason: string): Promise<void> {
    await this.call("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/${randomUUID()}`, { reason });
  }

  /** A read receipt from the puppet: the room shows the patient's phone received the text. */
  async sendReceipt(roomId: string, eventId: string, asUser: string): Promise<void> {
    await this.call("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/receipt/m.read/${encodeURIComponent(eventId)}`, {}, asUser);
  }

  /**
   * A private notice to one user (Synapse server notices: an unencrypted room only that user
   * and the server share), through Wardroom's Synapse module.
   */
  async serverNotice(userId: string, body: string): Promise<void> {
    await this.call("POST", "/_synapse/client/wardroom/v1/server_notice", { user_id: userId, body });
  }

  async ping(): Promise<boolean> {
    try {
      await this.call("GET", "/_matrix/client/v3/account/whoami");
      return true;
    } catch {
      return false;
    }
  }
}
