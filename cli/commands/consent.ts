import type { Command } from "commander";
import { InputError, CheckFailedError } from "../../core/errors.ts";
import { parsePhone } from "../../core/sms/phone.ts";
import { defaultConsentUrl, openConsentStore } from "../../runtime/consent/index.ts";
import { loadPolicyFile, policyPath } from "../../runtime/policy.ts";
import { counted, printJson, StdoutWriter } from "../output.ts";

interface DbOpts {
  db?: string;
}

const DB_HELP = "consent ledger: sqlite:/path/file.db or postgres://... (default: $WARDROOM_CONSENT_URL or .wardroom/consent/consent.db)";

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The consent ledger for compliance officers: one number's full history with its evidence, an
 * export of everything, and a consistency check. The output holds phone numbers (PHI): it is
 * for authorised staff, like the console.
 */
export function registerConsentCommands(program: Command): void {
  const consent = program.command("consent").description("the SMS consent ledger: history with evidence, export, verify");

  consent
    .command("show")
    .description("a number's consent state and full history, with the evidence and the exact warning texts")
    .argument("<number>", "the patient's phone number (E.164, or national with the policy's default country)")
    .option("--db <url>", DB_HELP)
    .option("--json", "machine-readable output")
    .action(async (number: string, opts: DbOpts & { json?: boolean }) => {
      const policy = loadPolicyFile(policyPath());
      const phone = parsePhone(number, { defaultCountry: policy.sms.defaultCountry, field: "number", check: "possible" });
      const ledger = await openConsentStore({ url: opts.db ?? defaultConsentUrl(), mustExist: true });
      try {
        const h = await ledger.history(phone);
        if (opts.json) return printJson(h);
        const out = [`${phone}: ${h.status.state}${h.status.updatedAt ? ` since ${h.status.updatedAt}` : ""} (${counted(h.events.length, "event")})`];
        for (const e of h.events) {
          out.push(`  #${e.revision} ${e.ts} ${e.event} -> ${e.stateAfter} by ${e.actor}${e.warningVersion ? ` (warning ${e.warningVersion.slice(0, 12)})` : ""}`);
          out.push(`      evidence: ${JSON.stringify(e.evidence)}`);
        }
        for (const w of h.warnings) out.push(`  warning ${w.version.slice(0, 12)} [${w.language}]: "${w.text}"`);
        process.stdout.write(`${out.join("\n")}\n`);
      } finally {
        await ledger.close();
      }
    });

  consent
    .command("export")
    .description("every consent event with its evidence (and the warning texts), streamed")
    .option("--format <format>", "jsonl or csv", "jsonl")
    .option("--json", "the same as --format jsonl (JSON Lines: one JSON document per line)")
    .option("--db <url>", DB_HELP)
    .action(async (opts: DbOpts & { format: string; json?: boolean }) => {
      if (opts.format !== "jsonl" && opts.format !== "csv") throw new InputError("--format: must be jsonl or csv");
      if (opts.json && opts.format === "csv") throw new InputError("--json: cannot be combined with --format csv");
      const ledger = await openConsentStore({ url: opts.db ?? defaultConsentUrl(), mustExist: true });
      const out = new StdoutWriter();
      try {
        if (opts.format === "csv") await out.write("type,seq,ts,phone,revision,event,state_after,warning_version,actor,evidence,language,text\n");
        for await (const item of ledger.exportAll()) {
          if (opts.format === "jsonl") {
            await out.write(`${JSON.stringify(item)}\n`);
            continue;
          }
          const row =
            item.type === "warning"
              ? ["warning", "", "", "", "", "", "", item.version, "", "", item.language, item.text]
              : ["event", item.seq, item.ts, item.phone, item.revision, item.event, item.stateAfter, item.warningVersion, item.actor, item.evidence, "", ""];
          await out.write(`${row.map(csvCell).join(",")}\n`);
        }
        await out.flush();
      } finally {
        await ledger.close();
      }
    });

  consent
    .command("verify")
    .description("refold every number's events and compare with the stored states; exits 1 on a mismatch")
    .option("--db <url>", DB_HELP)
    .option("--json", "machine-readable output")
    .action(async (opts: DbOpts & { json?: boolean }) => {
      const ledger = await openConsentStore({ url: opts.db ?? defaultConsentUrl(), mustExist: true });
      try {
        const report = await ledger.verify();
        if (opts.json) printJson(report);
        else process.stdout.write(`${report.ok ? "ok" : "MISMATCH"}: ${counted(report.numbers, "number")}, ${counted(report.events, "event")}\n`);
        if (!report.ok) throw new CheckFailedError("the consent ledger does not match its events");
      } finally {
        await ledger.close();
      }
    });
}
