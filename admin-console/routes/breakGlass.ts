import type { StoredGrant } from "../../runtime/breakglass/SqlBreakGlassStore.ts";
import { person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { queryText } from "../records.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";

const END_REASONS: Record<string, string> = { expired: "expired", ended_early: "ended early", grant_failed: "the grant failed" };

const grantRow = (g: StoredGrant) => ({ ...g, notifiedText: g.notified.length > 0 ? g.notified.join(", ") : "nobody yet", endText: g.endReason ? END_REASONS[g.endReason] : "" });

/** `/break-glass`: open emergency access grants and past ones, with reasons, who was told and how each ended. */
export function registerBreakGlassPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);
  r.get("break_glass_view", "/break-glass", (req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const before = queryText(req.query.before);
      const found = await service.breakGlass(person(res).userId, before, "page");
      res.render("break-glass", {
        title: "Break-glass review",
        open: found.open.map(grantRow),
        past: found.past.map(grantRow),
        next: found.nextCursor ? `/break-glass?${new URLSearchParams({ before: found.nextCursor }).toString()}` : undefined,
        first: before ? "/break-glass" : undefined,
      });
    }),
  );
}
