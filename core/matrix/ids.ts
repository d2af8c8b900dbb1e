/**
 * Matrix ids as their own types, so a room id cannot be passed where a user id (or a phone
 * number) is meant. Values come from the homeserver or the bridge's own store; the checks are
 * of shape only (the sigil; a server part for user ids), as the spec's grammar is the
 * homeserver's business. Room ids of room version 12 have no server part (`!<hash>`).
 */
export type RoomId = string & { readonly __brand: "RoomId" };
export type UserId = string & { readonly __brand: "UserId" };

const ROOM_ID = /^!\S+$/;
const USER_ID = /^@[^:\s]+:\S+$/;

export function isRoomId(value: string): value is RoomId {
  return ROOM_ID.test(value);
}

export function isUserId(value: string): value is UserId {
  return USER_ID.test(value);
}

/** A room id from the homeserver's answer; anything else is an error (never used as an id). */
export function roomIdOf(value: string): RoomId {
  if (!isRoomId(value)) throw new Error("the homeserver answered with something that is not a room id");
  return value;
}

/** A user id the bridge made or was given; anything else is an error. */
export function userIdOf(value: string): UserId {
  if (!isUserId(value)) throw new Error("not a Matrix user id (@localpart:server)");
  return value;
}
