import { Preset, type MatrixClient } from "matrix-js-sdk";
import type { StoredGrant } from "../../runtime/breakglass/SqlBreakGlassStore.ts";

/** Marks the bot's security notices room, so the bot finds it again after a restart. */
export const SECURITY_NOTICES_STATE = "org.wardroom.security_notices";

/**
 * The second person of break-glass: the bot tells the security officers in an end-to-end
 * encrypted room of their own (created once, found again by its state event), inviting any
 * officer who is not in it yet. The notice names who, which room, until when and why: the
 * reason is for their review, and the room is encrypted and theirs alone.
 */
export class SecurityNotices {
  #roomId: string | undefined;

  constructor(private readonly client: MatrixClient) {}

  async #room(recipients: string[]): Promise<string> {
    if (!this.#roomId) {
      const existing = this.client.getRooms().find((r) => r.getMyMembership() === "join" && r.currentState.getStateEvents(SECURITY_NOTICES_STATE, ""));
      this.#roomId =
        existing?.roomId ??
        (
          await this.client.createRoom({
            name: "Wardroom security notices",
            topic: "Break-glass access and other events the security officers review",
            preset: Preset.PrivateChat,
            invite: recipients,
            initial_state: [
              { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
              { type: SECURITY_NOTICES_STATE, state_key: "", content: { purpose: "break_glass" } },
            ],
          })
        ).room_id;
    }
    const room = this.client.getRoom(this.#roomId);
    for (const userId of recipients) {
      const membership = room?.getMember(userId)?.membership;
      if (membership !== "join" && membership !== "invite") await this.client.invite(this.#roomId, userId);
    }
    return this.#roomId;
  }

  /** Any other notice for the officers (a console break-glass sign-in); answers who it went to. */
  async announce(text: string, recipients: string[]): Promise<string[]> {
    if (recipients.length === 0) return [];
    await this.client.sendNotice(await this.#room(recipients), text);
    return recipients;
  }

  /** Sends the notice; answers who it was addressed to. */
  async notify(grant: StoredGrant, recipients: string[]): Promise<string[]> {
    if (recipients.length === 0) return [];
    const roomId = await this.#room(recipients);
    await this.client.sendNotice(
      roomId,
      `Break-glass: ${grant.requester} entered patient room ${grant.roomId} for ${grant.minutes} minutes (until ${grant.expiresAt}). Reason given: ${grant.reason}`,
    );
    return recipients;
  }
}
