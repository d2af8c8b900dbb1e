import { join, relative } from "node:path";
import { ensureMatrixAccounts } from "../../runtime/bootstrap/matrixAccounts.ts";
import { repoRoot } from "../../runtime/paths.ts";
import { randomSecret, secretFile } from "./secrets.ts";

export type AccountRole = "admin" | "service" | "clinician" | "auditor";

export interface AccountSpec {
  localpart: string;
  displayName: string;
  role: AccountRole;
  /** Synapse server admin (needed to delete devices, lock accounts). */
  serverAdmin: boolean;
}

/** The local stack's accounts: the administrator, the bots' service account, demo users. */
export const LOCAL_ACCOUNTS: AccountSpec[] = [
  { localpart: "admin", displayName: "Wardroom Admin", role: "admin", serverAdmin: true },
  { localpart: "wardroom-bot", displayName: "Wardroom", role: "service", serverAdmin: true },
  { localpart: "dr.alice", displayName: "Dr. Alice Demo", role: "clinician", serverAdmin: false },
  { localpart: "nurse.bob", displayName: "Nurse Bob Demo", role: "clinician", serverAdmin: false },
  { localpart: "auditor.carol", displayName: "Carol Demo (compliance)", role: "auditor", serverAdmin: false },
];

export interface CreatedAccount extends AccountSpec {
  userId: string;
  passwordFile: string;
  /** passwordFile relative to the repository root (the stack.json contract). */
  passwordFileRelative: string;
}

/**
 * Creates each account through shared-secret registration, with a generated password kept in
 * a 0600 file. Accounts that exist already are left as they are (a second run reuses state).
 */
export async function ensureAccounts(args: {
  homeserverUrl: string;
  serverName: string;
  sharedSecret: string;
  passwordDir: string;
  accounts?: AccountSpec[];
}): Promise<CreatedAccount[]> {
  const out: CreatedAccount[] = [];
  for (const spec of args.accounts ?? LOCAL_ACCOUNTS) {
    const passwordFile = join(args.passwordDir, `${spec.localpart}.txt`);
    const password = secretFile(passwordFile, () => randomSecret(18));
    const [account] = await ensureMatrixAccounts({
      homeserverUrl: args.homeserverUrl,
      serverName: args.serverName,
      sharedSecret: args.sharedSecret,
      accounts: [{ localpart: spec.localpart, displayName: spec.displayName, password, serverAdmin: spec.serverAdmin }],
    });
    out.push({ ...spec, userId: account!.userId, passwordFile, passwordFileRelative: relative(repoRoot, passwordFile) });
  }
  return out;
}

