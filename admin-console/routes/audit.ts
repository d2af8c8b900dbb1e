import type { Request, Response } from "express";
import { EXPORT_FORMATS, type AuditRecord, type ExportFormat } from "../../core/audit/index.ts";
import type { AuditFilterInput } from "../../core/console/index.ts";
import { InputError } from "../../core/errors.ts";
import { can, person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { writeChunk } from "../records.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";

const filtersOf = (req: Request): AuditFilterInput => {
  const q = req.query as Record<string, unknown>;
  return { actor: q.actor, action: q.action, target: q.target, since: q.since, until: q.until, cursor: q.cursor, limit: q.limit };
};

/** A record as a table row: details as compact JSON (ids, categories and counts only, by the registry). */
export const recordRow = (r: AuditRecord) => ({ ...r, detailsText: Object.keys(r.details).length > 0 ? JSON.stringify(r.details) : "" });

/**
 * `/audit`: the ledger filtered by actor, action, target and time, newest first, page by page
 * (keyset on seq); a chain verification; CSV and JSON Lines exports streamed page by page.
 * Every view, verification and export is itself an audit record.
 */
export function registerAuditPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);

  r.get("audit_view", "/audit", (req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const found = await service.searchAudit(person(res).userId, filtersOf(req), "page");
      const base = new URLSearchParams(found.filters.values as Record<string, string>);
      const withCursor = new URLSearchParams(base);
      if (found.nextCursor) withCursor.set("cursor", found.nextCursor);
      res.render("audit", {
        title: "Audit log",
        f: found.filters.values,
        records: found.records.map(recordRow),
        next: found.nextCursor ? `/audit?${withCursor.toString()}` : undefined,
        first: req.query.cursor ? `/audit?${base.toString()}` : undefined,
        canExport: can(res, "audit.export"),
        exports: EXPORT_FORMATS.map((format) => ({ format, href: `/audit/export?${new URLSearchParams({ ...Object.fromEntries(base), format }).toString()}` })),
      });
    }),
  );

  r.post("audit_verify", "/audit/verify", (_req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const report = await service.verifyAudit(person(res).userId);
      res.render("audit-verify", { title: "Audit chain verification", report });
    }),
  );

  r.get("audit_export", "/audit/export", async (req, res) => {
    const service = review(res);
    if (!service) return;
    const format = req.query.format;
    if (typeof format !== "string" || !(EXPORT_FORMATS as readonly string[]).includes(format)) return ctx.refuse(res, 400, `format: must be ${EXPORT_FORMATS.join(" or ")}`);
    await streamExport(res, () => service.exportAudit(person(res).userId, filtersOf(req), format as ExportFormat, "page", (chunk) => writeChunk(res, chunk)), format as ExportFormat, (status, message) => ctx.refuse(res, status, message));
  });
}

/**
 * Headers go out with the first chunk; a filter error found before it is a normal error page,
 * a ledger failing mid-stream ends the response early (the export record says incomplete).
 */
export async function streamExport(
  res: Response,
  run: () => Promise<unknown>,
  format: ExportFormat,
  refuse: (status: number, message: string) => void,
): Promise<void> {
  res.status(200);
  res.type(format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="wardroom-audit.${format}"`);
  res.setHeader("Cache-Control", "no-store");
  try {
    await run();
    res.end();
  } catch (err) {
    if (!res.headersSent) {
      res.removeHeader("Content-Disposition");
      return refuse(err instanceof InputError ? 400 : 503, err instanceof InputError ? err.message : "The audit ledger cannot be read right now.");
    }
    res.destroy();
  }
}
