import { randomUUID } from "node:crypto";
import { runWipe, wipeAuditEntries, type WipeReport, type WipeRequest } from "../core/lifecycle/index.ts";
import { FileWipeJournal } from "../runtime/lifecycle/FileWipeJournal.ts";
import { SynapseAccountActions } from "../runtime/lifecycle/SynapseAccountActions.ts";
import type { ConsoleDeps } from "./deps.ts";

export interface WipeJob {
  id: string;
  actor: string;
  request: WipeRequest;
  /** The wipe's progress lines, as the CLI prints them (ids and counts, never message text). */
  lines: string[];
  report?: WipeReport;
  /** The wipe could not run at all (the homeserver down before the first step). */
  error?: string;
}

const MAX_JOBS = 200;

/**
 * Wipes started from the console run in the background (the person watches the progress page),
 * through the same core/lifecycle/wipe.ts plan as the CLI, journaled in files so a console
 * restart resumes a wipe when it is started again. The jobs list (for the progress page) is
 * kept in memory, the newest MAX_JOBS.
 */
export class ConsoleWipes {
  readonly #jobs = new Map<string, WipeJob>();
  readonly #actions: SynapseAccountActions;
  readonly #journal: FileWipeJournal;

  constructor(private readonly deps: Pick<ConsoleDeps, "synapse" | "audit" | "clock" | "wipeJournalDir">) {
    this.#actions = new SynapseAccountActions(deps.synapse);
    this.#journal = new FileWipeJournal(deps.wipeJournalDir);
  }

  get(id: string): WipeJob | undefined {
    return this.#jobs.get(id);
  }

  /** Starts a wipe and returns its job at once; `done` settles when it has finished and is audited. */
  start(actor: string, request: WipeRequest): { job: WipeJob; done: Promise<void> } {
    const job: WipeJob = { id: randomUUID(), actor, request, lines: [] };
    this.#jobs.set(job.id, job);
    for (const old of [...this.#jobs.keys()].slice(0, Math.max(0, this.#jobs.size - MAX_JOBS))) this.#jobs.delete(old);
    const done = runWipe(request, this.#actions, this.#journal, {
      progress: (line) => job.lines.push(line),
      now: this.deps.clock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      newId: () => job.id,
    })
      .then(async (report) => {
        for (const entry of wipeAuditEntries(actor, report)) await this.deps.audit.append(entry);
        job.report = report;
      })
      .catch((err: unknown) => {
        job.error = err instanceof Error ? err.message : "the wipe could not run";
      });
    return { job, done };
  }
}
