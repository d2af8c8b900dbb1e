import type { TokenScope } from "./scopes.ts";

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

export type TokenRefusal = "missing" | "malformed" | "unknown" | "expired" | "revoked" | "scope_missing" | "permission_missing";
export const TOKEN_REFUSALS = ["missing", "malformed", "unknown", "expired", "revoked", "scope_missing", "permission_missing"] as const satisfies readonly TokenRefusal[];

export type TokenDecision =
  | { ok: true; token: StoredToken }
  | { ok: false; status: 401 | 403; reason: TokenRefusal; token: StoredToken | null };

/**
 * Whether a request may go on with this token, in the order that leaks least: an unknown,
 * expired or revoked token is 401 (the client must get a new one); a valid token whose scopes
 * or whose owner's current permissions do not cover the route is 403. The owner's permissions
 * are read at each request, so taking someone's role away takes their tokens' power at once.
 */
export function decideToken(args: {
  token: StoredToken | null;
  now: Date;
  /** The permission the route needs. */
  needed: TokenScope;
  /** The owner's permissions (from their roles through the policy) at the time of the request. */
  ownerPermissions: ReadonlySet<string>;
}): TokenDecision {
  const { token } = args;
  if (!token) return { ok: false, status: 401, reason: "unknown", token: null };
  if (token.revokedAt !== null) return { ok: false, status: 401, reason: "revoked", token };
  if (Date.parse(token.expiresAt) <= args.now.getTime()) return { ok: false, status: 401, reason: "expired", token };
  if (!token.scopes.includes(args.needed)) return { ok: false, status: 403, reason: "scope_missing", token };
  if (!args.ownerPermissions.has(args.needed)) return { ok: false, status: 403, reason: "permission_missing", token };
  return { ok: true, token };
}
