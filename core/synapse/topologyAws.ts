import { MAIN_PROCESS, workersOfKind, type SynapseTopology, type WorkerKind } from "./topology.ts";
import { ROUTES, TOKEN_BUCKETS, syncBucketOwners } from "./topologyRoutes.ts";

/**
 * The worker topology in the shape the AWS program builds: one ECS service per Synapse
 * process (each has a stable worker_name and, for stream writers, a stable private DNS name
 * in instance_map), target groups, and the ALB listener rules of the routing table. Pure
 * data: infra/aws/homeserver.ts turns it into resources.
 */

/** ALB limit: five condition values per rule (paths, header values and methods together). */
export const ALB_VALUES_PER_RULE = 5;

export interface AwsSynapseService {
  /** The Synapse instance name (main or the worker_name). */
  instance: string;
  kind: WorkerKind;
  app: "synapse.app.homeserver" | "synapse.app.generic_worker" | "synapse.app.media_repository";
  /** Target groups the service's task registers with (keys of AwsSynapseRouting.targetGroups). */
  targetGroups: string[];
  /** Whether the task serves HTTP requests from the load balancer (otherwise only /health). */
  servesRequests: boolean;
  /** Whether it has a replication listener other processes call (main and stream writers). */
  replication: boolean;
}

export interface AwsListenerRule {
  /** Unique priority; lower is tried first (the routing table's order). */
  priority: number;
  routeId: string;
  pathPatterns: string[];
  /** Header condition on Authorization (token buckets of the sync route). */
  authorizationValues?: string[];
  httpMethods?: string[];
  targetGroup: string;
}

export interface AwsSynapseRouting {
  /** Target group key -> the instances registered in it. The default action forwards to "main". */
  targetGroups: Record<string, string[]>;
  rules: AwsListenerRule[];
  defaultTargetGroup: string;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const poolGroup = (kind: WorkerKind): string => (kind === "main" ? "main" : `pool-${kind}`);

export function renderAwsRouting(t: SynapseTopology): AwsSynapseRouting {
  const targetGroups: Record<string, string[]> = { main: [MAIN_PROCESS] };
  for (const w of t.workers) {
    if (w.resources.length === 0) continue;
    (targetGroups[poolGroup(w.kind)] ??= []).push(w.name);
  }
  const owners = syncBucketOwners(t);
  for (const w of workersOfKind(t, "sync")) targetGroups[`worker-${w.name}`] = [w.name];

  const rules: AwsListenerRule[] = [];
  const push = (r: Omit<AwsListenerRule, "priority">): void => {
    rules.push({ ...r, priority: rules.length + 1 });
  };
  for (const route of ROUTES) {
    const group = poolGroup(route.pool);
    const methodValues = route.methods ? route.methods.length : 0;
    if (route.balance === "token_hash") {
      // One rule per set of buckets owned by one worker: path + up to (5 - paths) header values.
      const perRule = ALB_VALUES_PER_RULE - route.globs.length - methodValues;
      const byWorker = new Map<string, string[]>();
      TOKEN_BUCKETS.forEach((c, i) => {
        const owner = owners[i] as string;
        byWorker.set(owner, [...(byWorker.get(owner) ?? []), `*${c}`]);
      });
      for (const [worker, values] of byWorker) {
        for (const part of chunks(values, perRule)) {
          push({ routeId: route.id, pathPatterns: route.globs, authorizationValues: part, ...(route.methods ? { httpMethods: route.methods } : {}), targetGroup: `worker-${worker}` });
        }
      }
      // No Authorization header (token in the query string): any worker of the pool.
    }
    for (const part of chunks(route.globs, ALB_VALUES_PER_RULE - methodValues)) {
      push({ routeId: route.id, pathPatterns: part, ...(route.methods ? { httpMethods: route.methods } : {}), targetGroup: group });
    }
  }
  return { targetGroups, rules, defaultTargetGroup: "main" };
}

export function renderAwsServices(t: SynapseTopology): AwsSynapseService[] {
  const routing = renderAwsRouting(t);
  const groupsOf = (instance: string): string[] =>
    Object.entries(routing.targetGroups)
      .filter(([, members]) => members.includes(instance))
      .map(([key]) => key);
  return [
    { instance: MAIN_PROCESS, kind: "main", app: "synapse.app.homeserver", targetGroups: groupsOf(MAIN_PROCESS), servesRequests: true, replication: true },
    ...t.workers.map((w) => ({
      instance: w.name,
      kind: w.kind,
      app: w.app,
      targetGroups: groupsOf(w.name),
      servesRequests: w.resources.length > 0,
      replication: w.streams.length > 0,
    })),
  ];
}
