import type { Request, RequestHandler, Response } from "express";
import { logoutTarget, LOGOUT_TOKEN_MAX_AGE_SECONDS, LOGOUT_TOKEN_CLOCK_SKEW_SECONDS } from "../../core/console/logoutToken.ts";
import type { ConsoleDeps } from "../deps.ts";
import { isBadLogoutToken, type LogoutTokenVerifier } from "../oidcLogin.ts";

/** The most logout-token ids remembered (each for the token's acceptance window). */
const MAX_REMEMBERED = 10_000;
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * `POST /login/backchannel-logout`: OpenID Connect Back-Channel Logout 1.0, the identity
 * provider ending people's console sessions when their session there ends (a leaver, a stolen
 * laptop, "sign out everywhere"). Server to server: no cookie, no Origin, no CSRF token; the
 * signed logout token is the credential. A valid token marks the sessions it names ended and
 * audits each as `console.logged_out` (reason identity_provider): the person's next request
 * lands on the sign-in page, told why. Anything else is 400 without a word of why to the
 * caller (the refusal is audited, aggregated per minute, through `refused`).
 */
export function backchannelLogout(deps: Pick<ConsoleDeps, "sessionStore" | "audit" | "clock"> & { oidc?: LogoutTokenVerifier | undefined }, refused: (req: Request) => void): RequestHandler {
  /** jti -> when it may be forgotten (ms): a token is accepted once. */
  const seen = new Map<string, number>();
  const remember = (jti: string, now: number): boolean => {
    for (const [k, until] of seen) {
      if (until > now && seen.size < MAX_REMEMBERED) break;
      seen.delete(k); // oldest first (insertion order): expired, or over the bound
    }
    if (seen.has(jti)) return false;
    seen.set(jti, now + (LOGOUT_TOKEN_MAX_AGE_SECONDS + 2 * LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) * 1000);
    return true;
  };
  const refuse = (req: Request, res: Response) => {
    refused(req);
    res.status(400).json({ error: "invalid_request" });
  };

  return (req, res) => {
    res.set("cache-control", "no-store");
    const oidc = deps.oidc;
    if (!oidc) return void res.status(404).json({ error: "single sign-on is not configured" });
    const token = (req.body as Record<string, unknown> | undefined)?.logout_token;
    if (typeof token !== "string" || token.length > 8192 || !TOKEN.test(token)) return refuse(req, res);
    void (async () => {
      let claims: Record<string, unknown>;
      try {
        claims = await oidc.verifyLogoutToken(token);
      } catch (err) {
        if (isBadLogoutToken(err)) return refuse(req, res);
        // The provider's metadata or keys out of reach (or a timeout): not the token's fault.
        return void res.status(503).json({ error: "temporarily_unavailable" });
      }
      const now = deps.clock().getTime();
      const target = logoutTarget(claims, now);
      if ("problem" in target || !remember(target.jti, now)) return refuse(req, res);
      try {
        const ended = await deps.sessionStore.endSessions(target, "identity_provider");
        for (const s of ended) {
          const actor = s.userId ?? "console:anonymous";
          await deps.audit.append({ actor, action: "console.logged_out", target: s.userId, details: { reason: "identity_provider" } });
        }
        res.status(200).end();
      } catch {
        // The provider retries a logout that did not succeed (its spec: a non-200 answer).
        seen.delete(target.jti);
        res.status(503).json({ error: "temporarily_unavailable" });
      }
    })();
  };
}
