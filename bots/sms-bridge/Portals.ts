import type { Policy } from "../../core/policy/index.ts";
import { retentionStateFor } from "../../core/synapse/renderConfig.ts";
import type { E164 } from "../../core/sms/phone.ts";
import type { RoomId, UserId } from "../../core/matrix/ids.ts";
import type { Logger } from "pino";
import { puppetLocalpart } from "../../core/sms/puppetId.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import type { AuditPort } from "./capabilities.ts";
import type { Portal } from "../../core/sms/portal.ts";
import type { BridgeStore } from "./store/BridgeStore.ts";
import { KeyedMutex } from "../../runtime/concurrency/KeyedMutex.ts";

export const PORTAL_STATE = "org.wardroom.sms_portal";

/** "+1 555 123 4567": how clinicians see the number. */
export function displayPhone(phone: E164): string {
  const d = phone.slice(1);
  if (d.startsWith("1") && d.length === 11) return `+1 ${d.slice(1, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  return phone;
}

/** A portal room's name, as the care team sees it in their room list. */
export function portalRoomName(phone: E164): string {
  return `SMS ${displayPhone(phone)}`;
}

/**
 * A portal room's power levels. Room v12: the creator (the bridge bot) is above every level and
 * is not listed. Everyone else writes at 0; inviting, kicking, redacting and state need 50,
 * which only administrators get.
 */
export function portalPowerLevels(admins: readonly string[]): Record<string, unknown> {
  return {
    users: Object.fromEntries(admins.map((a) => [a, 100])),
    users_default: 0,
    events_default: 0,
    state_default: 50,
    invite: 50,
    kick: 50,
    ban: 50,
    redact: 50,
    events: {
      "m.room.name": 50,
      "m.room.topic": 50,
      "m.room.avatar": 50,
      "m.room.power_levels": 100,
      "m.room.history_visibility": 100,
      "m.room.encryption": 100,
      "m.room.tombstone": 100,
      "m.room.server_acl": 100,
    },
    notifications: { room: 50 },
  };
}

/**
 * One portal room per patient number: created on first contact (or when a clinician opens an
 * SMS conversation), not encrypted (SMS is not), marked with `org.wardroom.sms_portal`, kept
 * for the `sms` retention, with the care team invited.
 */
export class Portals {
  readonly #mutex = new KeyedMutex();
  #key: Uint8Array | undefined;

  constructor(
    private readonly deps: {
      store: BridgeStore;
      matrix: RoomActions;
      policy: Policy;
      careTeam: () => Promise<string[]>;
      /** Administrators (who may invite besides the bridge); asked when a room is made. */
      admins?: () => Promise<string[]>;
      audit: AuditPort;
      provider: string;
      log?: Pick<Logger, "warn">;
    },
  ) {}

  async #puppetKey(): Promise<Uint8Array> {
    this.#key ??= await this.deps.store.puppetIdKey();
    return this.#key;
  }

  get(phone: E164): Promise<Portal | undefined> {
    return this.deps.store.portalByPhone(phone);
  }

  findOrCreate(phone: E164, opts: { language?: string; timeZone?: string; invite?: string[] } = {}): Promise<Portal> {
    return this.#mutex.run(phone, async () => {
      const existing = await this.deps.store.portalByPhone(phone);
      if (existing) return existing;
      this.#creating++;
      try {
        return await this.#create(phone, opts);
      } finally {
        this.#creating--;
      }
    });
  }

  /**
   * Portal rooms being set up right now. The care team is invited while the room is created,
   * before the portal is stored: a message sent in that window must wait, not be dropped.
   */
  get creating(): boolean {
    return this.#creating > 0;
  }

  #creating = 0;

  async #create(phone: E164, opts: { language?: string; timeZone?: string; invite?: string[] }): Promise<Portal> {
    const { matrix, policy } = this.deps;
    const puppet = await matrix.ensureUser(puppetLocalpart(await this.#puppetKey(), phone), `${displayPhone(phone)} (SMS)`);
    // A set-up cut short (the homeserver or the bridge died after the room was made, before
    // the portal was stored) left its room with the care team invited: finish that one rather
    // than make a second room for the same patient.
    const cutShort = await this.deps.store.beginPortalCreation(phone);
    const resumed = cutShort ? await this.#roomLeftBehind(phone) : undefined;
    if (resumed) {
      this.deps.log?.warn({ room: resumed.roomId }, "finishing a portal room whose set-up was cut short");
      return this.#finish(phone, resumed.roomId, puppet, resumed.language, resumed.timeZone, undefined);
    }
    const careTeam = [...new Set([...(await this.deps.careTeam()), ...(opts.invite ?? [])])];
    const language = opts.language ?? policy.sms.defaultLanguage;
    const timeZone = opts.timeZone ?? policy.sms.defaultTimeZone;
    const roomId = await matrix.createPortalRoom({
      name: portalRoomName(phone),
      topic:
        `SMS conversation with ${displayPhone(phone)}. Texts are NOT encrypted. ` +
        "Health information is blocked until the patient accepts the SMS risk warning.",
      invite: [puppet, ...careTeam],
      initial_state: [
        { type: PORTAL_STATE, state_key: "", content: { phone, puppet, provider: this.deps.provider, language, timeZone } },
        { type: "m.room.retention", state_key: "", content: retentionStateFor(policy, "sms") },
        // `shared`: a care-team member who accepts the invite late, or joins a week later, reads
        // the whole conversation (the patient's first texts, the warning). Only members can
        // ever read it; never world_readable (the Synapse module refuses that).
        { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "shared" } },
        { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
      ],
      // The bridge bot creates the room, so it has the creator's power (room v12: above all
      // power levels) and can redact blocked messages; everyone else has the defaults.
    });
    return this.#finish(phone, roomId, puppet, language, timeZone, careTeam.length);
  }

  /** The steps after the room exists; each may be repeated (a resumed set-up repeats them). */
  async #finish(phone: E164, roomId: RoomId, puppet: UserId, language: string, timeZone: string, invited: number | undefined): Promise<Portal> {
    const { matrix } = this.deps;
    // Only the bridge (the room's creator) and administrators invite: an invited outsider's
    // messages would otherwise be texted to the patient. Set before anyone else joins.
    await matrix.setState(roomId, "m.room.power_levels", "", portalPowerLevels((await this.deps.admins?.()) ?? []));
    await matrix.join(roomId, puppet);
    const portal: Portal = { phone, roomId, puppetUserId: puppet, language, timeZone, createdAt: new Date() };
    await this.deps.store.savePortal(portal);
    await this.deps.audit.append({
      actor: matrix.botUserId,
      action: "portal.created",
      target: roomId,
      details: invited === undefined ? { resumed: true } : { invited },
    });
    return portal;
  }

  /** The room of this number's set-up that was cut short, if it was made: a joined room of the bot, not a stored portal, whose portal state names the number. */
  async #roomLeftBehind(phone: E164): Promise<{ roomId: RoomId; language: string; timeZone: string } | undefined> {
    const known = await this.deps.store.portalRoomIds();
    for (const roomId of await this.deps.matrix.joinedRooms()) {
      if (known.has(roomId)) continue;
      const state = await this.deps.matrix.stateEvent(roomId, PORTAL_STATE);
      if (state?.phone !== phone) continue;
      return { roomId, language: String(state.language ?? this.deps.policy.sms.defaultLanguage), timeZone: String(state.timeZone ?? this.deps.policy.sms.defaultTimeZone) };
    }
    return undefined;
  }
}
