import { join } from "node:path";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { engine } from "express-handlebars";
import session from "express-session";
import { rateLimit } from "express-rate-limit";
import { MinuteAggregator } from "../runtime/audit/MinuteAggregator.ts";
import { repoRoot } from "../runtime/paths.ts";
import { permissionsOf, type Access, type PageRouter, type Person } from "./access.ts";
import type { ConsoleDeps } from "./deps.ts";
import { csrfProtection, originCheck, securityHeaders, type RefusalReason } from "./security.ts";
import { registerHomePage } from "./routes/home.ts";
import { registerLoginPage } from "./routes/login.ts";
import { registerUsersPage } from "./routes/users.ts";
import { registerUserPage } from "./routes/user.ts";
import { registerWipesPage } from "./routes/wipes.ts";
import { registerDashboardPage } from "./routes/dashboard.ts";
import { registerAuditPage } from "./routes/audit.ts";
import { registerConsentsPage } from "./routes/consents.ts";
import { registerBreakGlassPage } from "./routes/breakGlass.ts";
import { registerPolicyPage } from "./routes/policy.ts";
import { registerRoomsPage } from "./routes/rooms.ts";
import { registerTokensPage } from "./routes/tokens.ts";
import { createApiRouter } from "./api/apiRouter.ts";
import { backchannelLogout } from "./routes/backchannelLogout.ts";
import { BACKCHANNEL_LOGOUT_PATH } from "../core/console/logoutToken.ts";
import { ConsoleWipes } from "./wipes.ts";
import { NAVIGATION, ROUTES, type PageContext, type RouteKey } from "./routeTable.ts";
import type { PendingLogin } from "./oidcLogin.ts";

declare module "express-session" {
  interface SessionData {
    userId?: string;
    method?: "oidc" | "breakglass";
    /** ms since the epoch (the injected clock): the absolute lifetime counts from here. */
    createdAt?: number;
    /** The idle timeout counts from here. */
    lastSeenAt?: number;
    /** A sign-in in flight (stored under its own key, not in a person's session: routes/login.ts). */
    pendingLogin?: PendingLogin;
    /** Where to go after signing in (a console path). */
    returnTo?: string;
    /** What the last "Fix missing retention" did, shown once on /rooms. */
    retentionFix?: string;
    /** An SSO sign-in's subject and provider session id, which a back-channel logout names. */
    idpSub?: string;
    idpSid?: string;
    /** Ended from outside (SqlSessionStore.endSessions); read from the store, never saved. */
    endedBy?: "identity_provider";
  }
}

function allowed(access: Access, p: Person): boolean {
  if (access === "public" || access === "signed-in") return true;
  return access.anyOf.some((perm) => p.permissions.has(perm));
}

/**
 * The console as an Express app, with every dependency injected (deps.ts). main.ts listens
 * with it; route tests drive it in-process.
 */
export function createConsoleApp(deps: ConsoleDeps): express.Express {
  return createConsole(deps).app;
}

/**
 * The app, its wipe runner (main.ts resumes the wipes an earlier run left unfinished) and
 * `close`, which writes the refused-request counts gathered so far (call it before closing the ledger).
 */
export function createConsole(deps: ConsoleDeps): { app: express.Express; wipes: ConsoleWipes; close(): Promise<void> } {
  const { settings, policy, clock } = deps;
  const ownOrigin = new URL(settings.publicUrl).origin;
  const tls = ownOrigin.startsWith("https:");
  const idleMs = policy.console.idleTimeoutMinutes * 60_000;
  const lifetimeMs = policy.console.sessionLifetimeHours * 3_600_000;
  const audit = (entry: Parameters<ConsoleDeps["audit"]["append"]>[0]) => deps.audit.append(entry);
  const csrf = csrfProtection();

  const app = express();
  app.disable("x-powered-by");
  if (settings.trustProxy) app.set("trust proxy", 1);
  const views = join(repoRoot, "admin-console", "views");
  app.engine("hbs", engine({ extname: ".hbs", defaultLayout: "main", layoutsDir: join(views, "layouts"), partialsDir: join(views, "partials") }));
  app.set("view engine", "hbs");
  app.set("views", views);

  const refuse = (res: Response, status: number, message: string) => {
    res.status(status).render("error", { title: status === 403 ? "Not allowed" : status === 404 ? "Not found" : "Unavailable", message });
  };
  // Anyone who can reach the console can make it refuse requests: the records are aggregated
  // per client address, actor and reason and minute (the address stays in memory).
  const refusals = new MinuteAggregator({ audit: deps.audit, clock: () => clock().getTime(), onError: (err) => deps.onError?.(err) });
  const refuseRequest = (req: Request, res: Response, reason: RefusalReason) => {
    const actor = req.session?.userId ?? "console:anonymous";
    void refusals
      .record(req.ip ?? "unknown", `${actor}\u0000${reason}`, (count) => ({ actor, action: "console.request_refused", details: { reason, count } }))
      .catch(() => undefined)
      .then(() => refuse(res, 403, reason === "origin" ? "This request did not come from a console page." : "This form has expired or was not sent by the console. Reload the page and try again."));
  };

  app.use(securityHeaders(tls));
  // The JSON API authenticates each request by its token, not a session: it is mounted before
  // the session, Origin and CSRF checks (see api/apiRouter.ts). Built below, once ctx exists.
  const api: { router?: express.Router } = {};
  app.use("/api/v1", (req: Request, res: Response, next: NextFunction) => (api.router ? api.router(req, res, next) : next()));
  // The identity provider's back-channel logout: server to server, authenticated by its signed
  // token, so it is mounted before the session, Origin and CSRF checks (routes/backchannelLogout.ts).
  app.post(
    BACKCHANNEL_LOGOUT_PATH,
    express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 10 }),
    backchannelLogout(deps, (req) => {
      void refusals
        .record(req.ip ?? "unknown", "console:anonymous\u0000logout_token", (count) => ({ actor: "console:anonymous", action: "console.request_refused", details: { reason: "logout_token", count } }))
        .catch(() => undefined);
    }),
  );
  app.use("/assets", express.static(join(repoRoot, "admin-console", "public"), { index: false, fallthrough: false, maxAge: "1h" }));
  app.use(express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 100 }));
  app.use(
    session({
      store: deps.sessionStore,
      secret: settings.sessionSecret,
      // The __Host- prefix pins the cookie to this origin and path, which the browser only
      // accepts over TLS.
      name: tls ? "__Host-wardroom-console" : "wardroom-console",
      resave: false,
      saveUninitialized: false,
      rolling: false,
      unset: "destroy",
      proxy: settings.trustProxy ?? false,
      // The cookie and the stored row last the absolute lifetime at most; the idle timeout is
      // checked below on every request, so that the person is told why they were signed out.
      cookie: { httpOnly: true, sameSite: "strict", secure: tls, path: "/", maxAge: lifetimeMs },
    }),
  );

  // Idle timeout and absolute lifetime, on the injected clock, before anything else sees the session.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const s = req.session;
    if (!s.userId) return next();
    const now = clock().getTime();
    if (s.endedBy) {
      // Already audited when it was ended (the back-channel logout); the person is told here.
      return s.regenerate((err) => (err ? next(err) : res.redirect(303, "/login?ended=idp")));
    }
    const ended = now - (s.createdAt ?? 0) > lifetimeMs ? "expired" : now - (s.lastSeenAt ?? 0) > idleMs ? "idle" : undefined;
    if (!ended) {
      s.lastSeenAt = now;
      return next();
    }
    const userId = s.userId;
    s.regenerate((err) => {
      if (err) return next(err);
      void audit({ actor: userId, action: "console.logged_out", target: userId, details: { reason: ended } })
        .catch(() => undefined)
        .then(() => res.redirect(303, `/login?ended=${ended}`));
    });
  });

  app.use(originCheck(ownOrigin, refuseRequest));
  app.use(csrf.protect);
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.csrfToken = csrf.token(req);
    next();
  });

  const access = (key: RouteKey): RequestHandler => {
    const rule: Access = ROUTES[key];
    return (req, res, next) => {
      if (rule === "public") return next();
      const userId = req.session.userId;
      if (!userId) {
        if (req.method === "GET") req.session.returnTo = req.originalUrl;
        return res.redirect(303, "/login");
      }
      // Roles are read now, from the one role directory: a role taken away counts at once.
      deps.roles.rolesOf(userId).then(
        (roles) => {
          const p: Person = { userId, roles, permissions: permissionsOf(policy, roles), method: req.session.method ?? "oidc" };
          res.locals.person = p;
          res.locals.navigation = NAVIGATION.filter((n) => allowed(ROUTES[n.route], p)).map((n) => ({ ...n, current: req.path === n.href || req.path.startsWith(`${n.href}/`) }));
          if (allowed(rule, p)) return next();
          const permission = rule === "signed-in" ? "signed_in" : rule.anyOf[0]!.replace(".", "_");
          void audit({ actor: userId, action: "console.access_denied", details: { route: key, permission } })
            .catch(() => undefined)
            .then(() => refuse(res, 403, "Your roles do not allow this page or action."));
        },
        // The directory cannot answer: refuse (fail closed), never allow.
        () => refuse(res, 503, "The role directory cannot be reached; try again shortly."),
      );
    };
  };

  const router: PageRouter<RouteKey> = {
    get: (key, path, ...handlers) => void app.get(path, access(key), ...handlers),
    post: (key, path, ...handlers) => void app.post(path, access(key), ...handlers),
  };
  const loginLimiter = rateLimit({
    windowMs: settings.loginRateLimit.windowMs,
    limit: settings.loginRateLimit.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => {
      void audit({ actor: "console:anonymous", action: "console.login_failed", details: { reason: "rate_limited" } })
        .catch(() => undefined)
        .then(() => res.status(429).render("error", { title: "Too many sign-in attempts", message: "Too many sign-in attempts from this address. Wait a few minutes and try again." }));
    },
  });
  const wipes = new ConsoleWipes(deps);
  const ctx: PageContext = { deps, loginLimiter, wipes, refuse };
  api.router = createApiRouter(ctx);
  // The dashboard comes before the home page: both are "/", and the home route redirects those
  // the dashboard is not for.
  for (const register of [
    registerDashboardPage,
    registerHomePage,
    registerLoginPage,
    registerUsersPage,
    registerUserPage,
    registerWipesPage,
    registerAuditPage,
    registerConsentsPage,
    registerBreakGlassPage,
    registerPolicyPage,
    registerRoomsPage,
    registerTokensPage,
  ])
    register(router, ctx);

  app.use((_req: Request, res: Response) => refuse(res, 404, "There is no such page."));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (csrf.isCsrfError(err)) return refuseRequest(req, res, "csrf_token");
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status === 413 || status === 400) return refuse(res, status, "The request could not be read.");
    deps.onError?.(err);
    // Never a stack trace or an error text (it may carry ids) to the browser.
    refuse(res, 500, "Something went wrong; the console's log has the details.");
  });
  return { app, wipes, close: () => refusals.close() };
}
