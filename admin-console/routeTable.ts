import type { RequestHandler, Response } from "express";
import type { Access } from "./access.ts";
import type { ConsoleDeps } from "./deps.ts";
import type { ConsoleWipes } from "./wipes.ts";

/**
 * The route table: every route of the console, by key, with who may use it. Page modules
 * register their routes under these keys (PageRouter); the one access middleware reads this
 * table for every request, so a route without an entry cannot exist (it does not type-check).
 * Keys are snake_case: a refusal's audit record names the key.
 */
export const ROUTES = {
  home: "signed-in",
  login: "public",
  login_oidc: "public",
  login_callback: "public",
  health: "public",
  login_breakglass: "public",
  logout: "signed-in",
  users_list: { anyOf: ["users.read"] },
  user_view: { anyOf: ["users.read"] },
  user_lock: { anyOf: ["users.manage"] },
  user_deactivate: { anyOf: ["users.manage"] },
  user_roles: { anyOf: ["users.manage"] },
  device_logout: { anyOf: ["devices.wipe"] },
  wipes_list: { anyOf: ["devices.wipe"] },
  wipe_confirm: { anyOf: ["devices.wipe"] },
  wipe_start: { anyOf: ["devices.wipe"] },
  wipe_progress: { anyOf: ["devices.wipe"] },
  // Review pages (routes/dashboard.ts, audit.ts, consents.ts, breakGlass.ts, policy.ts, rooms.ts).
  // The dashboard shares the home route ("/"); this key gives it its navigation entry.
  dashboard: { anyOf: ["audit.read"] },
  audit_view: { anyOf: ["audit.read"] },
  audit_verify: { anyOf: ["audit.read"] },
  audit_export: { anyOf: ["audit.export"] },
  consents_list: { anyOf: ["consents.read"] },
  consents_search: { anyOf: ["consents.read"] },
  consent_evidence: { anyOf: ["consents.read"] },
  consent_export: { anyOf: ["consents.read"] },
  break_glass_view: { anyOf: ["audit.read"] },
  policy_view: { anyOf: ["policy.read"] },
  rooms_view: { anyOf: ["rooms.read"] },
  // "Fix missing retention": changes a room's state, so it needs more than reading rooms.
  room_fix_retention: { anyOf: ["users.manage"] },
  // Personal access tokens: anyone signed in manages their own (scopes among what they hold).
  tokens_list: "signed-in",
  token_create: "signed-in",
  token_revoke: "signed-in",
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof ROUTES;

/** The navigation, in order: a link shows only to people whose roles allow its route. */
export const NAVIGATION: ReadonlyArray<{ label: string; href: string; route: RouteKey }> = [
  { label: "Dashboard", href: "/", route: "dashboard" },
  { label: "Users", href: "/users", route: "users_list" },
  { label: "Rooms", href: "/rooms", route: "rooms_view" },
  { label: "Wipes", href: "/wipes", route: "wipes_list" },
  { label: "Consents", href: "/consents", route: "consents_list" },
  { label: "Audit", href: "/audit", route: "audit_view" },
  { label: "Break-glass", href: "/break-glass", route: "break_glass_view" },
  { label: "Policy", href: "/policy", route: "policy_view" },
  { label: "API tokens", href: "/tokens", route: "tokens_list" },
];

/** What a page module gets besides its router. */
export interface PageContext {
  deps: ConsoleDeps;
  /** Applied to the routes that check a credential or start a sign-in. */
  loginLimiter: RequestHandler;
  wipes: ConsoleWipes;
  /** Renders a refusal page with this status (403, 404, 503). */
  refuse(res: Response, status: number, message: string): void;
}
