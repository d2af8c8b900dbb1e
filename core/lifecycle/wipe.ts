/**
 * Remote wipe of a lost device or of a whole account, as a plan of steps over a capability
 * interface. The order is the point (DESIGN.md data flow 5):
 *
 * 1. delete the devices first: a deleted device's client gets `M_UNKNOWN_TOKEN` with
 *    `soft_logout: false` and clears its local data (messages, keys). A locked account or an
 *    expired token is a *soft* logout that keeps local data, so locking first would leave the
 *    patient conversations on the lost phone;
 * 2. lock the account: no new login can succeed from then on;
 * 3. delete every device again: a login that slipped in between 1 and 2 created a device
 *    that the lock alone would only soft-log-out. After 3 no session of the user survives,
 *    and none can be created (the account is locked), so there is no window;
 * 4. optionally redact the user's messages (Synapse's admin redaction task, polled until it
 *    is complete) and delete their media (in batches until none is left).
 *
 * Every step is idempotent and its outcome is saved in a journal before the next starts, so a
 * wipe interrupted by a crash is resumed by running it again: finished steps are not repeated
 * and a redaction task already started is polled, not started twice.
 */

/** Which of the user's messages to redact. */
export type RedactScope = "none" | "portal" | "all";

export interface WipeRequest {
  userId: string;
  /** Only this device; otherwise every device of the user. */
  deviceId?: string;
  /** Lock the account (the default; `--no-lock` keeps it usable, e.g. a single lost device). */
  lock: boolean;
  redact: RedactScope;
  media: boolean;
}

export interface DeviceInfo {
  deviceId: string;
  lastSeenTs: number | null;
  /** The name the client gave the device at login, when known. */
  displayName?: string;
}

export type RedactionStatus =
  | { status: "scheduled" | "active" }
  | { status: "complete"; failedEvents: number }
  | { status: "failed" };

/**
 * What a wipe does to an account and nothing else (the real implementation calls Synapse's
 * admin API; the dry run answers reads from it and records writes without making them).
 * Rules: every write is idempotent (deleting a device that is gone, locking a locked account
 * succeed); every method throws when the homeserver cannot answer, never guesses.
 */
export interface AccountActions {
  listDevices(userId: string): Promise<DeviceInfo[]>;
  deleteDevices(userId: string, deviceIds: string[]): Promise<void>;
  setLocked(userId: string, locked: boolean): Promise<void>;
  /** Rooms the user is or was in whose events are to be redacted. */
  roomsToRedact(userId: string, scope: Exclude<RedactScope, "none">): Promise<string[]>;
  /** Starts Synapse's redaction task for the user's events in `rooms`; returns its id. */
  startRedaction(userId: string, rooms: string[]): Promise<string>;
  redactionStatus(redactionId: string): Promise<RedactionStatus>;
  countMedia(userId: string): Promise<number>;
  /** Deletes up to one batch of the user's media; returns how many were deleted. */
  deleteMediaBatch(userId: string): Promise<number>;
}

export type WipeStepName = "delete_devices" | "lock_account" | "delete_late_devices" | "redact_messages" | "delete_media";

export interface StepOutcome {
  state: "done" | "failed";
  /** Devices deleted, events redacted, media deleted... */
  count: number;
  /** Ids the step acted on (device ids); never message text. */
  ids?: string[];
  /** For redaction: the task id, saved as soon as it exists so a resume polls it. */
  taskId?: string;
  failed?: number;
  error?: string;
}

/** A wipe's progress, saved after every step (the journal). */
export interface WipeProgress {
  wipeId: string;
  request: WipeRequest;
  startedAt: string;
  finishedAt?: string;
  steps: Partial<Record<WipeStepName, StepOutcome>>;
}

/**
 * Where a wipe's progress lives between steps. Rules: `save` is durable when it returns (a
 * crash after it loses nothing); `open` returns the unfinished wipe for the same request, if
 * any, so that running the wipe again resumes it.
 */
export interface WipeJournal {
  open(request: WipeRequest): Promise<WipeProgress | undefined>;
  save(progress: WipeProgress): Promise<void>;
}

export interface WipeReport {
  wipeId: string;
  userId: string;
  dryRun: boolean;
  resumed: boolean;
  devicesDeleted: string[];
  locked: boolean;
  roomsRedacted: number;
  failedRedactions: number;
  mediaDeleted: number;
  steps: Array<{ step: WipeStepName; state: "done" | "failed" | "skipped"; count: number; resumed: boolean; error?: string }>;
  ok: boolean;
  startedAt: string;
  finishedAt: string;
}

export interface WipeHooks {
  /** One line per step as it starts and ends (the CLI prints them; the console streams them). */
  progress(line: string): void;
  now(): Date;
  /** Waits between polls of the redaction task. */
  sleep(ms: number): Promise<void>;
  newId(): string;
  /** Called once a step's outcome is saved in the journal (a crash after it loses nothing). */
  saved?(step: WipeStepName): void;
}

/** The steps a request needs, in order. */
export function planWipe(request: WipeRequest): WipeStepName[] {
  const steps: WipeStepName[] = ["delete_devices"];
  if (request.lock) steps.push("lock_account");
  // Only a locked account makes a second device sweep final; a one-device wipe without a lock
  // must not delete the devices the user is still using.
  if (request.lock && request.deviceId === undefined) steps.push("delete_late_devices");
  if (request.redact !== "none") steps.push("redact_messages");
  if (request.media) steps.push("delete_media");
  return steps;
}

/** Describes the plan in words, for `--dry-run` and the console's confirmation step. */
export function describeStep(step: WipeStepName, request: WipeRequest): string {
  switch (step) {
    case "delete_devices":
      return request.deviceId ? `delete device ${request.deviceId} (hard logout: the client clears its data)` : "delete every device (hard logout: clients clear their data)";
    case "lock_account":
      return "lock the account (no new login can succeed)";
    case "delete_late_devices":
      return "delete any device created before the lock took effect";
    case "redact_messages":
      return request.redact === "portal" ? "redact the user's messages in patient (SMS) rooms" : "redact the user's messages in every room";
    case "delete_media":
      return "delete every file the user uploaded";
  }
}

const POLL_MS = 500;
const MAX_MEDIA_BATCHES = 10_000;

/**
 * Runs (or resumes) a wipe. Failures of one step are recorded and the remaining steps still
 * run, except that nothing after a failed device deletion or lock runs: redacting while the
 * lost device still holds a session would let it keep what it already synced.
 */
export async function runWipe(request: WipeRequest, actions: AccountActions, journal: WipeJournal, hooks: WipeHooks, dryRun = false): Promise<WipeReport> {
  const existing = await journal.open(request);
  // A dry run may show where an unfinished wipe stands, but never writes to its journal.
  const store = dryRun ? noJournal : journal;
  const progress: WipeProgress = existing ?? { wipeId: hooks.newId(), request, startedAt: hooks.now().toISOString(), steps: {} };
  const resumed = existing !== undefined;
  if (resumed) hooks.progress(`resuming wipe ${progress.wipeId} of ${request.userId} (started ${progress.startedAt})`);
  const report: WipeReport["steps"] = [];
  let blocked = false;

  for (const step of planWipe(request)) {
    const done = progress.steps[step];
    if (done?.state === "done") {
      hooks.progress(`${step}: already done (${done.count})`);
      report.push({ step, state: "done", count: done.count, resumed: true });
      continue;
    }
    if (blocked) {
      report.push({ step, state: "skipped", count: 0, resumed: false, error: "an earlier step failed" });
      continue;
    }
    hooks.progress(`${step}: ${describeStep(step, request)}...`);
    let outcome: StepOutcome;
    try {
      outcome = await runStep(step, request, actions, progress, store, hooks);
    } catch (err) {
      // Keep what the step saved before it failed (a started redaction task's id).
      const prior = progress.steps[step];
      outcome = { state: "failed", count: prior?.count ?? 0, ...(prior?.taskId ? { taskId: prior.taskId } : {}), error: err instanceof Error ? err.message : String(err) };
    }
    progress.steps[step] = outcome;
    await store.save(progress);
    hooks.progress(`${step}: ${outcome.state}${outcome.state === "done" ? ` (${outcome.count})` : `: ${outcome.error ?? ""}`}`);
    hooks.saved?.(step);
    report.push({ step, state: outcome.state, count: outcome.count, resumed: false, ...(outcome.error ? { error: outcome.error } : {}) });
    if (outcome.state === "failed" && (step === "delete_devices" || step === "lock_account" || step === "delete_late_devices")) blocked = true;
  }

  const ok = report.every((s) => s.state === "done");
  if (ok) progress.finishedAt = hooks.now().toISOString();
  await store.save(progress);
  const s = progress.steps;
  return {
    wipeId: progress.wipeId,
    userId: request.userId,
    dryRun,
    resumed,
    devicesDeleted: [...(s.delete_devices?.ids ?? []), ...(s.delete_late_devices?.ids ?? [])],
    locked: s.lock_account?.state === "done",
    roomsRedacted: s.redact_messages?.count ?? 0,
    failedRedactions: s.redact_messages?.failed ?? 0,
    mediaDeleted: s.delete_media?.count ?? 0,
    steps: report,
    ok,
    startedAt: progress.startedAt,
    finishedAt: progress.finishedAt ?? hooks.now().toISOString(),
  };
}

async function deleteDevices(request: WipeRequest, actions: AccountActions): Promise<StepOutcome> {
  const devices = await actions.listDevices(request.userId);
  const ids = devices.map((d) => d.deviceId).filter((id) => request.deviceId === undefined || id === request.deviceId);
  if (ids.length > 0) await actions.deleteDevices(request.userId, ids);
  return { state: "done", count: ids.length, ids };
}

async function runStep(step: WipeStepName, request: WipeRequest, actions: AccountActions, progress: WipeProgress, journal: WipeJournal, hooks: WipeHooks): Promise<StepOutcome> {
  switch (step) {
    case "delete_devices":
    case "delete_late_devices":
      return deleteDevices(request, actions);
    case "lock_account":
      await actions.setLocked(request.userId, true);
      return { state: "done", count: 1 };
    case "redact_messages": {
      // `count` is the number of rooms whose events the task redacts (Synapse's task reports
      // the events it could not redact, not those it did).
      let taskId = progress.steps.redact_messages?.taskId;
      let rooms = progress.steps.redact_messages?.count ?? 0;
      if (taskId === undefined) {
        const targets = await actions.roomsToRedact(request.userId, request.redact === "portal" ? "portal" : "all");
        rooms = targets.length;
        if (targets.length === 0) return { state: "done", count: 0, failed: 0 };
        taskId = await actions.startRedaction(request.userId, targets);
        // Saved before polling: a crash from here on resumes by polling this task.
        progress.steps.redact_messages = { state: "failed", count: rooms, taskId, error: "interrupted while redacting" };
        await journal.save(progress);
        hooks.progress(`redact_messages: task ${taskId} started for ${rooms} room(s)`);
      }
      for (;;) {
        const status = await actions.redactionStatus(taskId);
        if (status.status === "complete") {
          const failed = status.failedEvents;
          return { state: failed > 0 ? "failed" : "done", count: rooms, taskId, failed, ...(failed > 0 ? { error: `${failed} event(s) could not be redacted` } : {}) };
        }
        if (status.status === "failed") return { state: "failed", count: rooms, taskId, error: "the homeserver's redaction task failed" };
        await hooks.sleep(POLL_MS);
      }
    }
    case "delete_media": {
      let deleted = 0;
      for (let i = 0; i < MAX_MEDIA_BATCHES; i++) {
        const n = await actions.deleteMediaBatch(request.userId);
        deleted += n;
        if (n === 0) break;
        hooks.progress(`delete_media: ${deleted} deleted so far`);
      }
      const left = await actions.countMedia(request.userId);
      return left === 0 ? { state: "done", count: deleted } : { state: "failed", count: deleted, error: `${left} file(s) left` };
    }
  }
}

/**
 * The dry run: reads go to the real account, writes are recorded and not made, so the plan
 * printed is the one a real wipe would carry out on the account as it is now.
 */
export class DryRunAccountActions implements AccountActions {
  readonly intended: string[] = [];
  #redactions = 0;

  constructor(private readonly real: Pick<AccountActions, "listDevices" | "roomsToRedact" | "countMedia">) {}

  listDevices(userId: string): Promise<DeviceInfo[]> {
    return this.real.listDevices(userId);
  }

  async deleteDevices(_userId: string, deviceIds: string[]): Promise<void> {
    this.intended.push(`would delete ${deviceIds.length} device(s): ${deviceIds.join(", ")}`);
  }

  async setLocked(_userId: string, locked: boolean): Promise<void> {
    this.intended.push(locked ? "would lock the account" : "would unlock the account");
  }

  roomsToRedact(userId: string, scope: Exclude<RedactScope, "none">): Promise<string[]> {
    return this.real.roomsToRedact(userId, scope);
  }

  async startRedaction(_userId: string, rooms: string[]): Promise<string> {
    this.intended.push(`would redact the user's events in ${rooms.length} room(s)`);
    return `dry-run-${++this.#redactions}`;
  }

  async redactionStatus(): Promise<RedactionStatus> {
    return { status: "complete", failedEvents: 0 };
  }

  async countMedia(userId: string): Promise<number> {
    // After the (intended) deletion, nothing would be left.
    return this.#mediaIntended ? 0 : this.real.countMedia(userId);
  }

  #mediaIntended = false;
  async deleteMediaBatch(userId: string): Promise<number> {
    if (this.#mediaIntended) return 0;
    this.intended.push(`would delete ${await this.real.countMedia(userId)} file(s)`);
    this.#mediaIntended = true;
    return 0;
  }
}

/** A journal that keeps nothing (dry runs, tests that do not resume). */
export const noJournal: WipeJournal = {
  open: async () => undefined,
  save: async () => undefined,
};
