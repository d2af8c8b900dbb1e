import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { defaultActionRegistry } from "../../core/audit/index.ts";
import { CheckFailedError } from "../../core/errors.ts";
import { DryRunAccountActions, planWipe, describeStep, runWipe, wipeAuditEntries, type RedactScope, type WipeReport, type WipeRequest } from "../../core/lifecycle/index.ts";
import { openAdminSession } from "../../runtime/adminSession.ts";
import { defaultAuditUrl, openAuditLedger } from "../../runtime/audit/index.ts";
import { FileWipeJournal } from "../../runtime/lifecycle/FileWipeJournal.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { stateDir } from "../../runtime/paths.ts";
import { printJson } from "../output.ts";

const USER_ID = /^@[a-z0-9._=\-/+]+:[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

export function userIdArg(value: string): string {
  if (!USER_ID.test(value)) throw new InvalidArgumentError("must be a Matrix user id such as @dr.alice:wardroom.localhost");
  return value;
}

function redactArg(value: string): RedactScope {
  if (value !== "all" && value !== "portal") throw new InvalidArgumentError("must be all or portal");
  return value;
}

interface WipeOpts {
  device?: string;
  redact?: RedactScope | true;
  media?: boolean;
  lock: boolean;
  dryRun?: boolean;
  json?: boolean;
  homeserver?: string;
}

/**
 * `wardroom wipe`: remote wipe of a lost device or a whole account (DESIGN.md data flow 5).
 * Progress goes to stderr step by step; the report to stdout. Exit 1 when a step failed
 * (run it again to resume), 2 for bad input.
 */
export function registerWipeCommands(program: Command): void {
  program
    .command("wipe")
    .description("remote wipe: delete the user's devices (clients clear their data), lock the account, optionally redact messages and delete media")
    .argument("<userId>", "the Matrix user id (@name:server)", userIdArg)
    .option("--device <id>", "wipe only this device")
    .option("--redact [scope]", "also redact the user's messages: all rooms (the default) or portal (patient SMS rooms only)", redactArg)
    .option("--media", "also delete every file the user uploaded")
    .option("--no-lock", "do not lock the account (e.g. one lost device of a user who keeps working)")
    .option("--dry-run", "print the plan from the account as it is now and change nothing")
    .option("--homeserver <url>", "homeserver URL (default: $WARDROOM_HOMESERVER_URL or the local stack)")
    .option("--json", "machine-readable report")
    .action(async (userId: string, opts: WipeOpts) => {
      const request: WipeRequest = {
        userId,
        ...(opts.device ? { deviceId: opts.device } : {}),
        lock: opts.lock,
        redact: opts.redact === undefined ? "none" : opts.redact === true ? "all" : opts.redact,
        media: opts.media === true,
      };
      const session = await openAdminSession(opts.homeserver);
      try {
        const real = new SynapseAccountActions(session.client);
        const actions = opts.dryRun ? new DryRunAccountActions(real) : real;
        const say = (line: string) => process.stderr.write(`wipe: ${line}\n`);
        if (opts.dryRun) say(`plan for ${userId}: ${planWipe(request).map((s) => describeStep(s, request)).join("; ")}`);
        const report = await runWipe(request, actions, new FileWipeJournal(join(stateDir(), "lifecycle", "wipes")), {
          progress: say,
          now: () => new Date(),
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          newId: () => randomUUID(),
          saved: crashFailpoint,
        }, opts.dryRun === true);
        if (!opts.dryRun) await auditWipe(session.actor, report);
        if (opts.json) printJson(opts.dryRun ? { ...report, intended: (actions as DryRunAccountActions).intended } : report);
        else process.stdout.write(formatReport(report, opts.dryRun ? (actions as DryRunAccountActions).intended : []));
        if (!report.ok) throw new CheckFailedError(`the wipe of ${userId} did not finish; run the same command again to resume it`);
      } finally {
        await session.close();
      }
    });
}

/** `device.wiped` with the report's counts (and its hash), and `account.locked` when locked. */
async function auditWipe(actor: string, report: WipeReport): Promise<void> {
  const ledger = await openAuditLedger({ url: defaultAuditUrl(), actions: defaultActionRegistry() });
  try {
    for (const entry of wipeAuditEntries(actor, report)) await ledger.append(entry);
  } finally {
    await ledger.close();
  }
}

/**
 * A failpoint for the crash tests: with WARDROOM_FAULT_AFTER_STEP=<step> the process kills
 * itself (SIGKILL, no clean-up) right after that step is journaled, as a power cut would.
 */
function crashFailpoint(step: string): void {
  if (process.env.WARDROOM_FAULT_AFTER_STEP === step) process.kill(process.pid, "SIGKILL");
}

function formatReport(r: WipeReport, intended: string[]): string {
  const lines = [`${r.dryRun ? "dry run of wipe" : "wipe"} ${r.wipeId} of ${r.userId}: ${r.ok ? "complete" : "NOT complete"}${r.resumed ? " (resumed)" : ""}`];
  for (const s of r.steps) lines.push(`  ${s.step.padEnd(20)} ${s.state}${s.state === "done" ? ` (${s.count})` : s.error ? `: ${s.error}` : ""}`);
  for (const i of intended) lines.push(`  ${i}`);
  if (!r.dryRun) {
    lines.push(`  devices deleted: ${r.devicesDeleted.length}; account locked: ${r.locked ? "yes" : "no"}; rooms redacted: ${r.roomsRedacted}; media deleted: ${r.mediaDeleted}`);
  }
  return `${lines.join("\n")}\n`;
}
