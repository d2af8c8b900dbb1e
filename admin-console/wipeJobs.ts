import type { WipeReport, WipeRequest } from "../core/lifecycle/index.ts";

export interface WipeJob {
  id: string;
  actor: string;
  request: WipeRequest;
  /** ISO 8601, when the console started it. */
  startedAt: string;
  /** The wipe's progress lines, as the CLI prints them (ids and counts, never message text). */
  lines: string[];
  report?: WipeReport;
  /** The wipe could not run at all (the homeserver down before the first step). */
  error?: string;
}

/**
 * Where the console keeps its wipe jobs (what the progress page shows). Rules: `save` is
 * durable when it returns and replaces the job's earlier state; `unfinished` answers the jobs
 * saved without a report or an error, oldest first; `recent` answers at most `limit` jobs,
 * newest first (started later; ties by id), running and finished. SqlWipeJobStore is the real one (SQLite
 * or PostgreSQL); MemoryWipeJobStore is for tests that do not restart the console.
 */
export interface WipeJobStore {
  save(job: WipeJob): Promise<void>;
  get(id: string): Promise<WipeJob | undefined>;
  unfinished(): Promise<WipeJob[]>;
  recent(limit: number): Promise<WipeJob[]>;
}

/** Newest first: started later, then the greater id (a stable order for jobs started together). */
export function newestFirst(a: Pick<WipeJob, "id" | "startedAt">, b: Pick<WipeJob, "id" | "startedAt">): number {
  return a.startedAt === b.startedAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.startedAt < b.startedAt ? 1 : -1;
}

export class MemoryWipeJobStore implements WipeJobStore {
  readonly #jobs = new Map<string, string>();
  async save(job: WipeJob): Promise<void> {
    this.#jobs.set(job.id, JSON.stringify(job));
  }
  async get(id: string): Promise<WipeJob | undefined> {
    const text = this.#jobs.get(id);
    return text ? (JSON.parse(text) as WipeJob) : undefined;
  }
  async unfinished(): Promise<WipeJob[]> {
    return this.#all().filter((j) => !j.report && j.error === undefined);
  }
  async recent(limit: number): Promise<WipeJob[]> {
    return this.#all().sort(newestFirst).slice(0, limit);
  }
  #all(): WipeJob[] {
    return [...this.#jobs.values()].map((t) => JSON.parse(t) as WipeJob);
  }
}
