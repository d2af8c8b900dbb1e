import { randomUUID } from "node:crypto";
import { runWipe, wipeAuditEntries, type WipeRequest } from "../core/lifecycle/index.ts";
import { FileWipeJournal } from "../runtime/lifecycle/FileWipeJournal.ts";
import { SynapseAccountActions } from "../runtime/lifecycle/SynapseAccountActions.ts";
import type { ConsoleDeps } from "./deps.ts";
import type { WipeJob, WipeJobStore } from "./wipeJobs.ts";

export type { WipeJob, WipeJobStore } from "./wipeJobs.ts";
export { MemoryWipeJobStore } from "./wipeJobs.ts";

/**
 * Wipes started from the console run in the background (the person watches the progress page),
 * through the same core/lifecycle/wipe.ts plan as the CLI. Two records keep them across a
 * restart: the wipe's journal (FileWipeJournal: which steps are done) and its job in the
 * WipeJobStore (who started it, the progress lines, the report). A restarted console calls
 * `resumeUnfinished()`: every job still running is run again under its id, and the journal
 * makes that a resume (finished steps are not repeated).
 */
export class ConsoleWipes {
  /** Jobs running in this process (their lines grow here; each change is saved to the store). */
  readonly #running = new Map<string, WipeJob>();
  readonly #actions: SynapseAccountActions;
  readonly #journal: FileWipeJournal;
  readonly #store: WipeJobStore;

  constructor(private readonly deps: Pick<ConsoleDeps, "synapse" | "audit" | "clock" | "wipeJournalDir" | "wipeJobs">) {
    this.#actions = new SynapseAccountActions(deps.synapse);
    this.#journal = new FileWipeJournal(deps.wipeJournalDir);
    this.#store = deps.wipeJobs;
  }

  /** A job of this process or of an earlier one (the store). */
  async get(id: string): Promise<WipeJob | undefined> {
    return this.#running.get(id) ?? (await this.#store.get(id));
  }

  /**
   * The newest `limit` wipes, running and finished; a job running in this process shows its
   * latest lines (its saves to the store may lag a line behind).
   */
  async recent(limit: number): Promise<WipeJob[]> {
    return (await this.#store.recent(limit)).map((j) => this.#running.get(j.id) ?? j);
  }

  /**
   * Starts a wipe: resolves once its job is saved (so its progress page exists even if the
   * console stops now); `done` settles when it has finished, is audited and saved.
   */
  async start(actor: string, request: WipeRequest): Promise<{ job: WipeJob; done: Promise<void> }> {
    const job: WipeJob = { id: randomUUID(), actor, request, startedAt: this.deps.clock().toISOString(), lines: [] };
    await this.#store.save(job);
    return { job, done: this.#run(job) };
  }

  /** Runs again every job an earlier console process left running; resolves when all have finished. */
  async resumeUnfinished(): Promise<number> {
    const jobs = (await this.#store.unfinished()).filter((j) => !this.#running.has(j.id));
    await Promise.all(
      jobs.map((job) => {
        job.lines.push("the console restarted: resuming the wipe");
        return this.#run(job);
      }),
    );
    return jobs.length;
  }

  #run(job: WipeJob): Promise<void> {
    this.#running.set(job.id, job);
    // Saves are chained, so the store never gets an older state after a newer one.
    let saving: Promise<void> = Promise.resolve();
    const save = () => {
      const snapshot: WipeJob = { ...job, lines: [...job.lines] };
      saving = saving.then(() => this.#store.save(snapshot)).catch(() => undefined);
    };
    save();
    return runWipe(job.request, this.#actions, this.#journal, {
      progress: (line) => {
        job.lines.push(line);
        save();
      },
      now: this.deps.clock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      newId: () => job.id,
    })
      .then(async (report) => {
        for (const entry of wipeAuditEntries(job.actor, report)) await this.deps.audit.append(entry);
        job.report = report;
      })
      .catch((err: unknown) => {
        job.error = err instanceof Error ? err.message : "the wipe could not run";
      })
      .then(async () => {
        save();
        await saving;
        this.#running.delete(job.id);
      });
  }
}
