import { MatrixHttpError } from "../synapse/index.ts";
import type { AdminRequester } from "../lifecycle/SynapseAccountActions.ts";
import type { BreakGlassRooms } from "./BreakGlassService.ts";

const PORTAL_STATE = "org.wardroom.sms_portal";

/** Break-glass membership through Wardroom's Synapse module (as a server admin). */
export class SynapseBreakGlassRooms implements BreakGlassRooms {
  constructor(private readonly synapse: AdminRequester) {}

  async isPatientRoom(roomId: string): Promise<boolean> {
    try {
      const { state } = await this.synapse.request<{ state: Array<{ type: string }> }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`);
      return state.some((e) => e.type === PORTAL_STATE);
    } catch (err) {
      // An unknown room is not a patient room; any other failure is an error, not a "no".
      if (err instanceof MatrixHttpError && err.status === 404) return false;
      throw err;
    }
  }

  async grant(roomId: string, userId: string): Promise<void> {
    await this.synapse.request("POST", "/_synapse/client/wardroom/v1/break_glass", { body: { room_id: roomId, user_id: userId, action: "grant" } });
  }

  async revoke(roomId: string, userId: string): Promise<void> {
    await this.synapse.request("POST", "/_synapse/client/wardroom/v1/break_glass", { body: { room_id: roomId, user_id: userId, action: "revoke" } });
  }
}
