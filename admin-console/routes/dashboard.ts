import { can, person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { dashboardCharts } from "../review.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";

/**
 * `/`: the dashboard, for people who may read the audit log (on a console with its ledgers);
 * everyone else goes on to the home route's redirect to the first page their roles allow. Charts are server-rendered SVG
 * with a table of the same numbers beside them.
 */
export function registerDashboardPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);
  r.get("home", "/", (_req, res, next) => {
    if (!ctx.deps.records || !can(res, "audit.read")) {
      // As the home route does: the first page their roles allow, but never back to here.
      const first = (res.locals.navigation as Array<{ href: string }> | undefined)?.find((n) => n.href !== "/");
      return first ? res.redirect(303, first.href) : next();
    }
    return answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const stats = await service.dashboard(person(res).userId, "page");
      const charts = dashboardCharts(stats);
      res.render("dashboard", {
        title: "Dashboard",
        stats,
        devicesKnown: stats.devices !== null,
        charts,
        showConsents: can(res, "consents.read"),
        roomsByKind: Object.entries(stats.roomsByKind).map(([kind, count]) => ({ kind, count })),
        consentsByState: Object.entries(stats.consentsByState).map(([state, count]) => ({ state, count })),
        days: stats.phiBlocks.map((d, i) => ({ day: d.day, blocks: d.count, wipes: stats.wipes[i]?.count ?? 0 })),
      });
    });
  });
}
