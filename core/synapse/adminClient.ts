import { registrationMac } from "./sharedSecretRegistration.ts";

/** The HTTP side effect the client needs; processes pass the global fetch. */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

/** A Matrix error answer (`errcode`) with the HTTP status; never carries request bodies. */
export class MatrixHttpError extends Error {
  readonly endpoint: string;
  constructor(
    readonly status: number,
    readonly errcode: string | undefined,
    endpoint: string,
    detail: string,
  ) {
    const e = scrubIdentifiers(endpoint);
    super(`${e}: HTTP ${status}${errcode ? ` ${errcode}` : ""}${detail ? `: ${scrubIdentifiers(detail)}` : ""}`);
    this.name = "MatrixHttpError";
    this.endpoint = e;
  }
}

/**
 * Removes what could identify a patient from text bound for logs: SMS puppet ids embed the
 * phone number (`@sms_15551234567:server`, also URL-encoded), and long digit runs may be one.
 */
export function scrubIdentifiers(text: string): string {
  return text
    .replace(/(@|%40)sms_[0-9]+((:|%3A)[^\s/?&"']*)?/gi, "$1sms_…")
    .replace(/\+?[0-9][0-9 ().-]{8,}[0-9]/g, "…");
}

/**
 * A small client for the Synapse admin and client-server endpoints Wardroom's processes need.
 * Pure of I/O itself: it takes the fetch function to use.
 */
export class SynapseAdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike,
    private accessToken?: string,
  ) {}

  withToken(token: string): SynapseAdminClient {
    return new SynapseAdminClient(this.baseUrl, this.fetchFn, token);
  }

  async request<T>(method: string, path: string, body?: unknown, endpointName = path.split("?")[0] ?? path): Promise<T> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    const res = await this.fetchFn(`${this.baseUrl.replace(/\/$/, "")}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { error: text.slice(0, 200) };
    }
    if (!res.ok) {
      const err = parsed as { errcode?: string; error?: string };
      throw new MatrixHttpError(res.status, err.errcode, `${method} ${endpointName}`, err.error ?? "");
    }
    return parsed as T;
  }

  async isHealthy(): Promise<boolean> {
    try {
      const res = await this.fetchFn(`${this.baseUrl.replace(/\/$/, "")}/health`);
      return res.ok && (await res.text()).trim() === "OK";
    } catch {
      return false;
    }
  }

  /**
   * Creates an account through shared-secret registration. Returns false when the account
   * already exists (a second run reuses state).
   */
  async registerWithSharedSecret(args: {
    sharedSecret: string;
    username: string;
    password: string;
    admin: boolean;
    displayName?: string;
  }): Promise<boolean> {
    const path = "/_synapse/admin/v1/register";
    const { nonce } = await this.request<{ nonce: string }>("GET", path);
    const mac = registrationMac({ sharedSecret: args.sharedSecret, nonce, username: args.username, password: args.password, admin: args.admin });
    try {
      await this.request("POST", path, {
        nonce,
        username: args.username,
        password: args.password,
        admin: args.admin,
        displayname: args.displayName,
        mac,
      });
      return true;
    } catch (err) {
      if (err instanceof MatrixHttpError && err.errcode === "M_USER_IN_USE") return false;
      throw err;
    }
  }

  async loginWithPassword(userId: string, password: string, deviceName = "wardroom"): Promise<{ accessToken: string; deviceId: string; userId: string }> {
    const res = await this.request<{ access_token: string; device_id: string; user_id: string }>("POST", "/_matrix/client/v3/login", {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: userId },
      password,
      initial_device_display_name: deviceName,
    });
    return { accessToken: res.access_token, deviceId: res.device_id, userId: res.user_id };
  }

  /** Sets or resets a user's password (admin API); used when a stored password file is newer than the account. */
  async setPassword(userId: string, password: string): Promise<void> {
    await this.request("PUT", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`, { password, logout_devices: false });
  }
}
