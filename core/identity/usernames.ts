import type { Role } from "../roles/index.ts";

/** Synapse's MXID_LOCALPART_ALLOWED_CHARACTERS without "=" (which escapes the rest). */
const ALLOWED = new Set("_-./+abcdefghijklmnopqrstuvwxyz0123456789".split("").map((c) => c.charCodeAt(0)));

/**
 * The localpart Synapse gives an IdP username at single sign-on (its
 * `map_username_to_mxid_localpart`, applied to the rendered `localpart_template`): ASCII
 * lowercased, every other byte of the UTF-8 encoding written as `=xx`, a leading `_` escaped.
 * SCIM provisioning uses the same mapping, so the account it creates is the one the person's
 * SSO login lands on.
 */
export function mxidLocalpartFromUsername(username: string): string {
  let out = "";
  for (let b of new TextEncoder().encode(username)) {
    if (b >= 0x41 && b <= 0x5a) b += 0x20;
    out += ALLOWED.has(b) ? String.fromCharCode(b) : `=${b.toString(16).padStart(2, "0")}`;
  }
  return out.replace(/^_/, "=5f");
}

/**
 * Why a username from the IdP is refused, or null. Refused: empty or over 255 characters,
 * not in Unicode NFKC form (a fullwidth or ligature spelling of someone else's name), or
 * holding control, format (zero-width, bidi override), surrogate or private-use characters,
 * which render invisibly and would give two accounts that look the same.
 */
export function usernameProblem(username: string): string | null {
  if (username.length === 0) return "must not be empty";
  if (username.length > 255) return "must be at most 255 characters";
  if (username.normalize("NFKC") !== username) return "must be in Unicode NFKC form (no fullwidth, ligature or compatibility characters)";
  if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u.test(username)) return "must not contain control, invisible or formatting characters";
  if (/^\s|\s$/u.test(username)) return "must not start or end with white space";
  return null;
}

/** The Wardroom roles a person's IdP groups give, by the policy's `identity.sso.groupRoles`. */
export function rolesFromGroups(groups: Iterable<string>, groupRoles: Readonly<Record<string, Role>>): Role[] {
  const out = new Set<Role>();
  for (const g of groups) if (Object.hasOwn(groupRoles, g)) out.add(groupRoles[g]!);
  return [...out];
}
