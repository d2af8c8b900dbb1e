import { InputError } from "../errors.ts";
import type { Role } from "../roles/index.ts";

/**
 * What a personal access token may do. A token never does more than its owner's roles allow
 * at the time of each request; a scope narrows that further. `GRANTABLE_BY` says which roles
 * may put a scope on a new token: an auditor can make an `audit:read` token, never a
 * `devices:wipe` or `admin` one.
 */
export const TOKEN_SCOPES = [
  "audit:read",
  "audit:export",
  "consents:read",
  "breakglass:read",
  "policy:read",
  "rooms:read",
  "rooms:write",
  "users:read",
  "users:write",
  "devices:wipe",
  "admin",
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const GRANTABLE_BY: Readonly<Record<TokenScope, readonly Role[]>> = {
  "audit:read": ["auditor", "security_officer", "admin"],
  "audit:export": ["auditor", "security_officer", "admin"],
  "consents:read": ["auditor", "security_officer", "admin"],
  "breakglass:read": ["auditor", "security_officer", "admin"],
  "policy:read": ["auditor", "security_officer", "admin"],
  "rooms:read": ["security_officer", "admin", "helpdesk"],
  "rooms:write": ["admin"],
  "users:read": ["security_officer", "admin", "helpdesk"],
  "users:write": ["admin", "helpdesk"],
  "devices:wipe": ["admin", "security_officer"],
  admin: ["admin"],
};

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** Parses the scopes a person asked for; names the first unknown one (cut short, never a stack). */
export function parseScopes(values: readonly string[], field = "scopes"): TokenScope[] {
  if (values.length === 0) throw new InputError(`${field}: choose at least one scope`);
  const out = new Set<TokenScope>();
  for (const v of values) {
    if (!isTokenScope(v)) throw new InputError(`${field}: "${v.slice(0, 40)}" is not a scope; scopes are ${TOKEN_SCOPES.join(", ")}`);
    out.add(v);
  }
  return TOKEN_SCOPES.filter((s) => out.has(s));
}

/** The scopes among `wanted` that holders of `roles` may not grant (empty: all allowed). */
export function ungrantableScopes(wanted: readonly TokenScope[], roles: readonly string[]): TokenScope[] {
  return wanted.filter((s) => !GRANTABLE_BY[s].some((r) => roles.includes(r)));
}

/** `admin` covers every scope; otherwise the scope itself must be on the token. */
export function scopeAllows(held: readonly TokenScope[], needed: TokenScope): boolean {
  return held.includes("admin") || held.includes(needed);
}
