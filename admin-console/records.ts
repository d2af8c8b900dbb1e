import type { Response } from "express";
import type { AuditLedger } from "../core/audit/index.ts";
import type { PolicyParseResult } from "../core/policy/index.ts";
import type { SqlBreakGlassStore } from "../runtime/breakglass/SqlBreakGlassStore.ts";
import type { SqlConsentStore } from "../runtime/consent/SqlConsentStore.ts";
import type { SqlTokenStore } from "../runtime/tokens/index.ts";

/**
 * The ledgers and stores behind the review pages (audit, consents, break-glass, policy,
 * rooms, the dashboard) and the JSON API. Optional in ConsoleDeps: a console without them
 * shows those pages as unavailable (503) instead of failing to start.
 */
export interface ConsoleRecords {
  /** The audit ledger, read (search, export, verify) and written (every view). */
  ledger: AuditLedger;
  /** The consent ledger, read-only here. */
  consents: SqlConsentStore;
  breakGlass: SqlBreakGlassStore;
  tokens: SqlTokenStore;
  /** Reads and validates the policy file now (the page shows whether it still passes). */
  checkPolicy: () => PolicyParseResult;
}

/** The value of a single query-string parameter (a repeated one is treated as absent). */
export function queryText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Sends one chunk and waits for the socket to drain, so a slow client bounds memory. */
export async function writeChunk(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
