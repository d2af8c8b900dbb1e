import { ClientEvent, createClient, HttpApiEvent, MatrixEventEvent, RoomEvent, RoomMemberEvent, type MatrixClient, type MatrixEvent, type RoomMember } from "matrix-js-sdk";
import type { Logger } from "pino";
import { COMMAND_HELP, parseCommand } from "../../core/compliance/commands.ts";
import { PUPPET_USER_ID } from "../../core/sms/puppetId.ts";
import { sdkLogger } from "../../runtime/matrixSdk.ts";
import { MatrixHttpError, SynapseClient } from "../../runtime/synapse/index.ts";
import type { BreakGlassService } from "../../runtime/breakglass/BreakGlassService.ts";
import { findPortalRoom } from "../../runtime/synapse/portalLookup.ts";
import { tryParsePhone } from "../../core/sms/phone.ts";
import { BridgeControlError, type BridgeControlClient } from "./BridgeControlClient.ts";

export interface CommandBotOptions {
  /** Called when the server ends the bot's session (session lifetime, a wipe): the process restarts and logs in again. */
  onLoggedOut: () => void;
  homeserverUrl: string;
  serverName: string;
  userId: string;
  password: string;
  bridge: BridgeControlClient;
  log: Logger;
  /** Emergency access (`!breakglass`); without it the bot answers that break-glass is not set up. */
  breakGlass?: (client: MatrixClient) => BreakGlassService;
  /** Work that needs the bot's encrypted client (the blocked-message notices); called once it exists. */
  withClient?: (client: MatrixClient) => void;
}

export const BOT_DEVICE_NAME = "wardroom-compliance";

/**
 * The compliance bot's command side: a real Matrix client with end-to-end encryption (the
 * rooms clinicians talk in are encrypted), answering `!sms open` in any room it is invited to.
 * The SMS-room side of compliance (warning, acknowledgment, PHI enforcement) runs in the bridge
 * process, next to the outbox whose delivery ids it records as evidence.
 */
export class CommandBot {
  #client: MatrixClient | undefined;
  #breakGlass: BreakGlassService | undefined;
  #startedAt = 0;
  readonly #seen = new Set<string>();

  constructor(private readonly o: CommandBotOptions) {}

  async start(): Promise<void> {
    const { o } = this;
    const anon = createClient({ baseUrl: o.homeserverUrl, logger: sdkLogger(o.log, "login") });
    const login = await anon.loginRequest({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: o.userId },
      password: o.password,
      initial_device_display_name: BOT_DEVICE_NAME,
    });
    const client = createClient({
      baseUrl: o.homeserverUrl,
      accessToken: login.access_token,
      userId: login.user_id,
      deviceId: login.device_id,
      logger: sdkLogger(o.log, "bot"),
    });
    this.#client = client;
    this.#breakGlass = o.breakGlass?.(client);
    o.withClient?.(client);
    await this.#removeOldDevices(client, login.device_id);
    // Keys live in memory: a restart is a new device, and the old one is deleted above, so no
    // stale device keeps receiving room keys.
    await client.initRustCrypto({ useIndexedDB: false });
    this.#startedAt = Date.now();

    client.on(HttpApiEvent.SessionLoggedOut, () => {
      o.log.warn("session ended by the server; logging in again");
      o.onLoggedOut();
    });
    client.on(RoomMemberEvent.Membership, (_event: MatrixEvent, member: RoomMember) => {
      if (member.userId !== client.getUserId() || member.membership !== "invite") return;
      const inviter = member.events.member?.getSender() ?? "";
      if (!inviter.endsWith(`:${o.serverName}`)) return; // only people of this organisation
      client.joinRoom(member.roomId).catch((err: Error) => o.log.warn({ room: member.roomId, err: err.message }, "join failed"));
    });
    // Plain events arrive on the timeline; encrypted ones once decrypted (which may be later,
    // when the room key arrives).
    client.on(RoomEvent.Timeline, (event: MatrixEvent, _room, toStartOfTimeline) => {
      if (toStartOfTimeline || event.isEncrypted()) return;
      void this.#onMessage(event);
    });
    client.on(MatrixEventEvent.Decrypted, (event: MatrixEvent) => {
      if (event.isDecryptionFailure()) {
        this.o.log.warn({ room: event.getRoomId(), event: event.getId() }, "could not decrypt a message");
        return;
      }
      void this.#onMessage(event);
    });
    await new Promise<void>((resolve) => {
      client.once(ClientEvent.Sync, () => resolve());
      void client.startClient({ initialSyncLimit: 0, lazyLoadMembers: true });
    });
    o.log.info({ device: login.device_id }, "compliance bot syncing");
  }

  async #removeOldDevices(client: MatrixClient, current: string): Promise<void> {
    const { devices } = await client.getDevices();
    for (const d of devices) {
      if (d.device_id === current || d.display_name !== BOT_DEVICE_NAME) continue;
      // The service account is a server admin: the admin API needs no interactive auth.
      const removed = await new SynapseClient({ baseUrl: this.o.homeserverUrl, token: client.getAccessToken() ?? undefined })
        .deleteDevice(this.o.userId, d.device_id)
        .then(() => ({ ok: true, status: 200 }))
        .catch((err: unknown) => ({ ok: false, status: err instanceof MatrixHttpError ? err.status : 0 }));
      if (!removed.ok) this.o.log.warn({ device: d.device_id, status: removed.status }, "could not remove an old bot device");
    }
  }

  async #onMessage(event: MatrixEvent): Promise<void> {
    const client = this.#client!;
    if (event.getTs() < this.#startedAt - 5000) return; // history from before this start
    const id = event.getId();
    if (!id || this.#seen.has(id)) return;
    this.#seen.add(id);
    if (this.#seen.size > 10_000) this.#seen.delete(this.#seen.values().next().value!);
    if (event.getType() !== "m.room.message" || event.getSender() === client.getUserId()) return;
    const sender = event.getSender() ?? "";
    if (!sender.endsWith(`:${this.o.serverName}`) || PUPPET_USER_ID.test(sender)) return;
    const body = event.getContent().body;
    if (typeof body !== "string") return;
    const parsed = parseCommand(body);
    if (!parsed) return;
    const roomId = event.getRoomId()!;
    // In SMS rooms the bridge answers commands; the bot stays quiet there.
    if (client.getRoom(roomId)?.currentState.getStateEvents("org.wardroom.sms_portal", "")) return;
    const reply = (text: string) => client.sendNotice(roomId, text).catch((err: Error) => this.o.log.warn({ room: roomId, err: err.message }, "reply failed"));
    if (!parsed.ok) return void (await reply(parsed.error));
    const cmd = parsed.command;
    if (cmd.name === "sms.help") return void (await reply(COMMAND_HELP));
    if (cmd.name === "breakglass.request") return void (await reply(await this.#breakGlassRequest(sender, cmd)));
    if (cmd.name !== "sms.open") return void (await reply(`${body.trim().split(/\s+/).slice(0, 2).join(" ")} works inside an SMS room.`));
    try {
      const res = await this.o.bridge.openSms({ phone: cmd.phone, requestedBy: sender, ...(cmd.language ? { language: cmd.language } : {}) });
      this.o.log.info({ room: res.roomId, created: res.created, by: sender }, "sms conversation opened");
      await reply(
        res.created
          ? "SMS conversation opened: you are invited to the new SMS room. The patient gets the risk warning first; health information is blocked until they accept."
          : `There is already an SMS room for this number; you are invited. Consent: ${res.consent}.`,
      );
    } catch (err) {
      const why = err instanceof BridgeControlError ? err.message : "the SMS bridge is not answering; try again shortly";
      await reply(`Could not open the SMS conversation: ${why}`);
    }
  }

  /** Grants emergency access (or says why not); the answer names no patient and no reason. */
  async #breakGlassRequest(sender: string, cmd: { target: string; minutes?: number; reason: string }): Promise<string> {
    const service = this.#breakGlass;
    if (!service) return "Break-glass access is not set up on this server.";
    try {
      let roomId: string | undefined = cmd.target.startsWith("!") ? cmd.target : undefined;
      if (!roomId) {
        const phone = tryParsePhone(cmd.target, { check: "possible" });
        const admin = new SynapseClient({ baseUrl: this.o.homeserverUrl, token: this.#client!.getAccessToken() ?? undefined });
        roomId = phone ? await findPortalRoom(admin, phone) : undefined;
        if (!roomId) return "There is no patient (SMS) room for that number.";
      }
      const res = await service.request({ requester: sender, roomId, reason: cmd.reason, ...(cmd.minutes !== undefined ? { minutes: cmd.minutes } : {}) });
      if (!res.ok) return `Break-glass access refused: ${res.message}.`;
      return `Break-glass access granted: you are in the patient room for ${res.minutes} minutes (until ${res.expiresAt.toISOString()}); the access ends by itself. The security officers have been told.`;
    } catch (err) {
      this.o.log.warn({ err: err instanceof Error ? err.message : String(err) }, "break-glass request failed");
      return "Break-glass access could not be granted right now (the homeserver or the directory did not answer); try again, or call the security office.";
    }
  }

  async stop(): Promise<void> {
    this.#client?.stopClient();
  }
}
