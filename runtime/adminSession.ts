import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { InputError } from "../core/errors.ts";
import { SynapseClient } from "./synapse/index.ts";
import { repoRoot, stateDir } from "./paths.ts";

/** A server-admin session for the commands that act on accounts, and who is acting. */
export interface AdminSession {
  client: SynapseClient;
  /** The Matrix id of the person whose credentials are used: the actor of audit records. */
  actor: string;
  homeserverUrl: string;
  close(): Promise<void>;
}

interface StackFile {
  homeserver?: { url?: string };
  admin?: { userId?: string; passwordFile?: string };
}

/**
 * Opens an admin session. Credentials come from `$WARDROOM_ADMIN_TOKEN` (an access token of
 * a server admin; never a command-line flag, which other users of the machine can read) with
 * `$WARDROOM_HOMESERVER_URL`, or else from the local stack (`stack.json` and its admin
 * password file). A password login is logged out again on close, so commands leave no devices.
 */
export async function openAdminSession(homeserverOverride?: string): Promise<AdminSession> {
  const stackFile = join(stateDir(), "local", "stack.json");
  const stack: StackFile | undefined = existsSync(stackFile) ? (JSON.parse(readFileSync(stackFile, "utf8")) as StackFile) : undefined;
  const homeserverUrl = homeserverOverride ?? process.env.WARDROOM_HOMESERVER_URL ?? stack?.homeserver?.url;
  if (!homeserverUrl) throw new InputError("--homeserver: no homeserver URL (set WARDROOM_HOMESERVER_URL, pass --homeserver, or start the local stack)");
  const anonymous = new SynapseClient({ baseUrl: homeserverUrl });
  const token = process.env.WARDROOM_ADMIN_TOKEN;
  if (token) {
    const client = anonymous.withToken(token);
    const actor = await whoami(client, "WARDROOM_ADMIN_TOKEN");
    await assertServerAdmin(client, actor, "WARDROOM_ADMIN_TOKEN");
    return { client, actor, homeserverUrl, close: async () => undefined };
  }
  const admin = stack?.admin;
  if (!admin?.userId || !admin.passwordFile) throw new InputError("WARDROOM_ADMIN_TOKEN: not set, and no local stack is running to sign in as its administrator");
  const passwordFile = isAbsolute(admin.passwordFile) ? admin.passwordFile : join(repoRoot, admin.passwordFile);
  const password = readFileSync(passwordFile, "utf8").trim();
  const login = await anonymous.loginWithPassword(admin.userId, password, "wardroom cli");
  const client = anonymous.withToken(login.accessToken);
  return {
    client,
    actor: login.userId,
    homeserverUrl,
    close: async () => {
      await client.request("POST", "/_matrix/client/v3/logout", { body: {} }).catch(() => undefined);
    },
  };
}

/** Refuses before anything is done, rather than failing half-way through a wipe. */
async function assertServerAdmin(client: SynapseClient, actor: string, field: string): Promise<void> {
  try {
    const res = await client.request<{ admin: boolean }>("GET", `/_synapse/admin/v1/users/${encodeURIComponent(actor)}/admin`);
    if (res.admin) return;
  } catch {
    // A non-admin is refused by the endpoint itself (403): the same answer as below.
  }
  throw new InputError(`${field}: ${actor} is not a server administrator`);
}

async function whoami(client: SynapseClient, field: string): Promise<string> {
  try {
    return (await client.request<{ user_id: string }>("GET", "/_matrix/client/v3/account/whoami")).user_id;
  } catch (err) {
    throw new InputError(`${field}: the homeserver does not accept this token (${err instanceof Error ? err.message : String(err)})`);
  }
}
