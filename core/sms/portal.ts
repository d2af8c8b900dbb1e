import type { RoomId, UserId } from "../matrix/ids.ts";
import type { E164 } from "./phone.ts";

/**
 * A portal: the one Matrix room of one patient number, with the puppet that posts the
 * patient's texts in it. The bridge store makes these from its rows (one mapper); everything
 * else (inbound, room events, the consent flow) works with this type, never with a row.
 */
export interface Portal {
  phone: E164;
  roomId: RoomId;
  /** The patient's opaque puppet (`@sms_<hex>:server`; legacy portals may have older ids). */
  puppetUserId: UserId;
  /** The language of the patient's texts (warnings, carrier replies). */
  language: string;
  /** The patient's time zone (quiet hours). */
  timeZone: string;
  createdAt: Date;
}
