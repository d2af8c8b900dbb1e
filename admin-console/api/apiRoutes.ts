import type { TokenScope } from "../../core/tokens/index.ts";

export interface ApiParameter {
  name: string;
  in: "query" | "path";
  description: string;
  required?: boolean;
  schema: Record<string, unknown>;
}

/** One operation of the JSON API: the table the router registers and the OpenAPI document describes. */
export interface ApiRoute {
  operationId: string;
  method: "get" | "post";
  /** OpenAPI form, relative to /api/v1: `/wipes/{id}`. */
  path: string;
  /** The console permission the route needs: the token's scope and its owner's roles must both give it. */
  permission: TokenScope;
  summary: string;
  parameters?: ApiParameter[];
  /** JSON body properties (all optional unless listed in `required`). */
  body?: { properties: Record<string, Record<string, unknown>>; required?: string[] };
  /** The media type of a 200/202 answer (JSON unless streamed). */
  produces?: "application/json" | "text/csv" | "application/x-ndjson";
  status?: 200 | 202;
}

const text = (description: string, extra: Record<string, unknown> = {}): ApiParameter["schema"] => ({ type: "string", description, ...extra });
const q = (name: string, description: string, schema: Record<string, unknown> = { type: "string" }): ApiParameter => ({ name, in: "query", description, schema });
const auditFilters: ApiParameter[] = [
  q("actor", "Who acted (Matrix user id or process id)."),
  q("action", "An action name such as device.wiped."),
  q("target", "What it was done to."),
  q("since", "Inclusive, ISO 8601 date or time (UTC)."),
  q("until", "Exclusive, ISO 8601 date or time (UTC)."),
];

/**
 * The JSON API under /api/v1: the console's review pages and the remote wipe, for automation
 * with a personal access token (Authorization: Bearer wrd_pat_…). Phone numbers go in POST
 * bodies only, never in URLs.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { operationId: "getDashboard", method: "get", path: "/dashboard", permission: "audit.read", summary: "Dashboard numbers: accounts, rooms by kind, consents by state, PHI blocks and wipes per day, ledger health." },
  {
    operationId: "searchAudit",
    method: "get",
    path: "/audit",
    permission: "audit.read",
    summary: "Audit records, newest first, filtered and paged (keyset: pass nextCursor as cursor).",
    parameters: [...auditFilters, q("cursor", "nextCursor of the previous page."), q("limit", "1 to 1000, default 50.", { type: "integer", minimum: 1, maximum: 1000 })],
  },
  {
    operationId: "exportAudit",
    method: "get",
    path: "/audit/export",
    permission: "audit.export",
    summary: "Every record matching the filters, streamed as CSV or JSON Lines (newest first).",
    parameters: [{ name: "format", in: "query", required: true, description: "csv or jsonl.", schema: { type: "string", enum: ["csv", "jsonl"] } }, ...auditFilters],
    produces: "application/x-ndjson",
  },
  { operationId: "verifyAudit", method: "post", path: "/audit/verify", permission: "audit.read", summary: "Verifies the whole chain; the result is itself recorded." },
  {
    operationId: "searchConsents",
    method: "post",
    path: "/consents/search",
    permission: "consents.read",
    summary: "Patients' numbers by number prefix and consent state, in number order, paged.",
    body: { properties: { phone: text("A phone number or its beginning."), state: text("A consent state."), after: text("nextCursor of the previous page.") } },
  },
  {
    operationId: "getConsentEvidence",
    method: "post",
    path: "/consents/evidence",
    permission: "consents.read",
    summary: "One number's full evidence trail (status, events, warning texts); the read is recorded.",
    body: { properties: { phone: text("The number in E.164 form.") }, required: ["phone"] },
  },
  { operationId: "listBreakGlass", method: "get", path: "/break-glass", permission: "audit.read", summary: "Open and past emergency access grants.", parameters: [q("before", "nextCursor of the previous page.")] },
  { operationId: "getPolicy", method: "get", path: "/policy", permission: "policy.read", summary: "The effective policy and whether the policy file validates." },
  { operationId: "listRooms", method: "get", path: "/rooms", permission: "rooms.read", summary: "Rooms with kind, encryption, retention, members and portal state.", parameters: [q("from", "next of the previous page.")] },
  {
    operationId: "fixRoomRetention",
    method: "post",
    path: "/rooms/retention",
    permission: "users.manage",
    summary: "Gives a room without m.room.retention its kind's retention from the policy (the homeserver module sets it as the room's most powerful local member). outcome: fixed, present (it had one), no_member, no_power or no_policy (nothing changed).",
    body: { properties: { roomId: text("The room id (!…).") }, required: ["roomId"] },
  },
  { operationId: "listUsers", method: "get", path: "/users", permission: "users.read", summary: "Staff accounts, searched and paged.", parameters: [q("q", "Part of a user id or display name."), q("from", "next of the previous page.")] },
  {
    operationId: "startWipe",
    method: "post",
    path: "/wipes",
    permission: "devices.wipe",
    summary: "Starts a remote wipe of one device or every device of an account (which is then locked).",
    body: { properties: { userId: text("The account."), deviceId: text("One device; omit for all."), confirm: { type: "boolean", description: "Must be true." } }, required: ["userId", "confirm"] },
    status: 202,
  },
  {
    operationId: "getWipe",
    method: "get",
    path: "/wipes/{id}",
    permission: "devices.wipe",
    summary: "A wipe's progress and, once done, its report.",
    parameters: [{ name: "id", in: "path", required: true, description: "The wipe's id.", schema: { type: "string" } }],
  },
];

/** Express's form of an OpenAPI path: `/wipes/{id}` → `/wipes/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z]+)\}/g, ":$1");
}
