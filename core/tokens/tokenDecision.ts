import { scopeAllows, type TokenScope } from "./scopes.ts";

/** A token as its store keeps it (never the token text: only its hash). */
export interface StoredToken {
  id: string;
  owner: string;
  name: string;
  hint: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type TokenRefusal = "missing" | "malformed" | "unknown" | "expired" | "revoked" | "scope_missing" | "role_missing";

export type TokenDecision =
  | { ok: true; token: StoredToken }
  | { ok: false; status: 401 | 403; reason: TokenRefusal; token: StoredToken | null };

/**
 * Whether a request may go on with this token, in the order that leaks least: an unknown,
 * expired or revoked token is 401 (the client must get a new one), a valid token whose
 * scope or whose owner's current roles do not cover the route is 403. Roles are the owner's
 * now, so removing someone's role takes their tokens' power away at once.
 */
export function decideToken(args: {
  token: StoredToken | null;
  now: Date;
  needed: TokenScope;
  /** The roles the route accepts. */
  routeRoles: readonly string[];
  /** The owner's roles from the role directory at the time of the request. */
  ownerRoles: readonly string[];
}): TokenDecision {
  const { token } = args;
  if (!token) return { ok: false, status: 401, reason: "unknown", token: null };
  if (token.revokedAt !== null) return { ok: false, status: 401, reason: "revoked", token };
  if (Date.parse(token.expiresAt) <= args.now.getTime()) return { ok: false, status: 401, reason: "expired", token };
  if (!scopeAllows(token.scopes, args.needed)) return { ok: false, status: 403, reason: "scope_missing", token };
  if (!args.routeRoles.some((r) => args.ownerRoles.includes(r))) return { ok: false, status: 403, reason: "role_missing", token };
  return { ok: true, token };
}
