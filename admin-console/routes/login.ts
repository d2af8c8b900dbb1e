import { createHash, randomBytes } from "node:crypto";
import type { SessionData } from "express-session";
import type { Request, Response } from "express";
import { isRole, type Role } from "../../core/roles/index.ts";
import { permissionsOf, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { TotpChecker } from "../totp.ts";

const LOCALPART = /^[a-z0-9._=\-/]{1,255}$/;
const NOTICES: Record<string, string> = {
  idle: "You were signed out after a period of inactivity.",
  expired: "Your session reached its maximum length; sign in again.",
  user: "You are signed out.",
  idp: "Your session at your organisation's sign-in service ended, so you were signed out here too.",
};

const hashOf = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * The session cookie is SameSite=Strict, so a browser coming back from the identity provider
 * (another site in production) does not send it on the callback. The sign-in in flight is
 * therefore kept server-side under a random id in a SameSite=Lax cookie of its own, scoped to
 * the callback path and ten minutes; after the callback a page of the console itself moves on
 * (a same-site navigation, which sends the new Strict session cookie).
 */
const LOGIN_COOKIE = "wardroom-console-login";
const LOGIN_TTL_MS = 10 * 60_000;

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

const safeReturn = (to: string | undefined) => (to && to.startsWith("/") && !to.startsWith("//") ? to : "/");

/** The roles the group claim gives, through the policy's identity.sso.groupRoles. */
function rolesFromGroups(groups: unknown, mapping: Record<string, string>): Role[] {
  if (!Array.isArray(groups)) return [];
  const out = new Set<Role>();
  for (const g of groups) if (typeof g === "string" && Object.hasOwn(mapping, g) && isRole(mapping[g]!)) out.add(mapping[g] as Role);
  return [...out].sort();
}

/**
 * `/login` (choose how to sign in), `/login/oidc` -> the identity provider -> `/login/callback`,
 * `POST /login/breakglass` (password + TOTP), `POST /logout`. Every refusal is audited as
 * `console.login_failed` without the name that was typed; every sign-in as `console.logged_in`.
 */
export function registerLoginPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const { deps, loginLimiter } = ctx;
  const totp = new TotpChecker(deps.clock);
  const sso = deps.policy.identity.sso;

  const render = (res: Response, status: number, extra: { error?: string; notice?: string } = {}) =>
    res.status(status).render("login", { title: "Sign in", oidc: Boolean(deps.oidc), breakGlass: Boolean(deps.breakGlass), ...extra });

  const failed = async (req: Request, res: Response, reason: string, typedUser?: string) => {
    await deps.audit.append({ actor: "console:anonymous", action: "console.login_failed", details: { reason, ...(typedUser ? { userHash: hashOf(typedUser) } : {}) } });
    render(res, 401, { error: "Sign-in failed. Check what you entered, or ask an administrator for access." });
  };

  /** A fresh session id at sign-in (no fixation), then the audit record, then the page asked for. */
  const store = deps.sessionStore;
  const storeSet = (key: string, data: SessionData) => new Promise<void>((resolve, reject) => store.set(key, data, (err) => (err ? reject(err as Error) : resolve())));
  const storeTake = (key: string) =>
    new Promise<(SessionData & { loginReturnTo?: string }) | null>((resolve, reject) =>
      store.get(key, (err, data) => (err ? reject(err as Error) : store.destroy(key, () => resolve((data as (SessionData & { loginReturnTo?: string }) | null | undefined) ?? null)))),
    );
  const tls = deps.settings.publicUrl.startsWith("https:");

  const signIn = (req: Request, res: Response, userId: string, method: "oidc" | "breakglass", roles: readonly string[], returnTo = req.session.returnTo, idp: { idpSub?: string; idpSid?: string } = {}) => {
    req.session.regenerate((err) => {
      if (err) return ctx.refuse(res, 503, "The session store cannot be reached; try again shortly.");
      const now = deps.clock().getTime();
      Object.assign(req.session, { userId, method, createdAt: now, lastSeenAt: now, ...idp });
      void deps.audit
        .append({ actor: userId, action: "console.logged_in", target: userId, details: { method, roles: [...roles] } })
        .then(() =>
          method === "oidc"
            ? res.render("signed-in", { title: "Signed in", next: safeReturn(returnTo), refreshSeconds: 0, refreshUrl: safeReturn(returnTo) })
            : res.redirect(303, safeReturn(returnTo)),
        );
    });
  };

  r.get("login", "/login", (req, res) => {
    if (req.session.userId) return res.redirect(303, "/");
    const ended = typeof req.query.ended === "string" ? NOTICES[req.query.ended] : undefined;
    render(res, 200, ended ? { notice: ended } : {});
  });

  r.get("login_oidc", "/login/oidc", loginLimiter, async (req, res) => {
    if (!deps.oidc) return ctx.refuse(res, 404, "Single sign-on is not configured for this console.");
    let started;
    try {
      started = await deps.oidc.start();
    } catch {
      return ctx.refuse(res, 503, "The identity provider cannot be reached; try again shortly.");
    }
    const loginId = randomBytes(18).toString("base64url");
    try {
      await storeSet(`login:${loginId}`, { cookie: { originalMaxAge: LOGIN_TTL_MS }, pendingLogin: started.pending, loginReturnTo: req.session.returnTo } as unknown as SessionData);
    } catch {
      return ctx.refuse(res, 503, "The session store cannot be reached; try again shortly.");
    }
    res.cookie(LOGIN_COOKIE, loginId, { httpOnly: true, sameSite: "lax", secure: tls, path: "/login/callback", maxAge: LOGIN_TTL_MS });
    res.redirect(303, started.url);
  });

  r.get("login_callback", "/login/callback", loginLimiter, async (req, res) => {
    const loginId = cookieValue(req, LOGIN_COOKIE);
    res.clearCookie(LOGIN_COOKIE, { path: "/login/callback" });
    const inFlight = loginId && /^[A-Za-z0-9_-]{24}$/.test(loginId) ? await storeTake(`login:${loginId}`) : null;
    const pending = inFlight?.pendingLogin;
    if (!deps.oidc || !pending) return failed(req, res, "no_pending_login");
    let claims: Record<string, unknown>;
    try {
      claims = await deps.oidc.finish(new URL(req.originalUrl, deps.settings.publicUrl), pending);
    } catch {
      return failed(req, res, "oidc_refused");
    }
    const localpart = claims[sso.localpartClaim];
    if (typeof localpart !== "string" || !LOCALPART.test(localpart)) return failed(req, res, "bad_localpart");
    const userId = `@${localpart}:${deps.settings.serverName}`;
    // The group claim is the identity provider's word now: the SSO roles become exactly these.
    const change = await deps.roles.setRoles(userId, rolesFromGroups(claims[sso.groupsClaim], sso.groupRoles), "sso");
    if (change.added.length > 0 || change.removed.length > 0) {
      await deps.audit.append({ actor: userId, action: "user.roles_changed", target: userId, details: { added: change.added, removed: change.removed, source: "sso" } });
    }
    const roles = await deps.roles.rolesOf(userId);
    if (permissionsOf(deps.policy, roles).size === 0) {
      await deps.audit.append({ actor: userId, action: "console.login_failed", target: userId, details: { reason: "no_console_role" } });
      return render(res, 403, { error: "You are signed in at your organisation, but none of your roles gives access to the console." });
    }
    // What a back-channel logout will name: the provider's subject and its session id.
    const idp = { ...(typeof claims.sub === "string" ? { idpSub: claims.sub } : {}), ...(typeof claims.sid === "string" ? { idpSid: claims.sid } : {}) };
    signIn(req, res, userId, "oidc", roles, inFlight.loginReturnTo, idp);
  });

  r.post("login_breakglass", "/login/breakglass", loginLimiter, async (req, res) => {
    const bg = deps.breakGlass;
    if (!bg) return ctx.refuse(res, 404, "Break-glass sign-in is not configured for this console.");
    const body = req.body as Record<string, unknown>;
    const userId = typeof body.userId === "string" ? body.userId.trim().slice(0, 255) : "";
    const password = typeof body.password === "string" ? body.password.slice(0, 1024) : "";
    const code = typeof body.code === "string" ? body.code.trim() : "";
    // The password first, so that a wrong one does not use up the code's time step.
    const ok = userId === bg.userId && password !== "" && (await bg.verifyPassword(userId, password).catch(() => false)) && (await totp.check(userId, bg.totpSecret, code));
    if (!ok) return failed(req, res, "breakglass_credentials", userId || undefined);
    signIn(req, res, userId, "breakglass", await deps.roles.rolesOf(userId));
  });

  r.post("logout", "/logout", (req, res) => {
    const userId = req.session.userId!;
    req.session.destroy(() => {
      void deps.audit.append({ actor: userId, action: "console.logged_out", target: userId, details: { reason: "user" } }).then(() => res.redirect(303, "/login?ended=user"));
    });
  });
}
