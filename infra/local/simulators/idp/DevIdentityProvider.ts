import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration, type ErrorOut, type KoaContextWithOIDC } from "oidc-provider";

/**
 * The local stack's identity provider: a real OpenID Provider (the `oidc-provider` package,
 * certified by the OpenID Foundation) on loopback, standing in for the organisation's Entra
 * ID, Okta, Keycloak or Cognito. Synapse signs people in through it with its own OIDC support
 * (authorization code with PKCE), and later the console will too.
 *
 * People have a username, a password (kept in a file by the stack), a display name and
 * groups (`groups` claim). An administrator can disable a person (no more sign-ins) and send
 * a back-channel logout to every client they signed in to, the way an IdP ends a leaver's
 * sessions. That admin API is for the local stack and tests only: bearer token, loopback.
 */

export interface IdpUser {
  username: string;
  password: string;
  name: string;
  groups: string[];
  disabled?: boolean;
}

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Where back-channel logout tokens go (Synapse: /_synapse/client/oidc/backchannel_logout). */
  backchannelLogoutUri?: string;
}

export interface DevIdpOptions {
  host: string;
  port: number;
  clients: IdpClient[];
  users: IdpUser[];
  /** Bearer token of the admin API (disable, logout, groups). */
  adminToken: string;
}

export interface DevIdp {
  issuer: string;
  server: Server;
  /** Signs the person out of every client (back-channel logout); answers how many sessions. */
  logout(username: string): Promise<number>;
  setDisabled(username: string, disabled: boolean): void;
  setGroups(username: string, groups: string[]): void;
  addUser(user: IdpUser): void;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 8 * 1024;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * `form-action` also governs where a form's redirects may go: the sign-in form ends, after a
 * few redirects, at a client's redirect URI, so `formTargets` lists those origins too.
 */
function send(res: ServerResponse, status: number, html: string, formTargets = "'self'"): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'none'; form-action ${formTargets}; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(html);
}

/** The request body as text, or null when it is larger than a form can be. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const body = await readBody(req);
  return body === null ? null : new URLSearchParams(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const body = await readBody(req);
  try {
    const parsed: unknown = body === null ? null : JSON.parse(body);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startDevIdp(o: DevIdpOptions): Promise<DevIdp> {
  const issuer = `http://${o.host}:${o.port}`;
  const formTargets = ["'self'", ...new Set(o.clients.flatMap((c) => c.redirectUris.map((u) => new URL(u).origin)))].join(" ");
  const reply = (res: ServerResponse, status: number, html: string) => send(res, status, html, formTargets);
  const users = new Map(o.users.map((u) => [u.username, { ...u }]));
  /** Sessions per person, for back-channel logout: client id and session id. */
  const sessions = new Map<string, Array<{ clientId: string; sid: string }>>();
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };

  const configuration: Configuration = {
    clients: o.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      ...(c.backchannelLogoutUri ? { backchannel_logout_uri: c.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], groups: ["groups"] },
    scopes: ["openid", "profile", "groups"],
    // Synapse reads the claims from the ID token (or userinfo): both carry them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: true } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const user = users.get(sub);
      if (!user || user.disabled) return undefined;
      return {
        accountId: sub,
        async claims() {
          const current = users.get(sub) ?? user;
          return { sub, name: current.name, preferred_username: current.username, groups: current.groups };
        },
      };
    },
    ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, AccessToken: 600, IdToken: 3600 },
    // oidc-provider refuses outgoing requests to loopback and private addresses (its SSRF
    // guard). Its only outgoing requests are back-channel logouts to the clients configured
    // above, which on the local stack are on 127.0.0.1: this development provider sends them
    // without the guard. A real IdP never needs this.
    fetch: (url: string | URL | Request, options?: RequestInit) => {
      const { dispatcher: _ignored, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    renderError(ctx: KoaContextWithOIDC, out: ErrorOut) {
      ctx.type = "html";
      ctx.body = page("Sign-in error", `<p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? "")}</p>`);
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on("authorization.success", (ctx: KoaContextWithOIDC) => {
    const session = ctx.oidc.session;
    const clientId = ctx.oidc.client?.clientId;
    const sid = clientId && session ? session.sidFor(clientId) : undefined;
    if (!session?.accountId || !clientId || !sid) return;
    const list = sessions.get(session.accountId) ?? [];
    if (!list.some((s) => s.clientId === clientId && s.sid === sid)) list.push({ clientId, sid });
    sessions.set(session.accountId, list);
  });
  const oidc = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return reply(res, 400, page("Sign in", "<p>This sign-in has expired; start again from your app.</p>"));
    const prompt = details.prompt;
    if (prompt.name === "consent") {
      // First-party clients of the organisation: consent is implied, as at a hospital's IdP.
      const params = details.params as { client_id: string };
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId, clientId: params.client_id });
      const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant!.save();
      return void (await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
    }
    const form = (error = "") =>
      page(
        "Sign in to Wardroom (development identity provider)",
        `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p></form>`,
      );
    if (req.method === "GET") return reply(res, 200, form());
    if (req.method !== "POST" || action !== "login") return reply(res, 405, page("Sign in", "<p>Method not allowed</p>"));
    const body = await readForm(req);
    if (!body) return reply(res, 413, page("Sign in", "<p>Too large</p>"));
    const user = users.get(body.get("username") ?? "");
    const ok = user !== undefined && !user.disabled && sameSecret(body.get("password") ?? "", user.password);
    // The same answer for an unknown user, a wrong password and a disabled account.
    if (!ok) return reply(res, 401, form("Wrong username or password, or the account is disabled."));
    await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const auth = req.headers.authorization ?? "";
    if (!sameSecret(auth, `Bearer ${o.adminToken}`)) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorized" }));
      return;
    }
    const [, , username, verb] = parts;
    const json = (status: number, body: unknown) => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (!username && req.method === "POST") {
      // A joiner: {username, password, name, groups}.
      const body = await readJson(req);
      if (!body || typeof body.username !== "string" || !/^[a-z0-9._-]{1,64}$/.test(body.username) || typeof body.password !== "string" || typeof body.name !== "string" || !Array.isArray(body.groups)) {
        return json(400, { error: "username, password, name and groups are required" });
      }
      api.addUser({ username: body.username, password: body.password, name: body.name, groups: body.groups.map(String) });
      return json(200, { username: body.username });
    }
    const user = username ? users.get(decodeURIComponent(username)) : undefined;
    if (!user || req.method !== "POST") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    if (verb === "groups") {
      const body = await readJson(req);
      if (!body || !Array.isArray(body.groups)) return json(400, { error: "groups is required" });
      api.setGroups(user.username, body.groups.map(String));
      return json(200, { username: user.username, groups: body.groups });
    }
    if (verb === "disable") api.setDisabled(user.username, true);
    else if (verb === "enable") api.setDisabled(user.username, false);
    else if (verb === "logout") {
      const n = await api.logout(user.username);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sessions: n }));
      return;
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ username: user.username, disabled: Boolean(user.disabled) }));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const parts = url.pathname.split("/").filter(Boolean);
    const handle = async () => {
      if (parts[0] === "interaction" && parts[1]) return interaction(req, res, parts[1], parts[2]);
      if (parts[0] === "admin" && parts[1] === "users") return admin(req, res, parts);
      return oidc(req, res);
    };
    handle().catch(() => {
      // Never a stack trace to the browser; an expired interaction is the usual cause.
      if (!res.headersSent) reply(res, 400, page("Sign in", "<p>This sign-in could not continue; start again from your app.</p>"));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });

  const api: DevIdp = {
    issuer,
    server,
    async logout(username) {
      const list = sessions.get(username) ?? [];
      sessions.delete(username);
      let n = 0;
      for (const s of list) {
        // The typings leave out the Client model's backchannelLogout (oidc-provider 9).
        const client = (await provider.Client.find(s.clientId)) as unknown as { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
        if (!client?.backchannelLogoutUri) continue;
        await client.backchannelLogout(username, s.sid);
        n++;
      }
      return n;
    },
    setDisabled(username, disabled) {
      const u = users.get(username);
      if (u) u.disabled = disabled;
    },
    setGroups(username, groups) {
      const u = users.get(username);
      if (u) u.groups = [...groups];
    },
    addUser(user) {
      users.set(user.username, { ...user });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
