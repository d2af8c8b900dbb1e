import { join, relative } from "node:path";
import type { Policy } from "../../core/policy/index.ts";
import { BACKCHANNEL_LOGOUT_PATH } from "../../core/console/logoutToken.ts";
import { repoRoot } from "../../runtime/paths.ts";
import { randomSecret, secretFile } from "./secrets.ts";
import { startDevIdp, type DevIdp } from "./simulators/idp/DevIdentityProvider.ts";

/** The people of the development identity provider, and the groups the policy maps to roles. */
export const LOCAL_IDP_USERS: ReadonlyArray<{ username: string; name: string; groups: string[] }> = [
  { username: "dr.alice", name: "Dr. Alice Demo", groups: ["clinician"] },
  { username: "nurse.bob", name: "Nurse Bob Demo", groups: ["clinician"] },
  { username: "auditor.carol", name: "Carol Demo (compliance)", groups: ["auditor"] },
  { username: "sec.dana", name: "Dana Demo (security officer)", groups: ["security_officer"] },
  { username: "help.erin", name: "Erin Demo (help desk)", groups: ["helpdesk"] },
  { username: "er.frank", name: "Dr. Frank Demo (emergency)", groups: ["clinician", "emergency"] },
  { username: "it.grace", name: "Grace Demo (IT admin)", groups: ["admin"] },
];

/** Synapse's OIDC client at the development provider. */
export const SYNAPSE_OIDC_CLIENT_ID = "wardroom-synapse";
/** The admin console's own OIDC client at the development provider. */
export const CONSOLE_OIDC_CLIENT_ID = "wardroom-console";

export interface LocalIdp {
  issuer: string;
  users: Array<{ username: string; passwordFile: string; groups: string[] }>;
  /** Synapse reads the client secret from this file (client_secret_path). */
  synapseClientSecretFile: string;
  /** The console's client secret (its config names this file). */
  consoleClientSecretFile: string;
  adminTokenFile: string;
  idp: DevIdp;
}

/**
 * Starts the development identity provider for the local stack: secrets and passwords in
 * 0600 files under `dir` (made once, reused on the next start), Synapse as its client with
 * back-channel logout.
 */
export async function startLocalIdp(o: { dir: string; host: string; port: number; homeserverUrl: string; consoleUrl: string; policy: Policy }): Promise<LocalIdp> {
  const synapseClientSecretFile = join(o.dir, "secrets", "synapse-client-secret");
  const consoleClientSecretFile = join(o.dir, "secrets", "console-client-secret");
  const consoleClientSecret = secretFile(consoleClientSecretFile, () => randomSecret(32));
  const adminTokenFile = join(o.dir, "secrets", "admin-token");
  const clientSecret = secretFile(synapseClientSecretFile, () => randomSecret(32));
  const adminToken = secretFile(adminTokenFile, () => randomSecret(32));
  const users = LOCAL_IDP_USERS.map((u) => {
    const passwordFile = join(o.dir, "passwords", `${u.username}.txt`);
    return { ...u, password: secretFile(passwordFile, () => randomSecret(18)), passwordFile };
  });
  const base = o.homeserverUrl.replace(/\/$/, "");
  const idp = await startDevIdp({
    host: o.host,
    port: o.port,
    adminToken,
    users: users.map((u) => ({ username: u.username, password: u.password, name: u.name, groups: u.groups })),
    clients: [
      {
        clientId: SYNAPSE_OIDC_CLIENT_ID,
        clientSecret,
        redirectUris: [`${base}/_synapse/client/oidc/callback`],
        backchannelLogoutUri: `${base}/_synapse/client/oidc/backchannel_logout`,
      },
      // The console signs people in through the same provider, as its own client, and ends
      // their console sessions when the provider's back-channel logout says so.
      {
        clientId: CONSOLE_OIDC_CLIENT_ID,
        clientSecret: consoleClientSecret,
        redirectUris: [`${o.consoleUrl.replace(/\/$/, "")}/login/callback`],
        backchannelLogoutUri: `${o.consoleUrl.replace(/\/$/, "")}${BACKCHANNEL_LOGOUT_PATH}`,
      },
    ],
  });
  return {
    issuer: idp.issuer,
    users: users.map((u) => ({ username: u.username, passwordFile: relative(repoRoot, u.passwordFile), groups: u.groups })),
    synapseClientSecretFile,
    consoleClientSecretFile,
    adminTokenFile,
    idp,
  };
}
