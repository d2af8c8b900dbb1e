import { MatrixHttpError } from "../synapse/index.ts";
import type { AdminRequester } from "./SynapseAccountActions.ts";

/** A user account as Synapse's admin API shows it (no roles: those are the directory's). */
export interface AccountInfo {
  userId: string;
  displayName: string | null;
  admin: boolean;
  locked: boolean;
  deactivated: boolean;
  lastSeenTs: number | null;
}

interface SynapseUser {
  name: string;
  displayname?: string | null;
  admin?: boolean | number;
  locked?: boolean;
  deactivated?: boolean | number;
  last_seen_ts?: number | null;
}

/**
 * Localparts of accounts that are not people: the SMS bridge's patient puppets (opaque ids
 * under the bridge's namespace) are listed by the bridge, not among staff.
 */
const PUPPET_LOCALPART = /^@sms_/;

const toInfo = (u: SynapseUser): AccountInfo => ({
  userId: u.name,
  displayName: u.displayname ?? null,
  admin: Boolean(u.admin),
  locked: Boolean(u.locked),
  deactivated: Boolean(u.deactivated),
  lastSeenTs: u.last_seen_ts ?? null,
});

/** User accounts through Synapse's admin API. */
export class SynapseUsers {
  constructor(private readonly synapse: AdminRequester) {}

  /** Every staff account (deactivated and locked included), page by page. */
  async list(): Promise<AccountInfo[]> {
    const out: AccountInfo[] = [];
    let from: string | undefined = "0";
    while (from !== undefined) {
      const q = new URLSearchParams({ from, limit: "500", guests: "false", deactivated: "true", locked: "true" });
      const page: { users: SynapseUser[]; next_token?: string | number } = await this.synapse.request("GET", `/_synapse/admin/v2/users?${q.toString()}`);
      out.push(...page.users.filter((u) => !PUPPET_LOCALPART.test(u.name)).map(toInfo));
      from = page.next_token === undefined || page.next_token === null ? undefined : String(page.next_token);
    }
    return out;
  }

  /**
   * One page of staff accounts, in user-id order, searched by Synapse (`name`: a part of the
   * user id or display name) so that 10,000 accounts cost one indexed query per page.
   * `from` is the previous page's `next`.
   */
  async page(o: { search?: string; from?: string; limit: number }): Promise<{ users: AccountInfo[]; next: string | null; total: number }> {
    const q = new URLSearchParams({ from: o.from ?? "0", limit: String(o.limit), guests: "false", deactivated: "true", locked: "true", order_by: "name" });
    if (o.search) q.set("name", o.search);
    const page: { users: SynapseUser[]; next_token?: string | number | null; total?: number } = await this.synapse.request("GET", `/_synapse/admin/v2/users?${q.toString()}`);
    return {
      users: page.users.filter((u) => !PUPPET_LOCALPART.test(u.name)).map(toInfo),
      next: page.next_token === undefined || page.next_token === null ? null : String(page.next_token),
      total: page.total ?? page.users.length,
    };
  }

  /** One account, or null when there is none. */
  async get(userId: string): Promise<AccountInfo | null> {
    try {
      return toInfo(await this.synapse.request<SynapseUser>("GET", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`));
    } catch (err) {
      if (err instanceof MatrixHttpError && err.status === 404) return null;
      throw err;
    }
  }

  async create(userId: string, args: { password: string; displayName: string; admin: boolean }): Promise<void> {
    await this.synapse.request("PUT", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`, { body: { password: args.password, displayname: args.displayName, admin: args.admin } });
  }

  async deactivate(userId: string, erase: boolean): Promise<void> {
    await this.synapse.request("POST", `/_synapse/admin/v1/deactivate/${encodeURIComponent(userId)}`, { body: { erase } });
  }
}
