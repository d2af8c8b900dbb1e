import type { IncomingMessage, ServerResponse } from "node:http";
import { constantTimeEqual } from "../../core/constantTime.ts";
import type { ScimCapabilities } from "../../core/identity/provisioning.ts";
import { isLocalUserId, syncSsoRoles } from "../../core/identity/ssoRoles.ts";

/** Where Synapse's login module posts a person's groups (infra/synapse/modules/wardroom_synapse/sso_groups.py). */
export const SSO_LOGIN_HOOK_PATH = "/_wardroom/identity/v1/sso_login";
const MAX_BODY = 64 * 1024;
const MAX_GROUPS = 1000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

/**
 * `POST {user_id, groups}` from Synapse during a single sign-on login, before the login is
 * issued: the groups become the person's "sso" roles. Its own bearer token (not the SCIM
 * token: Synapse must not be able to provision). Any refusal makes Synapse fail the login.
 */
export function createSsoLoginHook(o: { token: () => string; caps: Pick<ScimCapabilities, "roles" | "audit" | "policy" | "serverName">; log: (event: string, fields: Record<string, unknown>) => void }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "POST") return json(res, 405, { error: "POST only" });
    const presented = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
    if (!constantTimeEqual(presented, o.token())) {
      o.log("sso login hook refused", { reason: presented ? "wrong_token" : "no_token" });
      return json(res, 401, { error: "Authorization: a valid bearer token is required" });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return json(res, 413, { error: `body larger than ${MAX_BODY} bytes` });
      chunks.push(chunk);
    }
    let body: { user_id?: unknown; groups?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof body;
    } catch {
      return json(res, 400, { error: "body: not valid JSON" });
    }
    if (typeof body.user_id !== "string" || !isLocalUserId(body.user_id, o.caps.serverName)) return json(res, 400, { error: "user_id: must be a user of this homeserver" });
    if (!Array.isArray(body.groups) || body.groups.length > MAX_GROUPS || !body.groups.every((g) => typeof g === "string" && g.length <= 256)) {
      return json(res, 400, { error: `groups: must be a list of at most ${MAX_GROUPS} strings of at most 256 characters` });
    }
    try {
      const { roles } = await syncSsoRoles({ roles: o.caps.roles, audit: o.caps.audit, policy: o.caps.policy() }, body.user_id, body.groups as string[]);
      o.log("sso roles synced", { roles });
      return json(res, 200, { roles });
    } catch (err) {
      o.log("sso login hook failed", { error: (err as Error).name ?? "error" });
      return json(res, 503, { error: "the role directory could not be updated; the login is refused" });
    }
  };
}
