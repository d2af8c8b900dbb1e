import type { Store } from "express-session";
import type { AuditLedger } from "../core/audit/index.ts";
import type { Policy } from "../core/policy/index.ts";
import type { RoleDirectoryWriter } from "../core/roles/index.ts";
import type { AdminRequester } from "../runtime/lifecycle/SynapseAccountActions.ts";
import type { ConsoleOidc } from "./oidcLogin.ts";
import type { SqlSessionStore } from "./SqlSessionStore.ts";
import type { ConsoleRecords } from "./records.ts";
import type { WipeJobStore } from "./wipeJobs.ts";

/** How the console is reached and guarded; from the console's config file (runtime/config). */
export interface ConsoleSettings {
  /** The console's own origin and base, e.g. https://console.example.org: the Origin check and the OIDC redirect. */
  publicUrl: string;
  /** Signs the session cookie (at least 32 characters). */
  sessionSecret: string;
  serverName: string;
  /** Login attempts (each POST /login/breakglass and each /login/oidc start) per client address and window. */
  loginRateLimit: { windowMs: number; limit: number };
  /** Behind a TLS-terminating load balancer: trust its X-Forwarded-* headers. */
  trustProxy?: boolean;
}

/** The break-glass administrator: password (checked by the homeserver) plus TOTP. */
export interface BreakGlassLogin {
  userId: string;
  /** Base32 TOTP secret (from a 0600 file). */
  totpSecret: string;
  /** True when the homeserver accepts this password for the account. */
  verifyPassword(userId: string, password: string): Promise<boolean>;
}

/**
 * Everything the console acts through, injected so that route tests run the app in-process
 * and main.ts wires the real ones. Nothing here is created by the app itself.
 */
export interface ConsoleDeps {
  settings: ConsoleSettings;
  policy: Policy;
  /** Synapse's admin API, as a server admin (the console's service account). */
  synapse: AdminRequester;
  roles: RoleDirectoryWriter;
  audit: Pick<AuditLedger, "append">;
  /** Sessions (SqlSessionStore): express-session's store, plus ending them from outside (back-channel logout). */
  sessionStore: Store & Pick<SqlSessionStore, "endSessions">;
  clock: () => Date;
  /** Sign-in through the organisation's identity provider; absent: only break-glass. */
  oidc?: ConsoleOidc;
  breakGlass?: BreakGlassLogin;
  /** Where wipe journals go (FileWipeJournal), so a console restart resumes a wipe. */
  wipeJournalDir: string;
  /** The wipe jobs the progress pages show (SqlWipeJobStore), so a restarted console still lists and resumes them. */
  wipeJobs: WipeJobStore;
  /** A request failed unexpectedly (the page shows no detail; the log gets the error's name and message). */
  onError?(err: unknown): void;
  /** The ledgers behind the review pages and the JSON API (records.ts); absent: those answer 503. */
  records?: ConsoleRecords;
}
