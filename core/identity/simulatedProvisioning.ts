import type { ProvisioningAccounts, ScimGroupRecord, ScimStore, ScimUserRecord } from "./provisioning.ts";

/** SCIM's users and groups in memory: the unit tests' store, with the same rules as the SQL one. */
export class MemoryScimStore implements ScimStore {
  readonly users = new Map<string, ScimUserRecord>();
  readonly groups = new Map<string, ScimGroupRecord>();

  async getUser(id: string) {
    return structuredClone(this.users.get(id));
  }
  async userByMatrixId(matrixUserId: string) {
    return structuredClone([...this.users.values()].find((u) => u.matrixUserId === matrixUserId));
  }
  async listUsers() {
    return structuredClone([...this.users.values()]);
  }
  async putUser(user: ScimUserRecord) {
    this.users.set(user.id, structuredClone(user));
  }
  async deleteUser(id: string) {
    this.users.delete(id);
  }
  async getGroup(id: string) {
    return structuredClone(this.groups.get(id));
  }
  async listGroups() {
    return structuredClone([...this.groups.values()]);
  }
  async putGroup(group: ScimGroupRecord) {
    this.groups.set(group.id, structuredClone(group));
  }
  async deleteGroup(id: string) {
    this.groups.delete(id);
  }
}

/** Matrix accounts as a homeserver would keep them, for unit tests (and a dry run). */
export class SimulatedProvisioningAccounts implements ProvisioningAccounts {
  readonly accounts = new Map<string, { displayName?: string; locked: boolean; deactivated: boolean; devices: Set<string> }>();
  /** When set, every call fails as if the homeserver were down. */
  down = false;

  #check(): void {
    if (this.down) throw new Error("homeserver unreachable");
  }
  async ensureAccount(userId: string, displayName: string | undefined) {
    this.#check();
    if (this.accounts.has(userId)) return false;
    this.accounts.set(userId, { ...(displayName ? { displayName } : {}), locked: false, deactivated: false, devices: new Set() });
    return true;
  }
  async setDisplayName(userId: string, displayName: string) {
    this.#check();
    this.accounts.get(userId)!.displayName = displayName;
  }
  async setLocked(userId: string, locked: boolean) {
    this.#check();
    this.accounts.get(userId)!.locked = locked;
  }
  async deactivate(userId: string) {
    this.#check();
    this.accounts.get(userId)!.deactivated = true;
  }
  async deleteAllDevices(userId: string) {
    this.#check();
    const a = this.accounts.get(userId)!;
    const n = a.devices.size;
    a.devices.clear();
    return n;
  }
}
