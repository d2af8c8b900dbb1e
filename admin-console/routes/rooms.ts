import { can, person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { queryText } from "../records.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";
import { fixRetention, parseRoomId, retentionFixMessage } from "../roomActions.ts";

const FROM = /^[0-9]{1,9}$/;

/**
 * `/rooms`: each room's kind, encryption, retention, members and portal state, page by page.
 * Room names are not shown (they can name a patient). A room without retention is flagged,
 * and people who may manage users get a *Fix missing retention* button (POST /rooms/retention)
 * that asks the homeserver module to set the kind's retention from the policy.
 */
export function registerRoomsPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);
  r.get("rooms_view", "/rooms", (req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const from = queryText(req.query.from);
      const page = await service.rooms(person(res).userId, from, "page");
      const done = req.session.retentionFix;
      if (done) delete req.session.retentionFix;
      res.render("rooms", {
        title: "Rooms",
        total: page.total,
        done,
        from: from ?? "",
        canFix: can(res, "users.manage"),
        rooms: page.rooms.map((room) => ({ ...room, retention: room.retentionDays === null ? undefined : `${room.retentionDays} days`, encryptedText: room.encrypted ? "yes" : "no" })),
        next: page.next !== null ? `/rooms?from=${page.next}` : undefined,
        first: from ? "/rooms" : undefined,
      });
    }),
  );

  r.post("room_fix_retention", "/rooms/retention", (req, res) =>
    answerPage(ctx, res, async () => {
      const body = req.body as Record<string, unknown>;
      const roomId = parseRoomId(body.roomId);
      const fix = await fixRetention(ctx.deps, person(res).userId, roomId, "page");
      // The outcome travels in the session, not the URL: the next /rooms shows it once.
      req.session.retentionFix = retentionFixMessage(fix);
      const from = queryText(body.from);
      res.redirect(303, from && FROM.test(from) ? `/rooms?from=${from}` : "/rooms");
    }),
  );
}
