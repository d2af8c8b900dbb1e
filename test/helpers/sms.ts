import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackInfo } from "../../infra/local/stack.ts";
import { readPassword } from "./stack.ts";

/** The simulator's patient side (DESIGN.md contract). */
export async function patientTexts(stack: StackInfo, from: string, body: string): Promise<string> {
  const res = await fetch(`${stack.sms.simulatorUrl}/sms/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, body }),
  });
  if (res.status !== 202) throw new Error(`simulator answered ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

export interface OutboundText {
  id: string;
  to: string;
  from: string;
  body: string;
  sentAt: string;
}

export async function textsTo(stack: StackInfo, to: string): Promise<OutboundText[]> {
  const res = await fetch(`${stack.sms.simulatorUrl}/sms/outbound?to=${encodeURIComponent(to)}`);
  if (!res.ok) throw new Error(`simulator answered ${res.status}`);
  return (await res.json()) as OutboundText[];
}

/** Polls until `probe` returns a value (not undefined), or fails naming what it waited for. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const got = await probe();
      if (got !== undefined) return got;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}

/** A unique fictional US number per test (555 exchange) so tests never share a patient. */
let counter = 0;
export function uniquePhone(): string {
  counter += 1;
  const n = (process.pid * 37 + Date.now() + counter * 7919) % 10000;
  return `+1555${String(200 + (counter % 700)).padStart(3, "0")}${String(n).padStart(4, "0")}`;
}

export function bridgeSecret(stack: StackInfo, name: string): string {
  return readFileSync(join(stack.internal.stackDir, "sms-bridge", "secrets", name), "utf8").trim();
}

/** The Synapse admin API as the stack's administrator. */
export class AdminApi {
  private constructor(
    private readonly stack: StackInfo,
    private readonly token: string,
  ) {}

  static async login(stack: StackInfo): Promise<AdminApi> {
    const res = await fetch(`${stack.homeserver.url}/_matrix/client/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: stack.admin.userId }, password: readPassword(stack.admin.passwordFile) }),
    });
    const body = (await res.json()) as { access_token: string };
    return new AdminApi(stack, body.access_token);
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    const res = await fetch(`${this.stack.homeserver.url}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`GET ${path.split("?")[0]}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  /** The portal room of a number (found by the state event the bridge puts in it). */
  async portalRoom(phone: string): Promise<string | undefined> {
    const digits = phone.slice(1);
    const { rooms } = await this.get<{ rooms: Array<{ room_id: string; name: string | null }> }>(`/_synapse/admin/v1/rooms?search_term=${encodeURIComponent(digits.slice(-4))}&limit=100`);
    for (const room of rooms) {
      const state = await this.state(room.room_id);
      if (state.some((e) => e.type === "org.wardroom.sms_portal" && (e.content as { phone?: string }).phone === phone)) return room.room_id;
    }
    return undefined;
  }

  /** Waits for the portal room of a number to exist. */
  waitForPortal(phone: string): Promise<string> {
    return eventually(`the portal room of ${phone}`, () => this.portalRoom(phone));
  }

  async state(roomId: string): Promise<Array<{ type: string; state_key: string; content: Record<string, unknown>; sender: string }>> {
    return (await this.get<{ state: Array<{ type: string; state_key: string; content: Record<string, unknown>; sender: string }> }>(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`)).state;
  }

  /** Room messages, oldest first, as the server has them (redacted ones have empty content). */
  async messages(roomId: string): Promise<Array<{ event_id: string; type: string; sender: string; content: Record<string, unknown>; unsigned?: Record<string, unknown> }>> {
    const res = await this.get<{ chunk: Array<{ event_id: string; type: string; sender: string; content: Record<string, unknown>; unsigned?: Record<string, unknown> }> }>(
      `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages?dir=f&limit=1000`,
    );
    return res.chunk.filter((e) => e.type === "m.room.message");
  }

  async members(roomId: string): Promise<Record<string, string>> {
    const state = await this.state(roomId);
    return Object.fromEntries(state.filter((e) => e.type === "m.room.member").map((e) => [e.state_key, String(e.content.membership)]));
  }
}

/** Kills the stack's bridge process (SIGKILL) and waits until the stack has restarted it. */
export async function killBridge(stack: StackInfo): Promise<void> {
  const pid = Number(readFileSync(stack.internal.bridge.pidFile, "utf8"));
  process.kill(pid, "SIGKILL");
  await eventually("the bridge restarted", async () => {
    const now = Number(readFileSync(stack.internal.bridge.pidFile, "utf8"));
    return now !== pid && (await fetch(`${stack.internal.bridge.url}/health`).then((r) => r.ok).catch(() => false)) ? true : undefined;
  });
}
