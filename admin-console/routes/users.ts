import type { PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { SynapseUsers } from "../../runtime/lifecycle/SynapseUsers.ts";
import { formatTime, userPath } from "../format.ts";

const PAGE_SIZE = 50;

/**
 * `/users`: staff accounts, searched and paged by Synapse's admin API (one indexed query per
 * page, however many accounts there are); `?q=` searches user ids and display names, `?from=`
 * is the page token.
 */
export function registerUsersPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const users = new SynapseUsers(ctx.deps.synapse);
  r.get("users_list", "/users", async (req, res) => {
    const q = typeof req.query.q === "string" ? req.query.q.trim().slice(0, 100) : "";
    const from = typeof req.query.from === "string" && /^[0-9]{1,9}$/.test(req.query.from) ? req.query.from : undefined;
    let page;
    try {
      page = await users.page({ ...(q ? { search: q } : {}), ...(from ? { from } : {}), limit: PAGE_SIZE });
    } catch {
      return ctx.refuse(res, 503, "The homeserver cannot be reached; try again shortly.");
    }
    const search = (extra: Record<string, string>) => `/users?${new URLSearchParams({ ...(q ? { q } : {}), ...extra }).toString()}`;
    res.render("users", {
      title: "Users",
      q,
      total: page.total,
      users: page.users.map((u) => ({
        ...u,
        href: userPath(u.userId),
        lastSeen: formatTime(u.lastSeenTs),
        state: u.deactivated ? "deactivated" : u.locked ? "locked" : "active",
      })),
      next: page.next ? search({ from: page.next }) : undefined,
      first: from ? search({}) : undefined,
    });
  });
}
