import type { ProvisioningAccounts } from "../../core/identity/provisioning.ts";
import { MatrixHttpError } from "../synapse/MatrixHttpError.ts";
import type { SynapseClient } from "../synapse/index.ts";

const u = (userId: string) => encodeURIComponent(userId);

/**
 * Provisioning's account changes through Synapse's admin API (the client holds a server
 * admin's token). Accounts are made without a password: people sign in through single
 * sign-on, whose localpart mapping gives the same id.
 */
export class SynapseProvisioningAccounts implements ProvisioningAccounts {
  constructor(private readonly synapse: Pick<SynapseClient, "request">) {}

  async ensureAccount(matrixUserId: string, displayName: string | undefined): Promise<boolean> {
    try {
      await this.synapse.request("GET", `/_synapse/admin/v2/users/${u(matrixUserId)}`);
      return false;
    } catch (err) {
      if (!(err instanceof MatrixHttpError) || err.status !== 404) throw err;
    }
    await this.synapse.request("PUT", `/_synapse/admin/v2/users/${u(matrixUserId)}`, { body: displayName ? { displayname: displayName } : {} });
    return true;
  }

  async setDisplayName(matrixUserId: string, displayName: string): Promise<void> {
    await this.synapse.request("PUT", `/_synapse/admin/v2/users/${u(matrixUserId)}`, { body: { displayname: displayName } });
  }

  async setLocked(matrixUserId: string, locked: boolean): Promise<void> {
    await this.synapse.request("PUT", `/_synapse/admin/v2/users/${u(matrixUserId)}`, { body: { locked } });
  }

  async deactivate(matrixUserId: string): Promise<void> {
    // erase: false keeps what the person sent (the record a covered entity must retain).
    await this.synapse.request("POST", `/_synapse/admin/v1/deactivate/${u(matrixUserId)}`, { body: { erase: false } });
  }

  async deleteAllDevices(matrixUserId: string): Promise<number> {
    const { devices } = await this.synapse.request<{ devices: Array<{ device_id: string }> }>("GET", `/_synapse/admin/v2/users/${u(matrixUserId)}/devices`);
    if (devices.length === 0) return 0;
    await this.synapse.request("POST", `/_synapse/admin/v2/users/${u(matrixUserId)}/delete_devices`, { body: { devices: devices.map((d) => d.device_id) } });
    return devices.length;
  }
}
