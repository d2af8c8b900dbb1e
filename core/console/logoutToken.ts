/**
 * OpenID Connect Back-Channel Logout 1.0: what a logout token must say once its signature,
 * issuer and audience are checked (admin-console/oidcLogin.ts does that with the provider's
 * keys). Pure: the claims in, the sessions to end or the one reason it is refused out.
 */
/** Where the identity provider sends the console's logout tokens (registered with its client). */
export const BACKCHANNEL_LOGOUT_PATH = "/login/backchannel-logout";

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** A logout token older than this is refused (the provider sends it as the session ends). */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 120;
/** Clocks of the provider and the console may disagree by this much. */
export const LOGOUT_TOKEN_CLOCK_SKEW_SECONDS = 60;

export type LogoutTokenProblem =
  | "no_logout_event"
  | "no_subject"
  | "nonce_present"
  | "no_jti"
  | "no_iat"
  | "too_old"
  | "issued_in_future";

/**
 * Which console sessions a logout token ends: the provider session `sid` when it names one
 * (one sign-in), else every session of `sub`; only sessions that existed when the token was
 * made (`createdBefore`, ms), so a replayed token can never end a later sign-in.
 */
export interface LogoutTarget {
  sub?: string;
  sid?: string;
  jti: string;
  createdBefore: number;
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 255;

export function logoutTarget(claims: Record<string, unknown>, nowMs: number): LogoutTarget | { problem: LogoutTokenProblem } {
  const events = claims.events;
  const event = events && typeof events === "object" && !Array.isArray(events) ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] : undefined;
  if (!event || typeof event !== "object" || Array.isArray(event)) return { problem: "no_logout_event" };
  // A nonce would make it an ID token passed off as a logout token.
  if (claims.nonce !== undefined) return { problem: "nonce_present" };
  const sub = nonEmpty(claims.sub) ? claims.sub : undefined;
  const sid = nonEmpty(claims.sid) ? claims.sid : undefined;
  if (!sub && !sid) return { problem: "no_subject" };
  if (!nonEmpty(claims.jti)) return { problem: "no_jti" };
  if (typeof claims.iat !== "number" || !Number.isFinite(claims.iat)) return { problem: "no_iat" };
  const nowSec = nowMs / 1000;
  if (claims.iat > nowSec + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) return { problem: "issued_in_future" };
  if (claims.iat < nowSec - LOGOUT_TOKEN_MAX_AGE_SECONDS - LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) return { problem: "too_old" };
  return { ...(sub ? { sub } : {}), ...(sid ? { sid } : {}), jti: claims.jti, createdBefore: Math.floor((claims.iat + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) * 1000) };
}
