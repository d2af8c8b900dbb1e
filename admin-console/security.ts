import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import { csrfSync } from "csrf-sync";

/**
 * Security headers: a strict Content-Security-Policy (scripts, styles and images from the
 * console itself only; no inline script or style, no framing, forms post only to the console),
 * HSTS and upgrade-insecure-requests only when served over TLS (on http://127.0.0.1 they would
 * send the browser to an https port nobody listens on).
 */
export function securityHeaders(tls: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        ...(tls ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RefusalReason = "csrf_token" | "origin";

/**
 * A state-changing request must come from a page of the console: its Origin (or, from a
 * browser that sends none, its Referer) is the console's own origin. A request with neither is
 * refused too: every browser that runs the console's forms sends Origin on a POST.
 */
export function originCheck(ownOrigin: string, refuse: (req: Request, res: Response, reason: RefusalReason) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    let claimed: string | undefined = origin && origin !== "null" ? origin : undefined;
    if (claimed === undefined && origin === undefined) {
      const referer = req.get("referer");
      try {
        claimed = referer ? new URL(referer).origin : undefined;
      } catch {
        claimed = undefined;
      }
    }
    if (claimed !== ownOrigin) return refuse(req, res, "origin");
    next();
  };
}

/**
 * The synchronizer token (csrf-sync): one random token per session, sent back in every form
 * as `_csrf` (or the `x-csrf-token` header for scripts), compared on every state-changing request.
 */
export function csrfProtection(): { protect: RequestHandler; token: (req: Request) => string; isCsrfError: (err: unknown) => boolean } {
  const { csrfSynchronisedProtection, generateToken, invalidCsrfTokenError } = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = typeof body?._csrf === "string" ? body._csrf : undefined;
      return fromBody ?? req.get("x-csrf-token");
    },
  });
  return {
    protect: csrfSynchronisedProtection,
    token: (req) => generateToken(req),
    isCsrfError: (err) => err === invalidCsrfTokenError || (err as { code?: string } | null)?.code === invalidCsrfTokenError.code,
  };
}
