import type { Response } from "express";
import { planWipe, describeStep, type WipeRequest } from "../../core/lifecycle/index.ts";
import type { WipeJob } from "../wipeJobs.ts";
import { SynapseUsers } from "../../runtime/lifecycle/SynapseUsers.ts";
import { can, person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { parseUserId, userPath } from "../format.ts";

const DEVICE_ID = /^[A-Za-z0-9._=\-/+]{1,255}$/;
const REFRESH_SECONDS = 2;
/** The wipes page lists this many, newest first (every wipe is also in the audit log for good). */
const LISTED_WIPES = 100;

/** A job's state in words, as the list and the progress page say it. */
function wipeState(job: WipeJob): "running" | "complete" | "did not finish" {
  if (job.report === undefined && job.error === undefined) return "running";
  return job.report?.ok ? "complete" : "did not finish";
}

/** The request of a query or form: a user, optionally one device; the account is locked unless it is one device and `lock` is off. */
function wipeRequest(src: Record<string, unknown>): WipeRequest | undefined {
  const userId = parseUserId(src.userId);
  const deviceId = typeof src.deviceId === "string" && src.deviceId !== "" ? src.deviceId : undefined;
  if (!userId || (deviceId !== undefined && !DEVICE_ID.test(deviceId))) return undefined;
  const redact = src.redact === "portal" || src.redact === "all" ? src.redact : "none";
  // A whole-account wipe always locks; a single device's wipe locks when asked to.
  const lock = deviceId === undefined || src.lock === "true";
  return { userId, ...(deviceId ? { deviceId } : {}), lock, redact, media: src.media === "true" };
}

/**
 * Remote wipe: `/wipes` lists the recent wipes (who started which, on whom, and how each
 * ended: a lost phone reported at night is followed up in the morning); `/wipes/new` shows exactly what will happen (the plan's steps) and asks to
 * confirm; `POST /wipes` starts it; `/wipes/:id` shows its progress, refreshing itself every
 * two seconds until it is complete (a meta refresh: no script needed).
 */
export function registerWipesPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const users = new SynapseUsers(ctx.deps.synapse);
  const bad = (res: Response) => ctx.refuse(res, 400, "userId / deviceId: not a Matrix user id or device id.");

  r.get("wipes_list", "/wipes", async (_req, res) => {
    const jobs = await ctx.wipes.recent(LISTED_WIPES);
    res.render("wipes", {
      title: "Remote wipes",
      limit: LISTED_WIPES,
      canAudit: can(res, "audit.read"),
      wipes: jobs.map((job) => ({
        href: `/wipes/${encodeURIComponent(job.id)}`,
        startedAt: job.startedAt,
        actor: job.actor,
        userId: job.request.userId,
        userHref: userPath(job.request.userId),
        scope: job.request.deviceId ? `device ${job.request.deviceId}` : "every device",
        // What happened once it is done (the lock step may have failed); what was asked till then.
        locked: job.report ? (job.report.locked ? "yes" : "no") : job.request.lock ? "to be locked" : "no",
        state: wipeState(job),
      })),
    });
  });

  r.get("wipe_confirm", "/wipes/new", async (req, res) => {
    const request = wipeRequest(req.query as Record<string, unknown>);
    if (!request) return bad(res);
    if (!(await users.get(request.userId))) return ctx.refuse(res, 404, "There is no such account.");
    res.render("wipe-confirm", {
      title: request.deviceId ? `Wipe device ${request.deviceId}` : `Wipe every device of ${request.userId}`,
      request,
      steps: planWipe(request).map((s) => describeStep(s, request)),
      back: userPath(request.userId),
    });
  });

  r.post("wipe_start", "/wipes", async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const request = wipeRequest(body);
    if (!request) return bad(res);
    if (body.confirm !== "yes") return ctx.refuse(res, 400, "confirm: tick the box to confirm the wipe.");
    const { job } = await ctx.wipes.start(person(res).userId, request);
    res.redirect(303, `/wipes/${job.id}`);
  });

  r.get("wipe_progress", "/wipes/:id", async (req, res) => {
    const job = await ctx.wipes.get(String(req.params.id));
    if (!job) return ctx.refuse(res, 404, "There is no such wipe.");
    const finished = job.report !== undefined || job.error !== undefined;
    res.render("wipe-progress", {
      title: `Wipe of ${job.request.userId}`,
      job,
      finished,
      ok: job.report?.ok ?? false,
      refreshSeconds: finished ? undefined : REFRESH_SECONDS,
      back: userPath(job.request.userId),
      steps: job.report?.steps,
    });
  });
}
