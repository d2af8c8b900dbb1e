import type { AuditLedger } from "../../core/audit/index.ts";
import type { RoleDirectory } from "../../core/roles/index.ts";

const POLL_MS = 5000;

export interface ConsoleLoginAnnouncerOptions {
  audit: Pick<AuditLedger, "query" | "append">;
  roles: RoleDirectory;
  /** Who is told (the policy's breakGlass.notifyRole). */
  notifyRole: string;
  /** Sends one notice to the security officers' encrypted room; answers who it went to. */
  announce(text: string, recipients: string[]): Promise<string[]>;
  /** False until the bot's first sync is done (its notices room is found, not made twice). */
  ready(): boolean;
  onError(err: unknown): void;
}

/**
 * The console's break-glass sign-ins, announced to the security officers. The console (a
 * separate process that cannot hold the bot's encrypted room) records `console.logged_in`
 * with `method: breakglass` in the audit ledger; this poller in the compliance bot reads those
 * records and tells the officers in their encrypted notices room, then records
 * `console.breakglass_announced` naming the login's seq. The last such record is where it
 * resumes after a restart, so every break-glass sign-in is announced at least once.
 */
export class ConsoleLoginAnnouncer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly o: ConsoleLoginAnnouncerOptions) {}

  start(): void {
    this.#timer = setInterval(() => {
      if (this.#running || !this.o.ready()) return;
      this.#running = this.tick()
        .then(() => undefined)
        .catch((err: unknown) => this.o.onError(err))
        .finally(() => (this.#running = undefined));
    }, POLL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One pass: announces every break-glass sign-in after the last one announced. Answers how many. */
  async tick(): Promise<number> {
    const last = (await this.o.audit.query({ action: "console.breakglass_announced", limit: 1 })).records[0];
    const after = typeof last?.details.loginSeq === "number" ? last.details.loginSeq : 0;
    const logins = (await this.o.audit.query({ action: "console.logged_in", limit: 200 })).records.filter((r) => r.seq > after && r.details.method === "breakglass").sort((a, b) => a.seq - b.seq);
    for (const login of logins) {
      const recipients = [...(await this.o.roles.usersWithRole(this.o.notifyRole))];
      const told = await this.o.announce(`Console break-glass sign-in: ${login.actor} signed in to the admin console with the break-glass password and one-time code at ${login.ts}. Review it in the audit log (seq ${login.seq}).`, recipients);
      await this.o.audit.append({ actor: "system:compliance-bot", action: "console.breakglass_announced", target: login.actor, details: { loginSeq: login.seq, notified: told.length } });
    }
    return logins.length;
  }
}
