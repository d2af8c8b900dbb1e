import { createHash } from "node:crypto";

/**
 * A personal access token is `wrd_pat_` and 43 base64url characters (32 random bytes). The
 * prefix makes a leaked token recognisable to secret scanners and people; the random part is
 * high-entropy, so a plain SHA-256 of it is a safe thing to store (no salt or slow hash is
 * needed the way it is for passwords, and lookup by hash stays one index probe).
 */
export const TOKEN_PREFIX = "wrd_pat_";
const TOKEN = /^wrd_pat_[A-Za-z0-9_-]{43}$/;

/** Builds the token text from 32 random bytes (the caller's randomness source). */
export function formatToken(random: Uint8Array): string {
  if (random.length !== 32) throw new TypeError("a token needs exactly 32 random bytes");
  return `${TOKEN_PREFIX}${Buffer.from(random).toString("base64url")}`;
}

export function looksLikeToken(value: string): boolean {
  return TOKEN.test(value);
}

/** What is stored: hex SHA-256 of the whole token text. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Shown in lists so people can tell their tokens apart: the prefix and four characters. */
export function tokenHint(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 4)}…`;
}

/** The token from an `Authorization: Bearer …` header, or null when there is none or it is malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer ([^\s]+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}
