import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ClientEvent, createClient, type MatrixClient } from "matrix-js-sdk";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { logger } from "matrix-js-sdk/lib/logger.js";
import { sdkLogger } from "../../runtime/matrixSdk.ts";
import type { StackInfo } from "../../infra/local/stack.ts";
import { readPassword } from "./stack.ts";

// matrix-js-sdk logs every request at debug level; tests only want its warnings. Its logger is
// a loglevel instance, whose setLevel the SDK's typings leave out.
(logger as unknown as { setLevel(level: string): void }).setLevel("warn");

/** A real matrix-js-sdk client logged in as one of the stack's accounts. */
export async function loginAs(stack: StackInfo, account: { userId: string; passwordFile: string }): Promise<MatrixClient> {
  const anon = createClient({ baseUrl: stack.homeserver.url });
  const res = await anon.loginRequest({
    type: "m.login.password",
    identifier: { type: "m.id.user", user: account.userId },
    password: readPassword(account.passwordFile),
    initial_device_display_name: "wardroom-test",
  });
  return createClient({ baseUrl: stack.homeserver.url, accessToken: res.access_token, userId: res.user_id, deviceId: res.device_id, logger: sdkLogger(undefined) });
}

/** Like loginAs, with matrix-js-sdk's Rust crypto and a running sync: for encrypted rooms. */
export async function loginWithCrypto(stack: StackInfo, account: { userId: string; passwordFile: string }): Promise<MatrixClient> {
  const client = await loginAs(stack, account);
  await client.initRustCrypto({ useIndexedDB: false });
  await new Promise<void>((resolve) => {
    client.once(ClientEvent.Sync, () => resolve());
    void client.startClient({ initialSyncLimit: 0 });
  });
  return client;
}

export function clinician(stack: StackInfo, index = 0): { userId: string; passwordFile: string } {
  const found = stack.demoUsers.filter((u) => u.role === "clinician")[index];
  if (!found) throw new Error(`the stack has no clinician #${index}`);
  return found;
}

/** A raw client-server request, for endpoints the SDK does not wrap or should not be used for. */
export async function rawRequest(
  stack: StackInfo,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack.homeserver.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body };
}

/**
 * A fresh account for one test (the demo users are shared by every test file), made by
 * shared-secret registration, which itself leaves one device behind.
 */
export async function registerUser(stack: StackInfo, name: string): Promise<{ userId: string; password: string }> {
  const localpart = `${name}.${randomBytes(3).toString("hex")}`;
  const password = randomBytes(12).toString("hex");
  const sharedSecret = readFileSync(stack.internal.registrationSharedSecretFile, "utf8").trim();
  await new SynapseClient({ baseUrl: stack.homeserver.url }).registerWithSharedSecret({ sharedSecret, username: localpart, password, admin: false });
  return { userId: `@${localpart}:${stack.homeserver.serverName}`, password };
}
