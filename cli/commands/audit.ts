import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { InvalidArgumentError, Option, type Command } from "commander";
import {
  canonicalJson,
  defaultActionRegistry,
  renderActionsMarkdown,
  withActionsSection,
  csvHeader,
  toCsvRow,
  toJsonLine,
  type AuditLedger,
  type AuditRecord,
  type ExportFormat,
} from "../../core/audit/index.ts";
import { CheckFailedError, InputError } from "../../core/errors.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV, defaultAnchorsPath, defaultAuditUrl, FileAnchorSink, openAuditLedger, readAnchorKey, S3AnchorSink } from "../../runtime/audit/index.ts";
import { printJson, StdoutWriter } from "../output.ts";

interface DbOpts {
  db?: string;
}

const dbOption = (): Option => new Option("--db <url>", "ledger: sqlite:/path/file.db or postgres://... (default: $WARDROOM_AUDIT_URL or .wardroom/audit/audit.db)");
const keyOption = (): Option => new Option("--key-file <file>", "HMAC key for anchors (default: $WARDROOM_AUDIT_ANCHOR_KEY_FILE; without one anchors carry a plain SHA-256)");

export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("the tamper-evident audit ledger: verify, export, tail, anchor");

  audit
    .command("verify")
    .description("check the hash chain (and anchors); exits 1 naming the first bad record")
    .option("--from <seq>", "first record to check (its link to the previous one is checked too)", seqArg)
    .option("--to <seq>", "last record to check", seqArg)
    .option("--anchors <file>", "checkpoints to compare with (default: $WARDROOM_AUDIT_ANCHORS or .wardroom/audit/anchors.jsonl when present)")
    .option("--s3-bucket <name>", "also read checkpoints from this Object Lock bucket (default: $WARDROOM_AUDIT_S3_BUCKET; region, endpoint and credentials from the AWS SDK's environment)")
    .option("--s3-prefix <prefix>", "key prefix of the checkpoints in the bucket", "audit-anchors/")
    .addOption(keyOption())
    .addOption(dbOption())
    .option("--json", "machine-readable output")
    .action(async (opts: DbOpts & { from?: number; to?: number; anchors?: string; s3Bucket?: string; s3Prefix: string; keyFile?: string; json?: boolean }) => {
      const anchorsFile = opts.anchors ?? defaultAnchorsPath();
      if (opts.anchors !== undefined && !existsSync(opts.anchors)) throw new InputError(`--anchors: no such file ${opts.anchors}`);
      const anchors = await new FileAnchorSink(anchorsFile).readAll();
      const bucket = opts.s3Bucket ?? process.env[AUDIT_S3_BUCKET_ENV];
      if (bucket) {
        // Reading needs no retention; the sink's constructor wants one for writes only.
        const s3 = new S3AnchorSink({ bucket, prefix: opts.s3Prefix, retentionDays: 1 });
        try {
          anchors.push(...(await s3.readAll()));
        } catch (err) {
          if (err instanceof InputError) throw err;
          throw new InputError(`--s3-bucket: cannot read checkpoints from s3://${bucket}/${opts.s3Prefix} (${(err as Error).name ?? "error"})`);
        } finally {
          s3.close();
        }
      }
      const key = readKey(opts.keyFile);
      await withLedger(opts, true, async (ledger) => {
        const report = await ledger.verify({ from: opts.from, to: opts.to, anchors, anchorKey: key });
        if (opts.anchors !== undefined && anchors.length > 0 && report.anchorsIgnored === anchors.length) {
          throw new InputError(`--anchors: ${opts.anchors} holds no checkpoint of this ledger (id ${await ledger.store.ledgerId()})`);
        }
        if (opts.json) printJson(report);
        if (report.problem) throw new CheckFailedError(`audit chain broken: ${report.problem.message}`);
        if (!opts.json) {
          const range = report.checked > 0 ? ` (seq ${report.firstSeq}..${report.lastSeq})` : "";
          const unauth = report.anchorsUnauthenticated > 0 ? `, ${report.anchorsUnauthenticated} without their HMAC key` : "";
          const records = `${report.checked} record${report.checked === 1 ? "" : "s"}`;
          const anchors = `${report.anchorsChecked} anchor${report.anchorsChecked === 1 ? "" : "s"}`;
          process.stdout.write(`audit chain ok: ${records}${range}, ${anchors} checked${unauth}\n`);
        }
      });
    });

  audit
    .command("export")
    .description("stream records, oldest first, to stdout (constant memory)")
    .addOption(new Option("--format <format>", "jsonl (faithful, verifiable) or csv (for spreadsheets)").choices(["jsonl", "csv"]).default("jsonl"))
    .option("--since <iso>", "from this time (inclusive)")
    .option("--until <iso>", "up to this time (exclusive)")
    .addOption(dbOption())
    // JSON Lines is already JSON: --json is accepted (every printing command takes it) and
    // means --format jsonl.
    .option("--json", "JSON Lines output (the same as --format jsonl)")
    .action(async (opts: DbOpts & { format: ExportFormat; since?: string; until?: string; json?: boolean }) => {
      if (opts.json && opts.format === "csv") throw new InputError("--json: cannot be combined with --format csv");
      await withLedger(opts, true, async (ledger) => {
        const out = new StdoutWriter();
        if (opts.format === "csv") await out.write(csvHeader());
        const format = opts.format === "csv" ? toCsvRow : toJsonLine;
        for await (const record of ledger.records({ since: opts.since, until: opts.until })) await out.write(format(record));
        await out.flush();
      });
    });

  audit
    .command("tail")
    .description("show the newest records (oldest of them first); --follow keeps printing new ones")
    .option("-n, --lines <n>", "how many records", countArg, 10)
    .option("-f, --follow", "wait for new records until interrupted")
    .addOption(dbOption())
    .option("--json", "JSON Lines output")
    .action(async (opts: DbOpts & { lines: number; follow?: boolean; json?: boolean }) => {
      await withLedger(opts, true, async (ledger) => {
        const print = (r: AuditRecord): void => {
          process.stdout.write(opts.json ? toJsonLine(r) : formatLine(r));
        };
        const page = opts.lines > 0 ? await ledger.query({ limit: Math.min(opts.lines, 1000) }) : { records: [] };
        page.records.reverse().forEach(print);
        if (!opts.follow) return;
        // Continue after what was printed, so that nothing appended meanwhile is skipped.
        const newest = page.records[page.records.length - 1];
        let next = (newest ? newest.seq : ((await ledger.head())?.seq ?? 0)) + 1;
        let stop = false;
        const onSignal = (): void => {
          stop = true;
        };
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        while (!stop) {
          for await (const r of ledger.records({ fromSeq: next })) {
            print(r);
            next = r.seq + 1;
          }
          await sleep(500);
        }
      });
    });

  audit
    .command("actions")
    .description("list every registered audit action and its details fields (the registry in core/audit/actions/)")
    .option("--markdown", "the table docs/audit.md shows")
    .option("--write-doc <file>", "regenerate the actions section of this document (docs/audit.md)")
    .option("--json", "machine-readable output")
    .action((opts: { markdown?: boolean; writeDoc?: string; json?: boolean }) => {
      const registry = defaultActionRegistry();
      if (opts.writeDoc) {
        let doc: string;
        try {
          doc = readFileSync(opts.writeDoc, "utf8");
        } catch {
          throw new InputError(`--write-doc: cannot read ${opts.writeDoc}`);
        }
        writeFileSync(opts.writeDoc, withActionsSection(doc, registry));
        return;
      }
      if (opts.json) {
        printJson(registry.list().map((a) => ({ name: a.name, description: a.description, fields: Object.fromEntries(Object.entries(a.fields).map(([k, f]) => [k, { kind: f.kind, required: f.required, describe: f.describe }])) })));
      } else if (opts.markdown) process.stdout.write(`${renderActionsMarkdown(registry)}\n`);
      else for (const a of registry.list()) process.stdout.write(`${a.name}  ${a.description}\n`);
    });

  audit
    .command("anchor")
    .description("write a checkpoint (seq, hash, time) of the chain outside the database and record audit.anchored")
    .option("--anchors <file>", "where checkpoints are appended (default: $WARDROOM_AUDIT_ANCHORS or .wardroom/audit/anchors.jsonl)")
    .addOption(keyOption())
    .addOption(dbOption())
    .option("--json", "machine-readable output")
    .action(async (opts: DbOpts & { anchors?: string; keyFile?: string; json?: boolean }) => {
      const sink = new FileAnchorSink(opts.anchors ?? defaultAnchorsPath());
      const key = readKey(opts.keyFile);
      await withLedger(opts, true, async (ledger) => {
        const result = await ledger.anchor(sink, { actor: cliActor(), key });
        if (!result) throw new InputError("db: the ledger is empty: nothing to anchor");
        if (opts.json) printJson({ file: sink.path, anchor: result.anchor, recordSeq: result.record.seq });
        else process.stdout.write(`anchored record ${result.anchor.seq} in ${sink.path}\n`);
      });
    });
}

async function withLedger(opts: DbOpts, mustExist: boolean, run: (ledger: AuditLedger) => Promise<void>): Promise<void> {
  const ledger = await openAuditLedger({ url: opts.db ?? defaultAuditUrl(), mustExist });
  try {
    await run(ledger);
  } finally {
    await ledger.close();
  }
}

function readKey(option: string | undefined): Uint8Array | undefined {
  const file = option ?? process.env[AUDIT_ANCHOR_KEY_FILE_ENV];
  return file ? readAnchorKey(file, "--key-file") : undefined;
}

/** Who ran the command, as an audit actor id. */
function cliActor(): string {
  return `cli:${userInfo().username.replace(/[^A-Za-z0-9._-]/g, "_") || "unknown"}`;
}

function formatLine(r: AuditRecord): string {
  return `${r.seq}  ${r.ts}  ${r.action}  ${r.actor}  ${r.target ?? "-"}  ${canonicalJson(r.details)}\n`;
}

function seqArg(value: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new InvalidArgumentError("must be a record seq (an integer >= 1)");
  return Number(value);
}

function countArg(value: string): number {
  if (!/^[0-9]{1,7}$/.test(value)) throw new InvalidArgumentError("must be a count (an integer >= 0)");
  return Number(value);
}

