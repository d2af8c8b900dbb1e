import { randomUUID } from "node:crypto";
import { registrationMac } from "../../core/synapse/sharedSecretRegistration.ts";
import { MatrixHttpError } from "./MatrixHttpError.ts";

/** The HTTP side effect the client needs; the global fetch by default, a fake in tests. */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;

export interface SynapseClientOptions {
  baseUrl: string;
  /** An access token, or the appservice's as_token (then `asUser` masquerades as its users). */
  token?: string;
  fetch?: FetchLike;
  /** Per request; a request that takes longer fails with MatrixHttpError status 0. */
  timeoutMs?: number;
}

export interface RequestOptions {
  body?: unknown;
  /** Appservice masquerading: act as this user (`?user_id=`). */
  asUser?: string;
}

export interface StateEvent {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
  sender: string;
}

export interface RoomEvent {
  event_id: string;
  type: string;
  sender: string;
  content: Record<string, unknown>;
  unsigned?: Record<string, unknown>;
}

/**
 * The one HTTP client for the homeserver, used by every process and by the tests: the
 * client-server API (as a user or as the appservice), Synapse's admin API and Wardroom's
 * module endpoints. Every failure is a MatrixHttpError; endpoints in errors carry no ids.
 */
export class SynapseClient {
  readonly #o: Required<Omit<SynapseClientOptions, "token">> & { token?: string };

  constructor(o: SynapseClientOptions) {
    this.#o = { baseUrl: o.baseUrl.replace(/\/$/, ""), token: o.token, fetch: o.fetch ?? fetch, timeoutMs: o.timeoutMs ?? 15_000 };
  }

  get baseUrl(): string {
    return this.#o.baseUrl;
  }

  withToken(token: string): SynapseClient {
    return new SynapseClient({ ...this.#o, token });
  }

  /** `PUT /_matrix/client/v3/rooms/:id/send/:id/:id`: the endpoint as errors and logs name it. */
  static endpointName(method: string, path: string): string {
    return `${method} ${path.split("?")[0]!.replace(/\/(!|%21|@|%40|\$|%24)[^/]+/gi, "/:id")}`;
  }

  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.#o.baseUrl}${path}`);
    if (o.asUser) url.searchParams.set("user_id", o.asUser);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.#o.token) headers.authorization = `Bearer ${this.#o.token}`;
    const endpoint = SynapseClient.endpointName(method, path);
    let status: number;
    let text: string;
    try {
      const res = await this.#o.fetch(url.toString(), {
        method,
        headers,
        ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new MatrixHttpError(0, undefined, endpoint, (err as Error).name === "TimeoutError" ? "timed out" : "unreachable");
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    if (status < 200 || status > 299) throw new MatrixHttpError(status, parsed.errcode as string | undefined, endpoint, String(parsed.error ?? ""));
    return parsed as T;
  }

  async isHealthy(): Promise<boolean> {
    try {
      const res = await this.#o.fetch(`${this.#o.baseUrl}/health`, { signal: AbortSignal.timeout(this.#o.timeoutMs) });
      return res.ok && (await res.text()).trim() === "OK";
    } catch {
      return false;
    }
  }

  // --- accounts -----------------------------------------------------------------------------

  /** Shared-secret registration. False when the account already exists (a second run reuses state). */
  async registerWithSharedSecret(args: { sharedSecret: string; username: string; password: string; admin: boolean; displayName?: string }): Promise<boolean> {
    const path = "/_synapse/admin/v1/register";
    const { nonce } = await this.request<{ nonce: string }>("GET", path);
    const mac = registrationMac({ sharedSecret: args.sharedSecret, nonce, username: args.username, password: args.password, admin: args.admin });
    try {
      await this.request("POST", path, { body: { nonce, username: args.username, password: args.password, admin: args.admin, displayname: args.displayName, mac } });
      return true;
    } catch (err) {
      if (err instanceof MatrixHttpError && err.errcode === "M_USER_IN_USE") return false;
      throw err;
    }
  }

  /** Registers an appservice user (a puppet); false when it exists already. */
  async registerAppserviceUser(localpart: string): Promise<boolean> {
    try {
      await this.request("POST", "/_matrix/client/v3/register", { body: { type: "m.login.application_service", username: localpart, inhibit_login: true } });
      return true;
    } catch (err) {
      if (err instanceof MatrixHttpError && err.errcode === "M_USER_IN_USE") return false;
      throw err;
    }
  }

  async loginWithPassword(userId: string, password: string, deviceName = "wardroom"): Promise<{ accessToken: string; deviceId: string; userId: string }> {
    const res = await this.request<{ access_token: string; device_id: string; user_id: string }>("POST", "/_matrix/client/v3/login", {
      body: { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password, initial_device_display_name: deviceName },
    });
    return { accessToken: res.access_token, deviceId: res.device_id, userId: res.user_id };
  }

  /** Sets or resets a user's password (admin API). */
  async setPassword(userId: string, password: string): Promise<void> {
    await this.request("PUT", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`, { body: { password, logout_devices: false } });
  }

  async setDisplayName(userId: string, displayName: string, asUser?: string): Promise<void> {
    await this.request("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(userId)}/displayname`, { body: { displayname: displayName }, asUser });
  }

  async whoami(asUser?: string): Promise<string> {
    return (await this.request<{ user_id: string }>("GET", "/_matrix/client/v3/account/whoami", { asUser })).user_id;
  }

  /**
   * The appservice ping (client-server API v1.7): the homeserver calls the appservice's own
   * `/_matrix/app/v1/ping` and answers how long that took. As a side effect Synapse retries a
   * backed-off appservice at once; the bridge relies on that after an outage.
   */
  async appservicePing(appserviceId: string, transactionId: string): Promise<{ durationMs: number }> {
    const res = await this.request<{ duration_ms?: number }>("POST", `/_matrix/client/v1/appservice/${encodeURIComponent(appserviceId)}/ping`, { body: { transaction_id: transactionId } });
    return { durationMs: typeof res.duration_ms === "number" ? res.duration_ms : 0 };
  }

  /** Deletes one device (admin API): its access token stops working at once (a hard logout). */
  async deleteDevice(userId: string, deviceId: string): Promise<void> {
    await this.request("DELETE", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}/devices/${encodeURIComponent(deviceId)}`);
  }

  // --- rooms (client-server API) ------------------------------------------------------------

  async invite(roomId: string, userId: string, asUser?: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { body: { user_id: userId }, asUser });
  }

  async join(roomId: string, asUser?: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, { body: {}, asUser });
  }

  async sendEvent(roomId: string, type: string, content: Record<string, unknown>, o: { asUser?: string; txnId?: string } = {}): Promise<string> {
    const txn = o.txnId ?? randomUUID();
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txn)}`;
    return (await this.request<{ event_id: string }>("PUT", path, { body: content, asUser: o.asUser })).event_id;
  }

  async setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>, asUser?: string): Promise<string> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;
    return (await this.request<{ event_id: string }>("PUT", path, { body: content, asUser })).event_id;
  }

  /** The content of one state event as the caller sees it, or undefined when the room has none. */
  async stateEvent(roomId: string, type: string, stateKey = "", asUser?: string): Promise<Record<string, unknown> | undefined> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;
    try {
      return await this.request<Record<string, unknown>>("GET", path, { asUser });
    } catch (err) {
      if (err instanceof MatrixHttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** The rooms the caller has joined. */
  async joinedRooms(asUser?: string): Promise<string[]> {
    return (await this.request<{ joined_rooms: string[] }>("GET", "/_matrix/client/v3/joined_rooms", { asUser })).joined_rooms;
  }

  async redact(roomId: string, eventId: string, reason: string, asUser?: string): Promise<void> {
    await this.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/${randomUUID()}`, { body: { reason }, asUser });
  }

  async sendReceipt(roomId: string, eventId: string, asUser?: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/receipt/m.read/${encodeURIComponent(eventId)}`, { body: {}, asUser });
  }

  // --- rooms (admin API) --------------------------------------------------------------------

  async listRooms(searchTerm?: string, limit = 100): Promise<Array<{ room_id: string; name: string | null }>> {
    const q = new URLSearchParams({ limit: String(limit), ...(searchTerm ? { search_term: searchTerm } : {}) });
    return (await this.request<{ rooms: Array<{ room_id: string; name: string | null }> }>("GET", `/_synapse/admin/v1/rooms?${q}`)).rooms;
  }

  async roomState(roomId: string): Promise<StateEvent[]> {
    return (await this.request<{ state: StateEvent[] }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`)).state;
  }

  /** Room events, oldest first, as the server has them (redacted ones have empty content). */
  async roomMessages(roomId: string, limit = 1000): Promise<RoomEvent[]> {
    return (await this.request<{ chunk: RoomEvent[] }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages?dir=f&limit=${limit}`)).chunk;
  }

  // --- Wardroom's Synapse module ------------------------------------------------------------

  /** Creates an SMS portal room through the module (unencrypted by design). */
  async createPortalRoom(body: Record<string, unknown>): Promise<string> {
    return (await this.request<{ room_id: string }>("POST", "/_synapse/client/wardroom/v1/sms_portal_room", { body })).room_id;
  }

  /** A private notice to one user through the module (in a private, non-federating room). */
  async serverNotice(userId: string, body: string, formattedBody?: string): Promise<void> {
    await this.request("POST", "/_synapse/client/wardroom/v1/server_notice", { body: { user_id: userId, body, ...(formattedBody !== undefined ? { formatted_body: formattedBody } : {}) } });
  }
}
