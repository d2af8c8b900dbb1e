import type { Request, Response } from "express";
import { person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { queryText, writeChunk } from "../records.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";

/**
 * `/consents`: patients' numbers by number and consent state, and one number's full evidence
 * trail and its export. These are the only console pages that show phone numbers. Numbers
 * travel in POST bodies, never in URLs, so that they stay out of access logs, browser history
 * and Referer headers; opening or exporting a trail is itself an audit record (target: the
 * number's keyed reference, never the number).
 */
export function registerConsentsPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  const list = (res: Response, input: { phone?: string; state?: string; after?: string }) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const found = await service.searchConsents(person(res).userId, input, "page");
      res.render("consents", {
        title: "Patients and consents",
        phone: found.phone,
        states: found.states.map((s) => ({ value: s, selected: s === found.state })),
        rows: found.rows,
        nextCursor: found.nextCursor,
        state: found.state,
      });
    });

  // GET lists by state only: a number never goes into a URL.
  r.get("consents_list", "/consents", (req, res) => list(res, { state: queryText(req.query.state) }));
  r.post("consents_search", "/consents", (req, res) => {
    const b = body(req);
    return list(res, { phone: queryText(b.phone), state: queryText(b.state), after: queryText(b.after) });
  });

  r.post("consent_evidence", "/consents/evidence", (req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const history = await service.evidence(person(res).userId, queryText(body(req).phone) ?? "", "page");
      res.render("consent-evidence", {
        title: "Consent evidence",
        history,
        events: history.events.map((e) => ({ ...e, evidenceText: JSON.stringify(e.evidence, null, 2) })),
      });
    }),
  );

  r.post("consent_export", "/consents/export", (req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const { lines } = await service.exportEvidence(person(res).userId, queryText(body(req).phone) ?? "", "page");
      res.status(200).type("application/x-ndjson; charset=utf-8");
      res.setHeader("Content-Disposition", 'attachment; filename="wardroom-consent.jsonl"');
      res.setHeader("Cache-Control", "no-store");
      for (const line of lines) if (!(await writeChunk(res, line))) return;
      res.end();
    }),
  );
}
