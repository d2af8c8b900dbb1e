import { randomBytes, randomUUID } from "node:crypto";
import type { AuditLedger } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";
import {
  bearerToken,
  decideToken,
  formatToken,
  looksLikeToken,
  parseScopes,
  tokenHash,
  tokenHint,
  ungrantableScopes,
  type StoredToken,
  type TokenDecision,
  type TokenScope,
} from "../../core/tokens/index.ts";
import type { SqlTokenStore } from "./SqlTokenStore.ts";

export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 86_400_000;
// last_used_at is for people ("is this token still in use?"): a minute's precision spares a
// write on every API call.
const TOUCH_EVERY_MS = 60_000;

export class TokenScopeRefusedError extends InputError {
  constructor(readonly scopes: TokenScope[]) {
    super(`scopes: you do not hold ${scopes.join(", ")}, so you cannot put ${scopes.length === 1 ? "it" : "them"} on a token`);
  }
}

/**
 * Creates, revokes and checks personal access tokens, auditing each. The token text is
 * returned once, at creation, and never stored or logged.
 */
export class TokenService {
  readonly #store: SqlTokenStore;
  readonly #audit: Pick<AuditLedger, "append">;
  readonly #permissionsOf: (userId: string) => Promise<ReadonlySet<string>>;
  readonly #clock: () => Date;

  /**
   * `permissionsOf` answers from the role directory and the policy as they are now (the
   * console's own permissionsOf); it throws when it cannot answer, and then nothing is allowed.
   */
  constructor(deps: { store: SqlTokenStore; audit: Pick<AuditLedger, "append">; permissionsOf: (userId: string) => Promise<ReadonlySet<string>>; clock?: () => Date }) {
    this.#store = deps.store;
    this.#audit = deps.audit;
    this.#permissionsOf = deps.permissionsOf;
    this.#clock = deps.clock ?? (() => new Date());
  }

  async create(args: { owner: string; name: string; scopes: readonly string[]; days: number }): Promise<{ token: string; stored: StoredToken }> {
    const name = args.name.trim();
    if (name.length < 1 || name.length > 80 || /[\p{Cc}\p{Cf}]/u.test(name)) throw new InputError("name: 1 to 80 characters, no control or format characters");
    if (!Number.isInteger(args.days) || args.days < 1 || args.days > MAX_TOKEN_DAYS) throw new InputError(`days: an integer from 1 to ${MAX_TOKEN_DAYS}`);
    const scopes = parseScopes(args.scopes);
    const refused = ungrantableScopes(scopes, await this.#permissionsOf(args.owner));
    if (refused.length > 0) {
      await this.#audit.append({ actor: args.owner, action: "token.creation_refused", target: args.owner, details: { scopes: refused } });
      throw new TokenScopeRefusedError(refused);
    }
    const now = this.#clock();
    const token = formatToken(randomBytes(32));
    const stored: StoredToken = {
      id: `pat_${randomUUID()}`,
      owner: args.owner,
      name,
      hint: tokenHint(token),
      scopes,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + args.days * DAY_MS).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.#store.insert(stored, tokenHash(token));
    await this.#audit.append({ actor: args.owner, action: "token.created", target: args.owner, details: { tokenId: stored.id, scopes, expiresAt: stored.expiresAt } });
    return { token, stored };
  }

  /** Revokes one token: its owner or an admin may. Returns false when it was already revoked. */
  async revoke(args: { id: string; actor: string; actorIsAdmin: boolean }): Promise<boolean> {
    const token = await this.#store.byId(args.id);
    if (!token || (token.owner !== args.actor && !args.actorIsAdmin)) throw new InputError("id: no such token of yours");
    const done = await this.#store.revoke(token.id, this.#clock().toISOString());
    if (done) await this.#audit.append({ actor: args.actor, action: "token.revoked", target: token.owner, details: { tokenId: token.id } });
    return done;
  }

  list(owner: string | null): Promise<StoredToken[]> {
    return owner === null ? this.#store.all() : this.#store.ofOwner(owner);
  }

  /**
   * Checks an `Authorization` header for a route that needs the permission `needed`. Every
   * refusal is audited (without the token text); the owner's permissions are read now.
   */
  async authenticate(header: string | undefined, needed: TokenScope): Promise<TokenDecision> {
    const text = bearerToken(header);
    if (text === null || !looksLikeToken(text)) {
      const reason = text === null ? "missing" : "malformed";
      await this.#audit.append({ actor: "system:console", action: "token.refused", details: { reason, scope: needed } });
      return { ok: false, status: 401, reason, token: null };
    }
    const token = await this.#store.byHash(tokenHash(text));
    const now = this.#clock();
    const ownerPermissions = token ? await this.#permissionsOf(token.owner) : new Set<string>();
    const decision = decideToken({ token, now, needed, ownerPermissions });
    if (!decision.ok) {
      await this.#audit.append({
        actor: token?.owner ?? "system:console",
        action: "token.refused",
        target: token?.owner ?? null,
        details: { reason: decision.reason, scope: needed, ...(token ? { tokenId: token.id } : {}) },
      });
      return decision;
    }
    if (!token!.lastUsedAt || now.getTime() - Date.parse(token!.lastUsedAt) >= TOUCH_EVERY_MS) await this.#store.touch(token!.id, now.toISOString());
    return decision;
  }
}
