import { describe, expect, it } from "vitest";
import { buildTopology } from "../../../core/synapse/topology.ts";
import { renderAwsRouting, renderAwsServices, ALB_VALUES_PER_RULE, type AwsListenerRule } from "../../../core/synapse/topologyAws.ts";
import { accessTokenOf, globMatches, resolveInstance, routeByGlob, routeByRegex, syncWorkerForToken, TOKEN_BUCKETS, tokenBucket } from "../../../core/synapse/topologyRoutes.ts";

/** Sample requests and the pool docs/workers.md (pinned release) sends them to; "main" when it lists no worker. */
const SAMPLES: [method: string, path: string, pool: string][] = [
  ["GET", "/_matrix/client/v3/sync", "sync"],
  ["GET", "/_matrix/client/r0/sync", "sync"],
  ["GET", "/_matrix/client/v3/events", "sync"],
  ["GET", "/_matrix/client/v3/rooms/!r:example.org/initialSync", "sync"],
  ["POST", "/_matrix/client/v3/login", "client_reader"],
  ["GET", "/_matrix/client/versions", "client_reader"],
  ["POST", "/_matrix/client/v3/createRoom", "client_reader"],
  ["PUT", "/_matrix/client/v3/rooms/!r:example.org/send/m.room.message/txn1", "client_reader"],
  ["PUT", "/_matrix/client/v3/rooms/!r:example.org/state/org.wardroom.sms_portal/", "client_reader"],
  ["GET", "/_matrix/client/v3/rooms/!r:example.org/state", "client_reader"],
  ["GET", "/_matrix/client/v3/rooms/!r:example.org/members", "client_reader"],
  ["POST", "/_matrix/client/v3/rooms/!r:example.org/invite", "client_reader"],
  ["POST", "/_matrix/client/v3/join/!r:example.org", "client_reader"],
  ["POST", "/_matrix/client/v3/keys/query", "client_reader"],
  ["POST", "/_matrix/client/v3/keys/upload", "client_reader"],
  ["GET", "/_matrix/client/v3/devices", "client_reader"],
  ["DELETE", "/_matrix/client/v3/devices/ABCDEF", "client_reader"],
  ["PUT", "/_matrix/client/v3/rooms/!r:example.org/typing/@a:example.org", "stream_writer"],
  ["PUT", "/_matrix/client/v3/sendToDevice/m.room.encrypted/txn2", "stream_writer"],
  ["PUT", "/_matrix/client/v3/user/@a:example.org/account_data/m.direct", "stream_writer"],
  ["PUT", "/_matrix/client/v3/user/@a:example.org/rooms/!r:example.org/tags/u.work", "stream_writer"],
  ["POST", "/_matrix/client/v3/rooms/!r:example.org/receipt/m.read/$e", "stream_writer"],
  ["POST", "/_matrix/client/v3/rooms/!r:example.org/read_markers", "stream_writer"],
  ["GET", "/_matrix/client/v3/pushrules/", "stream_writer"],
  ["GET", "/_matrix/client/v3/presence/@a:example.org/status", "stream_writer"],
  ["POST", "/_matrix/media/v3/upload", "media_repository"],
  ["GET", "/_matrix/client/v1/media/download/example.org/abc", "media_repository"],
  ["DELETE", "/_synapse/admin/v1/media/example.org/abc", "media_repository"],
  ["GET", "/_synapse/admin/v1/users/@a:example.org/media", "media_repository"],
  // The process that sends appservice transactions is the one a ping can make retry.
  ["POST", "/_matrix/client/v1/appservice/wardroom-sms/ping", "appservice"],
  // Main process: admin API, SSO, refresh/logout, Wardroom's module, whatever is not listed.
  ["GET", "/_synapse/admin/v2/users/@a:example.org", "main"],
  ["POST", "/_synapse/admin/v1/register", "main"],
  ["GET", "/_matrix/client/v3/login/sso/redirect/oidc-wardroom", "main"],
  ["GET", "/_synapse/client/oidc/callback", "main"],
  ["GET", "/_synapse/client/pick_idp", "main"],
  ["POST", "/_synapse/client/wardroom/v1/sms_portal_room", "main"],
  ["POST", "/_synapse/client/wardroom/v1/server_notice", "main"],
  ["POST", "/_matrix/client/v3/refresh", "main"],
  ["POST", "/_matrix/client/v3/logout", "main"],
  ["GET", "/_matrix/client/v3/rooms/!r:example.org/messages", "main"],
  ["POST", "/_matrix/client/v3/rooms/!r:example.org/upgrade", "main"],
  ["GET", "/health", "main"],
];

describe("the routing table", () => {
  it.each(SAMPLES)("%s %s goes to %s", (method, path, pool) => {
    expect(routeByRegex(path, method)?.pool ?? "main").toBe(pool);
  });

  it("routes every sample the same way with the ALB path patterns as with Synapse's regexes", () => {
    for (const [method, path] of SAMPLES) {
      expect(routeByGlob(path, method)?.id, path).toBe(routeByRegex(path, method)?.id);
    }
  });

  it("matches ALB path patterns as full matches with * and ?", () => {
    expect(globMatches("/_matrix/client/*/sync", "/_matrix/client/v3/sync")).toBe(true);
    expect(globMatches("/_matrix/client/*/sync", "/_matrix/client/v3/sync/x")).toBe(false);
    expect(globMatches("/a?c", "/abc")).toBe(true);
    expect(globMatches("/a.c", "/abc")).toBe(false);
  });
});

describe("sync by access token", () => {
  const t = buildTopology({ clientReaders: 1, syncWorkers: 3, eventPersisters: 1, pushers: 1, mediaRepositories: 1 });

  it("sends one token's syncs to one worker, and spreads tokens over all sync workers", () => {
    const token = "syt_ZHIuYWxpY2U_AbCdEfGhIjKlMnOpQrSt_1a2B3c";
    expect(syncWorkerForToken(t, token)).toBe(syncWorkerForToken(t, token));
    const used = new Set(TOKEN_BUCKETS.map((c) => syncWorkerForToken(t, `syt_x_y_abcde${c}`)));
    expect([...used].sort()).toEqual(["sync1", "sync2", "sync3"]);
  });

  it("buckets case-insensitively (as ALB header matching is)", () => {
    expect(tokenBucket("tokenA")).toBe(tokenBucket("tokena"));
    expect(tokenBucket("token9")).toBe(9);
  });

  it("reads the token from the Authorization header, else from the query", () => {
    expect(accessTokenOf({ authorization: "Bearer syt_abc" }, new URLSearchParams())).toBe("syt_abc");
    expect(accessTokenOf({}, new URLSearchParams("access_token=syt_q"))).toBe("syt_q");
    expect(accessTokenOf({ authorization: "Basic x" }, new URLSearchParams())).toBeUndefined();
  });
});

/** A small model of ALB rule evaluation: rules by priority, all conditions must match. */
function albRoute(rules: AwsListenerRule[], req: { method: string; path: string; authorization?: string }): string | undefined {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  for (const r of sorted) {
    if (!r.pathPatterns.some((p) => globMatches(p, req.path))) continue;
    if (r.httpMethods && !r.httpMethods.includes(req.method)) continue;
    if (r.authorizationValues && !r.authorizationValues.some((v) => req.authorization !== undefined && globMatches(v.toLowerCase(), req.authorization.toLowerCase()))) continue;
    return r.targetGroup;
  }
  return undefined;
}

describe("the routing table as ALB listener rules", () => {
  const t = buildTopology({ clientReaders: 2, syncWorkers: 4, eventPersisters: 2, pushers: 2, mediaRepositories: 1 });
  const routing = renderAwsRouting(t);

  it("stays within the ALB's limits: five condition values per rule, unique priorities", () => {
    for (const r of routing.rules) {
      expect(r.pathPatterns.length + (r.authorizationValues?.length ?? 0) + (r.httpMethods?.length ?? 0)).toBeLessThanOrEqual(ALB_VALUES_PER_RULE);
    }
    const priorities = routing.rules.map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(routing.rules.length).toBeLessThan(100);
  });

  it("sends every request where the local router sends it", () => {
    const tokens = TOKEN_BUCKETS.map((c) => `syt_ZHIuYWxpY2U_AbCdEfGhIjKlMnOpQrSt_1a2B3${c}`);
    for (const [method, path] of SAMPLES) {
      for (const token of tokens) {
        const group = albRoute(routing.rules, { method, path, authorization: `Bearer ${token}` }) ?? routing.defaultTargetGroup;
        const members = routing.targetGroups[group];
        expect(members, `${group} exists`).toBeDefined();
        const local = resolveInstance(t, { method, path, token }, (pool) => pool[0]!);
        if (members!.length === 1) expect(members![0], `${method} ${path}`).toBe(local);
        else expect(members, `${method} ${path}`).toContain(local);
      }
    }
  });

  it("gives each sync worker its own target group and every bucket one rule", () => {
    const syncRules = routing.rules.filter((r) => r.routeId === "sync" && r.authorizationValues);
    expect(syncRules.flatMap((r) => r.authorizationValues!).sort()).toEqual(TOKEN_BUCKETS.map((c) => `*${c}`).sort());
    expect(routing.targetGroups["worker-sync3"]).toEqual(["sync3"]);
  });

  it("runs one ECS service per Synapse process, registered in its target groups", () => {
    const services = renderAwsServices(t);
    expect(services.map((s) => s.instance)).toEqual(["main", ...t.workers.map((w) => w.name)]);
    expect(services.find((s) => s.instance === "sync2")!.targetGroups.sort()).toEqual(["pool-sync", "worker-sync2"]);
    expect(services.find((s) => s.instance === "appservice1")).toMatchObject({ servesRequests: true, targetGroups: ["pool-appservice"] });
    expect(services.find((s) => s.instance === "background1")).toMatchObject({ servesRequests: false, targetGroups: [] });
    expect(services.filter((s) => s.replication).map((s) => s.instance)).toEqual(["main", "event_persister1", "event_persister2", "stream_writer1"]);
  });
});
