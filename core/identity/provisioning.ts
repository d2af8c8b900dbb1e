import type { AuditEntry } from "../audit/record.ts";
import type { Policy } from "../policy/index.ts";
import type { RoleDirectoryWriter } from "../roles/index.ts";

/** A person as the identity provider provisioned them (RFC 7643 User). */
export interface ScimUserRecord {
  id: string;
  userName: string;
  /** The Matrix account the person signs in to (the SSO localpart of userName). */
  matrixUserId: string;
  /** Whether the person may sign in; a resource without `active` counts as active. */
  active: boolean;
  /** The IdP sent no `active` (or removed it): it is left out of the resource as well. */
  activeAbsent?: true;
  /**
   * The other attributes as the IdP sent them (name, displayName, emails, externalId, ...),
   * validated against the User schema; returned as they were given (RFC 7644 3.3). Never a
   * password: accounts sign in through single sign-on only.
   */
  attributes: Record<string, unknown>;
  created: string;
  lastModified: string;
}

export interface ScimGroupRecord {
  id: string;
  displayName: string;
  externalId?: string;
  /** The member users: their SCIM ids, and the display name the IdP gave with each. */
  members: Array<{ value: string; display?: string }>;
  created: string;
  lastModified: string;
}

/**
 * Where SCIM's users and groups are kept (runtime/identity/SqlScimStore.ts; MemoryScimStore in simulatedProvisioning.ts).
 * userName is unique case-insensitively (RFC 7643 4.1.1: caseExact false), keyed by the
 * Matrix localpart it maps to, so two spellings that land on one account cannot both exist.
 */
export interface ScimStore {
  getUser(id: string): Promise<ScimUserRecord | undefined>;
  userByMatrixId(matrixUserId: string): Promise<ScimUserRecord | undefined>;
  listUsers(): Promise<ScimUserRecord[]>;
  putUser(user: ScimUserRecord): Promise<void>;
  deleteUser(id: string): Promise<void>;
  getGroup(id: string): Promise<ScimGroupRecord | undefined>;
  listGroups(): Promise<ScimGroupRecord[]>;
  putGroup(group: ScimGroupRecord): Promise<void>;
  deleteGroup(id: string): Promise<void>;
}

/** What provisioning does to Matrix accounts (runtime/identity/SynapseProvisioningAccounts.ts). */
export interface ProvisioningAccounts {
  /** Creates the account (no password: it signs in through SSO) or finds it; true if created. */
  ensureAccount(matrixUserId: string, displayName: string | undefined): Promise<boolean>;
  setDisplayName(matrixUserId: string, displayName: string): Promise<void>;
  setLocked(matrixUserId: string, locked: boolean): Promise<void>;
  /** Deactivates the account for good (Synapse: no login ever again, the id is never reused). */
  deactivate(matrixUserId: string): Promise<void>;
  /** Deletes every device (hard logoff: each access token fails with M_UNKNOWN_TOKEN). */
  deleteAllDevices(matrixUserId: string): Promise<number>;
}

export interface ScimAudit {
  append(entry: AuditEntry): Promise<unknown>;
}

/** Everything the SCIM service needs, each behind a small interface (real or simulated). */
export interface ScimCapabilities {
  store: ScimStore;
  accounts: ProvisioningAccounts;
  roles: RoleDirectoryWriter;
  audit: ScimAudit;
  policy: () => Policy;
  serverName: string;
  /** SCIM ids and timestamps (deterministic in tests). */
  newId: () => string;
  now: () => Date;
}
