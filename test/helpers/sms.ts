import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackInfo } from "../../infra/local/stack.ts";
import { findPortalRoom } from "../../runtime/synapse/portalLookup.ts";
import { SynapseClient, type RoomEvent, type StateEvent } from "../../runtime/synapse/index.ts";
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

/**
 * The Synapse admin API as the stack's administrator, over runtime/synapse's one client (the
 * same client every process uses), with the few look-ups the tests share.
 */
export class AdminApi {
  private constructor(readonly client: SynapseClient) {}

  static async login(stack: StackInfo): Promise<AdminApi> {
    const anonymous = new SynapseClient({ baseUrl: stack.homeserver.url });
    const { accessToken } = await anonymous.loginWithPassword(stack.admin.userId, readPassword(stack.admin.passwordFile), "wardroom-tests");
    return new AdminApi(anonymous.withToken(accessToken));
  }

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.client.request<T>("GET", path);
  }

  /** The portal room of a number (found by the state event the bridge puts in it). */
  portalRoom(phone: string): Promise<string | undefined> {
    return findPortalRoom(this.client, phone);
  }

  /** Waits for the portal room of a number to exist. */
  waitForPortal(phone: string, timeoutMs = 30_000): Promise<string> {
    return eventually(`the portal room of ${phone}`, () => this.portalRoom(phone), timeoutMs);
  }

  state(roomId: string): Promise<StateEvent[]> {
    return this.client.roomState(roomId);
  }

  /** Room messages, oldest first, as the server has them (redacted ones have empty content). */
  async messages(roomId: string): Promise<RoomEvent[]> {
    return (await this.client.roomMessages(roomId)).filter((e) => e.type === "m.room.message");
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
