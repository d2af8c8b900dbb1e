import { InputError } from "../errors.ts";

/**
 * Synapse's worker topology as Wardroom runs it: which processes exist, what each one does and
 * which streams it writes. One description for every deployment; the local stack and the AWS
 * program render it (topologyConfig.ts for Synapse's own files, topologyRoutes.ts for the
 * router in front). The reference is Synapse's docs/workers.md for the pinned release
 * (infra/synapse/requirements.txt) and its synapse/config/workers.py, which decides what a
 * valid `stream_writers` / `instance_map` is.
 */

/** Synapse's name for the main process in `instance_map` and `stream_writers`. */
export const MAIN_PROCESS = "main";

export type WorkerKind =
  | "main"
  /** Generic workers behind the router for the client API (reads, logins, keys, event creation). */
  | "client_reader"
  /** Generic workers for /sync and the other long-polls; one access token always lands on the same one. */
  | "sync"
  /** `events` stream writers: persist events, sharded by room. */
  | "event_persister"
  /** The single writer of the typing, to_device, account_data, receipts, presence and push_rules streams. */
  | "stream_writer"
  /** The media repository (Synapse's media_repository app): uploads, downloads, thumbnails, media admin. */
  | "media_repository"
  /** Runs Synapse's background tasks (`run_background_tasks_on`) and the user directory updates. */
  | "background"
  /** Sends push notifications (`pusher_instances`). */
  | "pusher"
  /** Sends appservice transactions (`notify_appservices_from_worker`): the SMS bridge is served from here. */
  | "appservice";

/** Streams the `stream_writer` worker owns. Synapse allows one writer each for all of them but receipts. */
export const STREAM_WRITER_STREAMS = ["typing", "to_device", "account_data", "receipts", "presence", "push_rules"] as const;
export type WriterStream = (typeof STREAM_WRITER_STREAMS)[number] | "events";

export type WorkerApp = "synapse.app.generic_worker" | "synapse.app.media_repository";

export interface SynapseWorker {
  /** `worker_name`: unique, stable (it is stored in Synapse's stream positions). */
  name: string;
  kind: Exclude<WorkerKind, "main">;
  app: WorkerApp;
  /**
   * Resources on the worker's HTTP listener (none: the worker serves no requests, only the
   * health check and metrics).
   */
  resources: ("client" | "media")[];
  /** Streams this worker writes: it then needs a replication listener and an instance_map entry. */
  streams: WriterStream[];
}

export interface WorkerCounts {
  clientReaders: number;
  syncWorkers: number;
  eventPersisters: number;
  pushers: number;
  mediaRepositories: number;
}

/** The smallest worker deployment that exercises every kind; what the local worker mode runs. */
export const MINIMAL_WORKER_COUNTS: WorkerCounts = {
  clientReaders: 1,
  syncWorkers: 1,
  eventPersisters: 1,
  pushers: 1,
  mediaRepositories: 1,
};

/** Limits: the router's token hashing spreads 36 buckets, and Synapse must be restarted as a whole when persisters change. */
export const WORKER_COUNT_LIMITS: Record<keyof WorkerCounts, { min: number; max: number }> = {
  clientReaders: { min: 1, max: 16 },
  syncWorkers: { min: 1, max: 36 },
  eventPersisters: { min: 1, max: 8 },
  pushers: { min: 1, max: 8 },
  mediaRepositories: { min: 1, max: 4 },
};

export interface SynapseTopology {
  counts: WorkerCounts;
  workers: SynapseWorker[];
  /** `stream_writers`: stream -> the instances that write it (main when a stream is absent). */
  streamWriters: Partial<Record<WriterStream, string[]>>;
  backgroundTasksOn: string;
  notifyAppservicesFrom: string;
  updateUserDirectoryFrom: string;
  pusherInstances: string[];
  mediaBackgroundJobsOn: string;
}

function checkCounts(counts: WorkerCounts): void {
  for (const key of Object.keys(WORKER_COUNT_LIMITS) as (keyof WorkerCounts)[]) {
    const value = counts[key];
    const { min, max } = WORKER_COUNT_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InputError(`workers.${key}: must be a whole number from ${min} to ${max} (got ${String(value)})`);
    }
  }
}

function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

/** Builds the topology for the given counts; bad counts throw an InputError naming the key. */
export function buildTopology(counts: WorkerCounts): SynapseTopology {
  checkCounts(counts);
  const generic = (name: string, kind: SynapseWorker["kind"], resources: SynapseWorker["resources"], streams: WriterStream[] = []): SynapseWorker => ({
    name,
    kind,
    app: "synapse.app.generic_worker",
    resources,
    streams,
  });
  const persisters = numbered("event_persister", counts.eventPersisters);
  const pushers = numbered("pusher", counts.pushers);
  const media = numbered("media", counts.mediaRepositories);
  const workers: SynapseWorker[] = [
    ...numbered("client_reader", counts.clientReaders).map((n) => generic(n, "client_reader", ["client"])),
    ...numbered("sync", counts.syncWorkers).map((n) => generic(n, "sync", ["client"])),
    // Event persisters serve no client requests: event creators hand events to them over replication.
    ...persisters.map((n) => generic(n, "event_persister", [], ["events"])),
    // The stream writer serves the endpoints of its streams (typing, sendToDevice, receipts...).
    generic("stream_writer1", "stream_writer", ["client"], [...STREAM_WRITER_STREAMS]),
    ...media.map((n): SynapseWorker => ({ name: n, kind: "media_repository", app: "synapse.app.media_repository", resources: ["media"], streams: [] })),
    generic("background1", "background", []),
    ...pushers.map((n) => generic(n, "pusher", [])),
    // A client listener for one endpoint only: the appservice ping (see topologyRoutes.ts),
    // which must reach the process whose scheduler retries the SMS bridge's transactions.
    generic("appservice1", "appservice", ["client"]),
  ];
  const streamWriters: SynapseTopology["streamWriters"] = { events: persisters };
  for (const s of STREAM_WRITER_STREAMS) streamWriters[s] = ["stream_writer1"];
  return {
    counts: { ...counts },
    workers,
    streamWriters,
    backgroundTasksOn: "background1",
    notifyAppservicesFrom: "appservice1",
    updateUserDirectoryFrom: "background1",
    pusherInstances: pushers,
    mediaBackgroundJobsOn: media[0] ?? "media1",
  };
}

/** Workers that write a stream: they (and main) need an HTTP replication listener and an instance_map entry. */
export function replicationInstances(t: SynapseTopology): string[] {
  return [MAIN_PROCESS, ...t.workers.filter((w) => w.streams.length > 0).map((w) => w.name)];
}

export function workersOfKind(t: SynapseTopology, kind: SynapseWorker["kind"]): SynapseWorker[] {
  return t.workers.filter((w) => w.kind === kind);
}
