import { person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { queryText } from "../records.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";

/**
 * `/rooms`: each room's kind, encryption, retention, members and portal state, page by page.
 * Room names are not shown (they can name a patient); a room without retention is flagged.
 */
export function registerRoomsPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);
  r.get("rooms_view", "/rooms", (req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const from = queryText(req.query.from);
      const page = await service.rooms(person(res).userId, from, "page");
      res.render("rooms", {
        title: "Rooms",
        total: page.total,
        rooms: page.rooms.map((room) => ({ ...room, retention: room.retentionDays === null ? undefined : `${room.retentionDays} days`, encryptedText: room.encrypted ? "yes" : "no" })),
        next: page.next !== null ? `/rooms?from=${page.next}` : undefined,
        first: from ? "/rooms" : undefined,
      });
    }),
  );
}
