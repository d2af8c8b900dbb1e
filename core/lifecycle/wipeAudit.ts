import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonicalJson.ts";
import type { AuditEntry } from "../audit/record.ts";
import type { WipeReport } from "./wipe.ts";

/**
 * The audit records of a finished wipe, whoever ran it (the CLI or the console): `device.wiped`
 * with the report's counts and its hash, and `account.locked` when the account was locked.
 */
export function wipeAuditEntries(actor: string, report: WipeReport): AuditEntry[] {
  const reportHash = createHash("sha256").update(canonicalJson(report as unknown as Record<string, unknown>)).digest("hex");
  const failed = report.steps.filter((s) => s.state !== "done").length;
  const entries: AuditEntry[] = [
    {
      actor,
      action: "device.wiped",
      target: report.userId,
      details: {
        wipeId: report.wipeId,
        deviceIds: report.devicesDeleted.slice(0, 100),
        devicesDeleted: report.devicesDeleted.length,
        locked: report.locked,
        roomsRedacted: report.roomsRedacted,
        mediaDeleted: report.mediaDeleted,
        ...(failed > 0 ? { failed } : {}),
        reportHash,
      },
    },
  ];
  if (report.locked) entries.push({ actor, action: "account.locked", target: report.userId, details: { reason: "remote_wipe" } });
  return entries;
}
