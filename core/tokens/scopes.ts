import { InputError } from "../errors.ts";
import { CONSOLE_PERMISSIONS } from "../policy/schema.ts";

/**
 * What a personal access token may do: the console's own permissions (the policy's
 * `console.roles` gives them to roles), so a token and a session are judged by one table. A
 * token never does more than its owner's permissions allow at the time of each request, and
 * its scopes narrow that further; its owner can only put on it scopes they hold themselves,
 * so an auditor can make an `audit.read` token, never a `devices.wipe` one.
 */
export const TOKEN_SCOPES = CONSOLE_PERMISSIONS;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** Parses the scopes a person asked for; names the first unknown one (cut short). */
export function parseScopes(values: readonly string[], field = "scopes"): TokenScope[] {
  if (values.length === 0) throw new InputError(`${field}: choose at least one scope`);
  const out = new Set<TokenScope>();
  for (const v of values) {
    if (!isTokenScope(v)) throw new InputError(`${field}: "${v.slice(0, 40)}" is not a scope; scopes are ${TOKEN_SCOPES.join(", ")}`);
    out.add(v);
  }
  return TOKEN_SCOPES.filter((s) => out.has(s));
}

/** The scopes among `wanted` that someone holding `permissions` may not grant (empty: all allowed). */
export function ungrantableScopes(wanted: readonly TokenScope[], permissions: ReadonlySet<string> | readonly string[]): TokenScope[] {
  const held = new Set(permissions);
  return wanted.filter((s) => !held.has(s));
}
