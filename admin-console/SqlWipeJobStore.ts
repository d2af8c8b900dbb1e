import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import type { WipeReport, WipeRequest } from "../core/lifecycle/index.ts";
import { openDatabase, parseDatabaseUrl } from "../runtime/db.ts";
import type { WipeJob, WipeJobStore } from "./wipeJobs.ts";

interface WipeJobDatabase {
  console_wipe_jobs: {
    id: string;
    actor: string;
    /** JSON of the WipeRequest (user and device ids, options: no PHI). */
    request: string;
    /** JSON array of the progress lines (ids and counts, never message text). */
    lines: string;
    report: string | null;
    error: string | null;
    /** running until the wipe has a report or an error. */
    state: string;
    started_at: string;
    updated_at: string;
  };
}

function wipeJobMigrations(): MigrationProvider {
  return {
    getMigrations: async () => ({
      "0001_console_wipe_jobs": {
        // The migrator's Kysely has no schema type.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable("console_wipe_jobs")
            .addColumn("id", "text", (c) => c.primaryKey())
            .addColumn("actor", "text", (c) => c.notNull())
            .addColumn("request", "text", (c) => c.notNull())
            .addColumn("lines", "text", (c) => c.notNull())
            .addColumn("report", "text")
            .addColumn("error", "text")
            .addColumn("state", "text", (c) => c.notNull())
            .addColumn("started_at", "text", (c) => c.notNull())
            .addColumn("updated_at", "text", (c) => c.notNull())
            .execute();
          await db.schema.createIndex("console_wipe_jobs_state").on("console_wipe_jobs").columns(["state", "started_at"]).execute();
        },
      },
    }),
  };
}

type Row = WipeJobDatabase["console_wipe_jobs"];

function jobOf(row: Row): WipeJob {
  return {
    id: row.id,
    actor: row.actor,
    request: JSON.parse(row.request) as WipeRequest,
    lines: JSON.parse(row.lines) as string[],
    startedAt: row.started_at,
    ...(row.report !== null ? { report: JSON.parse(row.report) as WipeReport } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
  };
}

/**
 * The console's wipe jobs (what the progress page shows) in the same database family as its
 * sessions and the ledgers (SQLite or PostgreSQL; by default the sessions database, in a table
 * of its own), so that a restarted console still lists a running wipe, resumes it, and shows
 * finished ones. Finished jobs are kept for `keepDays` (their reports are in the audit ledger
 * for good).
 */
export class SqlWipeJobStore implements WipeJobStore {
  private constructor(
    private readonly db: Kysely<WipeJobDatabase>,
    private readonly clock: () => Date,
    private readonly keepDays: number,
  ) {}

  static async open(url: string, o: { clock?: () => Date; keepDays?: number } = {}): Promise<SqlWipeJobStore> {
    const { db } = await openDatabase<WipeJobDatabase>({ target: parseDatabaseUrl(url, "wipe jobs url", "/var/lib/wardroom/console-sessions.db"), migrations: wipeJobMigrations, name: "console_wipe_jobs" });
    return new SqlWipeJobStore(db, o.clock ?? (() => new Date()), o.keepDays ?? 90);
  }

  async save(job: WipeJob): Promise<void> {
    const now = this.clock().toISOString();
    const row: Row = {
      id: job.id,
      actor: job.actor,
      request: JSON.stringify(job.request),
      lines: JSON.stringify(job.lines),
      report: job.report ? JSON.stringify(job.report) : null,
      error: job.error ?? null,
      state: job.report || job.error !== undefined ? "finished" : "running",
      started_at: job.startedAt,
      updated_at: now,
    };
    const cutoff = new Date(this.clock().getTime() - this.keepDays * 86_400_000).toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom("console_wipe_jobs").where("state", "=", "finished").where("started_at", "<", cutoff).execute();
      await tx
        .insertInto("console_wipe_jobs")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet({ lines: row.lines, report: row.report, error: row.error, state: row.state, updated_at: row.updated_at }))
        .execute();
    });
  }

  async get(id: string): Promise<WipeJob | undefined> {
    const row = await this.db.selectFrom("console_wipe_jobs").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? jobOf(row) : undefined;
  }

  async unfinished(): Promise<WipeJob[]> {
    const rows = await this.db.selectFrom("console_wipe_jobs").selectAll().where("state", "=", "running").orderBy("started_at").execute();
    return rows.map(jobOf);
  }

  async recent(limit: number): Promise<WipeJob[]> {
    const rows = await this.db.selectFrom("console_wipe_jobs").selectAll().orderBy("started_at", "desc").orderBy("id", "desc").limit(limit).execute();
    return rows.map(jobOf);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
