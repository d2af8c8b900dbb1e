import type { Request } from "express";
import { TOKEN_SCOPES } from "../../core/tokens/index.ts";
import { InputError } from "../../core/errors.ts";
import { TokenService } from "../../runtime/tokens/index.ts";
import { permissionsOf, person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { answerPage } from "../reviewContext.ts";

/** The token service of a console with its ledgers, wired to the console's own permission table. */
export function tokenServiceOf(ctx: PageContext): TokenService | undefined {
  const { deps } = ctx;
  if (!deps.records) return undefined;
  return new TokenService({
    store: deps.records.tokens,
    audit: deps.audit,
    permissionsOf: async (userId) => permissionsOf(deps.policy, await deps.roles.rolesOf(userId)),
    clock: deps.clock,
  });
}

/**
 * `/tokens`: the signed-in person's personal access tokens for the JSON API: create (scopes
 * among the permissions they hold, an expiry), see when each was last used, revoke. The token
 * text is shown once, on the page that created it.
 */
export function registerTokensPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const tokens = tokenServiceOf(ctx);
  const render = async (req: Request, res: Parameters<typeof ctx.refuse>[0], extra: Record<string, unknown> = {}) => {
    if (!tokens) return ctx.refuse(res, 503, "The token store is not configured for this console.");
    const p = person(res);
    const now = ctx.deps.clock().getTime();
    const list = await tokens.list(p.userId);
    res.status((extra.status as number | undefined) ?? 200).render("tokens", {
      title: "API tokens",
      tokens: list.map((t) => ({
        ...t,
        scopesText: t.scopes.join(", "),
        state: t.revokedAt ? "revoked" : Date.parse(t.expiresAt) <= now ? "expired" : "active",
        active: !t.revokedAt && Date.parse(t.expiresAt) > now,
        lastUsed: t.lastUsedAt ?? "never",
      })),
      scopes: TOKEN_SCOPES.filter((s) => p.permissions.has(s)).map((s) => ({ scope: s, id: `scope-${s.replace(".", "-")}` })),
      ...extra,
    });
    void req;
  };

  r.get("tokens_list", "/tokens", (req, res) => answerPage(ctx, res, () => render(req, res)));

  r.post("token_create", "/tokens", (req, res) =>
    answerPage(ctx, res, async () => {
      if (!tokens) return ctx.refuse(res, 503, "The token store is not configured for this console.");
      const b = (req.body ?? {}) as Record<string, unknown>;
      const scopes = Array.isArray(b.scope) ? b.scope.filter((s): s is string => typeof s === "string") : typeof b.scope === "string" ? [b.scope] : [];
      try {
        const created = await tokens.create({ owner: person(res).userId, name: typeof b.name === "string" ? b.name : "", scopes, days: Number(b.days) });
        await render(req, res, { created: created.token, createdName: created.stored.name });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        // Refused scopes are a 403 like any other permission refusal; other bad input is 400.
        await render(req, res, { error: err.message, status: err.message.startsWith("scopes: you do not hold") ? 403 : 400 });
      }
    }),
  );

  r.post("token_revoke", "/tokens/:id/revoke", (req, res) =>
    answerPage(ctx, res, async () => {
      if (!tokens) return ctx.refuse(res, 503, "The token store is not configured for this console.");
      const p = person(res);
      const id = typeof req.params.id === "string" ? req.params.id : "";
      await tokens.revoke({ id, actor: p.userId, actorIsAdmin: p.permissions.has("users.manage") });
      res.redirect(303, "/tokens");
    }),
  );
}
