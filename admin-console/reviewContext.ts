import type { Response } from "express";
import { WardroomError, InputError } from "../core/errors.ts";
import type { PageContext } from "./routeTable.ts";
import { ReviewService } from "./review.ts";

/**
 * The review service of a console whose deps carry the ledgers, or a 503 page (and
 * undefined) when they were not configured.
 */
export function reviewOf(ctx: PageContext): (res: Response) => ReviewService | undefined {
  const records = ctx.deps.records;
  const service = records ? new ReviewService(records, ctx.deps.audit, ctx.deps.synapse, ctx.deps.clock) : undefined;
  return (res) => {
    if (!service) ctx.refuse(res, 503, "The ledgers are not configured for this console.");
    return service;
  };
}

/**
 * Runs a page's work; bad input shows the page's own message (400), a ledger or homeserver
 * that cannot answer shows 503. Messages are the InputError's (they name the parameter and
 * never echo its value), never a driver's text.
 */
export async function answerPage(ctx: PageContext, res: Response, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof InputError) return ctx.refuse(res, 400, err.message);
    if (err instanceof WardroomError) return ctx.refuse(res, 503, "A ledger cannot answer right now; try again shortly.");
    return ctx.refuse(res, 503, "The homeserver or a ledger cannot be reached; try again shortly.");
  }
}
