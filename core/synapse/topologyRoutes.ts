import { MAIN_PROCESS, workersOfKind, type SynapseTopology, type WorkerKind } from "./topology.ts";

/**
 * The routing table in front of Synapse's workers: which request paths go to which pool.
 * Routes are tried in order; the first match wins; anything unmatched goes to the main
 * process (refresh, logout, room upgrades, the admin API, SSO, Wardroom's module endpoints:
 * whatever Synapse's docs/workers.md does not list for a worker).
 *
 * Each route carries two spellings of the same paths:
 * - `regex`: the expression from Synapse's docs/workers.md (what the local router matches);
 * - `globs`: AWS ALB path patterns (full match; `*` is any run of characters, `?` one), which
 *   the ALB listener rules use. Unit tests check both spellings route the same sample paths.
 * Federation endpoints are absent: Wardroom never listens for federation unless the policy
 * allow-lists it, and then the main process serves it.
 */

export type Balance =
  /** Any instance of the pool. */
  | "round_robin"
  /** One access token always lands on the same instance (see syncWorkerForToken). */
  | "token_hash";

export interface Route {
  id: string;
  pool: WorkerKind;
  /** Anchored regular expressions over the request path (no query string). */
  regex: string[];
  globs: string[];
  /** Only these methods go to the pool (others fall through to later routes). */
  methods?: ("GET" | "HEAD")[];
  balance: Balance;
  why: string;
}

const C = "/_matrix/client";
const V = "(api/v1|r0|v3|unstable)";

export const ROUTES: readonly Route[] = [
  // Main process only: placed first so that no broader worker pattern catches them.
  {
    id: "sso",
    pool: "main",
    regex: [
      `^${C}/${V}/login/sso/redirect`,
      "^/_synapse/client/pick_idp$",
      "^/_synapse/client/pick_username",
      "^/_synapse/client/new_user_consent$",
      "^/_synapse/client/sso_register$",
      "^/_synapse/client/oidc/callback$",
    ],
    globs: [`${C}/*/login/sso/redirect*`, "/_synapse/client/pick_idp", "/_synapse/client/pick_username*", "/_synapse/client/new_user_consent", "/_synapse/client/sso_register", "/_synapse/client/oidc/callback"],
    balance: "round_robin",
    why: "Synapse needs every step of one SSO login on the same process; Wardroom keeps them all on main.",
  },
  {
    id: "wardroom-module",
    pool: "main",
    regex: ["^/_synapse/client/wardroom/"],
    globs: ["/_synapse/client/wardroom/*"],
    balance: "round_robin",
    why: "Wardroom's Synapse module (portal rooms, server notices) uses server notices and room creation internals that run on main.",
  },
  {
    id: "appservice-ping",
    pool: "appservice",
    regex: [`^${C}/v1/appservice/[^/]+/ping$`],
    globs: [`${C}/v1/appservice/*/ping`],
    balance: "round_robin",
    why:
      "A ping makes Synapse retry a backed-off appservice now (force_retry), but only on the process that sends the transactions; " +
      "elsewhere it checks the path and leaves the bridge waiting up to 8.5 minutes after an outage.",
  },
  {
    id: "media-admin",
    pool: "media_repository",
    regex: [
      "^/_synapse/admin/v1/purge_media_cache$",
      "^/_synapse/admin/v1/room/.*/media.*$",
      "^/_synapse/admin/v1/user/.*/media.*$",
      "^/_synapse/admin/v1/media/.*$",
      "^/_synapse/admin/v1/quarantine_media/.*$",
      "^/_synapse/admin/v1/users/.*/media$",
    ],
    globs: ["/_synapse/admin/v1/purge_media_cache", "/_synapse/admin/v1/room/*/media*", "/_synapse/admin/v1/user/*/media*", "/_synapse/admin/v1/media/*", "/_synapse/admin/v1/quarantine_media/*", "/_synapse/admin/v1/users/*/media"],
    balance: "round_robin",
    why: "With enable_media_repo off on main, only the media repository serves the media admin API.",
  },
  {
    id: "admin",
    pool: "main",
    regex: ["^/_synapse/admin/"],
    globs: ["/_synapse/admin/*"],
    balance: "round_robin",
    why: "The rest of the admin API (users, devices, rooms, wipes) stays on main; the edge limits it to configured networks.",
  },
  {
    id: "media",
    pool: "media_repository",
    regex: ["^/_matrix/media/", `^${C}/v1/media/`],
    globs: ["/_matrix/media/*", `${C}/v1/media/*`],
    balance: "round_robin",
    why: "Uploads, downloads and thumbnails (docs/workers.md, synapse.app.media_repository).",
  },
  // Endpoints of the streams the stream writer owns (docs/workers.md, "Stream writers").
  {
    id: "typing",
    pool: "stream_writer",
    regex: [`^${C}/${V}/rooms/.*/typing`],
    globs: [`${C}/*/rooms/*/typing*`],
    balance: "round_robin",
    why: "typing stream writer",
  },
  {
    id: "to-device",
    pool: "stream_writer",
    regex: [`^${C}/(r0|v3|unstable)/sendToDevice/`],
    globs: [`${C}/*/sendToDevice/*`],
    balance: "round_robin",
    why: "to_device stream writer (encryption key sharing)",
  },
  {
    id: "account-data",
    pool: "stream_writer",
    regex: [`^${C}/(r0|v3|unstable)/.*/tags`, `^${C}/(r0|v3|unstable)/.*/account_data`],
    globs: [`${C}/*/tags*`, `${C}/*/account_data*`],
    balance: "round_robin",
    why: "account_data stream writer",
  },
  {
    id: "receipts",
    pool: "stream_writer",
    regex: [`^${C}/(r0|v3|unstable)/rooms/.*/receipt`, `^${C}/(r0|v3|unstable)/rooms/.*/read_markers`],
    globs: [`${C}/*/rooms/*/receipt*`, `${C}/*/rooms/*/read_markers*`],
    balance: "round_robin",
    why: "receipts stream writer",
  },
  {
    id: "presence",
    pool: "stream_writer",
    regex: [`^${C}/${V}/presence/`],
    globs: [`${C}/*/presence/*`],
    balance: "round_robin",
    why: "presence stream writer",
  },
  {
    id: "push-rules",
    pool: "stream_writer",
    regex: [`^${C}/${V}/pushrules/`],
    globs: [`${C}/*/pushrules/*`],
    balance: "round_robin",
    why: "push_rules stream writer",
  },
  // Sync: /sync by access token so one device's syncs reuse one worker's caches.
  {
    id: "sync",
    pool: "sync",
    regex: [`^${C}/(r0|v3)/sync$`],
    globs: [`${C}/*/sync`],
    balance: "token_hash",
    why: "docs/workers.md: /sync is more efficient when one user's requests reach one instance.",
  },
  {
    id: "sync-other",
    pool: "sync",
    regex: [`^${C}/(api/v1|r0|v3)/events$`, `^${C}/(api/v1|r0|v3)/initialSync$`, `^${C}/(api/v1|r0|v3)/rooms/[^/]+/initialSync$`],
    globs: [`${C}/*/events`, `${C}/*/initialSync`, `${C}/*/rooms/*/initialSync`],
    balance: "round_robin",
    why: "The legacy long-poll and initial sync endpoints.",
  },
  // Generic client API on the client readers (docs/workers.md, synapse.app.generic_worker).
  {
    id: "client-rooms",
    pool: "client_reader",
    regex: [
      `^${C}/${V}/createRoom$`,
      `^${C}/${V}/rooms/.*/joined_members$`,
      `^${C}/${V}/rooms/.*/context/.*$`,
      `^${C}/${V}/rooms/.*/members$`,
      `^${C}/${V}/rooms/.*/state$`,
      `^${C}/${V}/rooms/.*/event/`,
      `^${C}/(v1|unstable)/rooms/.*/relations/`,
      `^${C}/v1/rooms/.*/threads$`,
      `^${C}/v1/rooms/.*/hierarchy$`,
      `^${C}/${V}/joined_rooms$`,
    ],
    globs: [
      `${C}/*/createRoom`,
      `${C}/*/rooms/*/joined_members`,
      `${C}/*/rooms/*/context/*`,
      `${C}/*/rooms/*/members`,
      `${C}/*/rooms/*/state`,
      `${C}/*/rooms/*/event/*`,
      `${C}/*/rooms/*/relations/*`,
      `${C}/v1/rooms/*/threads`,
      `${C}/v1/rooms/*/hierarchy`,
      `${C}/*/joined_rooms`,
    ],
    balance: "round_robin",
    why: "Room reads and room creation.",
  },
  {
    id: "client-send",
    pool: "client_reader",
    regex: [
      `^${C}/${V}/rooms/.*/redact`,
      `^${C}/${V}/rooms/.*/send`,
      `^${C}/${V}/rooms/.*/state/`,
      `^${C}/${V}/rooms/.*/(join|invite|leave|ban|unban|kick)$`,
      `^${C}/${V}/join/`,
      `^${C}/${V}/knock/`,
      `^${C}/${V}/profile/`,
    ],
    globs: [
      `${C}/*/rooms/*/redact*`,
      `${C}/*/rooms/*/send*`,
      `${C}/*/rooms/*/state/*`,
      `${C}/*/rooms/*/join`,
      `${C}/*/rooms/*/invite`,
      `${C}/*/rooms/*/leave`,
      `${C}/*/rooms/*/ban`,
      `${C}/*/rooms/*/unban`,
      `${C}/*/rooms/*/kick`,
      `${C}/*/join/*`,
      `${C}/*/knock/*`,
      `${C}/*/profile/*`,
    ],
    balance: "round_robin",
    why: "Event creation: the client readers create events and hand them to the event persisters.",
  },
  {
    id: "client-keys",
    pool: "client_reader",
    regex: [
      `^${C}/(r0|v3|unstable)/keys/query$`,
      `^${C}/(r0|v3|unstable)/keys/changes$`,
      `^${C}/(r0|v3|unstable)/keys/claim$`,
      `^${C}/(r0|v3|unstable)/room_keys/`,
      `^${C}/(r0|v3|unstable)/keys/upload`,
      `^${C}/${V}/keys/device_signing/upload$`,
      `^${C}/${V}/keys/signatures/upload$`,
    ],
    globs: [`${C}/*/keys/query`, `${C}/*/keys/changes`, `${C}/*/keys/claim`, `${C}/*/room_keys/*`, `${C}/*/keys/upload*`, `${C}/*/keys/device_signing/upload`, `${C}/*/keys/signatures/upload`],
    balance: "round_robin",
    why: "End-to-end encryption key APIs.",
  },
  {
    id: "client-account",
    pool: "client_reader",
    regex: [
      `^${C}/${V}/login$`,
      `^${C}/(r0|v3|unstable)/account/whoami$`,
      `^${C}/(r0|v3)/delete_devices$`,
      `^${C}/${V}/devices(/|$)`,
      `^${C}/versions$`,
      `^${C}/(r0|v3|unstable)/capabilities$`,
      `^${C}/(r0|v3|unstable)/user/.*/filter(/|$)`,
      `^${C}/(r0|v3|unstable)/user_directory/search$`,
      `^${C}/(r0|v3|unstable)/notifications$`,
      `^${C}/${V}/search$`,
    ],
    globs: [
      `${C}/*/login`,
      `${C}/*/account/whoami`,
      `${C}/*/delete_devices`,
      `${C}/*/devices`,
      `${C}/*/devices/*`,
      `${C}/versions`,
      `${C}/*/capabilities`,
      `${C}/*/user/*/filter`,
      `${C}/*/user/*/filter/*`,
      `${C}/*/user_directory/search`,
      `${C}/*/notifications`,
      `${C}/*/search`,
    ],
    balance: "round_robin",
    why: "Logins (password and login tokens; SSO stays on main), devices, filters, directory search.",
  },
];

/** Full-match ALB path pattern semantics: `*` any run of characters (including /), `?` one character. */
export function globMatches(glob: string, path: string): boolean {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(path);
}

export function routeByRegex(path: string, method: string): Route | undefined {
  return ROUTES.find((r) => (!r.methods || r.methods.includes(method as "GET")) && r.regex.some((re) => new RegExp(re).test(path)));
}

export function routeByGlob(path: string, method: string): Route | undefined {
  return ROUTES.find((r) => (!r.methods || r.methods.includes(method as "GET")) && r.globs.some((g) => globMatches(g, path)));
}

/**
 * Token buckets: the last character of an access token, case-folded, picks one of 36 buckets.
 * Synapse's tokens end in a base62 checksum, so the buckets are evenly used; ALB header
 * conditions are case-insensitive wildcards, so the AWS router can match exactly the same
 * buckets (`Authorization: *a`) as the local one.
 */
export const TOKEN_BUCKETS = "0123456789abcdefghijklmnopqrstuvwxyz".split("");

export function tokenBucket(token: string): number {
  const last = token.trim().slice(-1).toLowerCase();
  const i = TOKEN_BUCKETS.indexOf(last);
  return i >= 0 ? i : last.length ? last.charCodeAt(0) % TOKEN_BUCKETS.length : 0;
}

/** The bucket -> worker assignment: bucket i goes to the (i mod n)-th sync worker. */
export function syncBucketOwners(t: SynapseTopology): string[] {
  const sync = workersOfKind(t, "sync").map((w) => w.name);
  return TOKEN_BUCKETS.map((_, i) => sync[i % sync.length] as string);
}

/** The access token of a request: the Authorization bearer token, else the access_token query parameter. */
export function accessTokenOf(headers: { authorization?: string | undefined }, query: URLSearchParams): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "");
  return m?.[1] ?? query.get("access_token") ?? undefined;
}

export function syncWorkerForToken(t: SynapseTopology, token: string | undefined): string {
  const owners = syncBucketOwners(t);
  return owners[token ? tokenBucket(token) : 0] as string;
}

/** Where one request goes: the instance name (main or a worker), following the table. */
export function resolveInstance(t: SynapseTopology, req: { path: string; method: string; token?: string | undefined }, pick: (pool: string[]) => string): string {
  const route = routeByRegex(req.path, req.method);
  if (!route || route.pool === "main") return MAIN_PROCESS;
  if (route.balance === "token_hash") return syncWorkerForToken(t, req.token);
  return pick(workersOfKind(t, route.pool as Exclude<WorkerKind, "main">).map((w) => w.name));
}
