import type { Role, RoleDirectoryWriter } from "../../core/roles/index.ts";
import { SynapseClient } from "../synapse/index.ts";

/** One account a deployment needs on its homeserver (the bots' service account, the break-glass administrator, ...). */
export interface MatrixAccountSpec {
  localpart: string;
  displayName: string;
  password: string;
  /** Synapse server admin (needed to delete devices, lock accounts). */
  serverAdmin: boolean;
  /** Roles in the role directory (source "local"); none: the directory is not touched. */
  roles?: readonly Role[];
}

/**
 * Registers each account through Synapse's shared-secret registration and gives it its roles;
 * shared by the local stack (infra/local/accounts.ts) and the AWS bootstrap
 * (runtime/bootstrap/accountsMain.ts). Accounts that exist already are left as they are, so a
 * second run changes nothing. Returns whether each account was created by this run.
 */
export async function ensureMatrixAccounts(args: {
  homeserverUrl: string;
  serverName: string;
  sharedSecret: string;
  accounts: readonly MatrixAccountSpec[];
  roles?: Pick<RoleDirectoryWriter, "setRoles">;
}): Promise<{ userId: string; created: boolean }[]> {
  const client = new SynapseClient({ baseUrl: args.homeserverUrl });
  const out: { userId: string; created: boolean }[] = [];
  for (const spec of args.accounts) {
    const created = await client.registerWithSharedSecret({
      sharedSecret: args.sharedSecret,
      username: spec.localpart,
      password: spec.password,
      admin: spec.serverAdmin,
      displayName: spec.displayName,
    });
    const userId = `@${spec.localpart}:${args.serverName}`;
    if (args.roles && spec.roles?.length) await args.roles.setRoles(userId, spec.roles, "local");
    out.push({ userId, created });
  }
  return out;
}
