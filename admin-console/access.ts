import type { NextFunction, Request, RequestHandler, Response } from "express";
import { CONSOLE_PERMISSIONS, type Policy } from "../core/policy/index.ts";

export type Permission = (typeof CONSOLE_PERMISSIONS)[number];

/**
 * Who may use a route: `public` (the sign-in pages), `signed-in` (anyone with a console
 * session, e.g. sign-out), or the permissions a person needs (any one of them suffices).
 */
export type Access = "public" | "signed-in" | { anyOf: readonly Permission[] };

/** The permissions a person's roles give, through the policy's `console.roles`. */
export function permissionsOf(policy: Policy, roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of policy.console.roles[role] ?? []) out.add(p);
  return out;
}

/** What a page needs to know about the person signed in (res.locals.person). */
export interface Person {
  userId: string;
  roles: readonly string[];
  permissions: ReadonlySet<Permission>;
  method: "oidc" | "breakglass";
}

export function person(res: Response): Person {
  const p = res.locals.person as Person | undefined;
  if (!p) throw new Error("console: a route that needs a person ran without the access middleware");
  return p;
}

export function can(res: Response, permission: Permission): boolean {
  return (res.locals.person as Person | undefined)?.permissions.has(permission) ?? false;
}

/**
 * The registration side of a page module: the only way a page adds a route. Each route names
 * its key in the route table of app.ts, which says who may use it; the one access middleware
 * runs before the handler of every route.
 */
export interface PageRouter<Key extends string> {
  get(key: Key, path: string, ...handlers: RequestHandler[]): void;
  post(key: Key, path: string, ...handlers: RequestHandler[]): void;
}

export type Handler = (req: Request, res: Response, next: NextFunction) => void | Promise<void>;
