import type { PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";

/** `/`: the first page the person's roles allow (the dashboard, once it exists, goes here). */
export function registerHomePage(r: PageRouter<RouteKey>, _ctx: PageContext): void {
  // For the supervisor (the local stack, the load balancer): the process answers.
  r.get("health", "/health", (_req, res) => void res.type("text/plain").send("OK"));
  r.get("home", "/", (_req, res) => {
    const first = (res.locals.navigation as Array<{ href: string }> | undefined)?.[0];
    if (first) return res.redirect(303, first.href);
    res.render("error", { title: "No console access", message: "You are signed in, but none of your roles gives access to a console page." });
  });
}
