import { describe, expect, it } from "vitest";
import { isRoomId, isUserId, roomIdOf, userIdOf } from "../../../core/matrix/ids.ts";

describe("typed Matrix ids", () => {
  it("takes room ids of every room version, v12's server-less hashes included", () => {
    expect(isRoomId("!abc:example.org")).toBe(true);
    expect(isRoomId("!ZDJHqNH2QgNUBJp1XvpXRP7Ql3uJwiIQBr0QX0Lrd1c")).toBe(true);
    expect(roomIdOf("!ZDJHqNH2QgNUBJp1XvpXRP7Ql3uJwiIQBr0QX0Lrd1c")).toBe("!ZDJHqNH2QgNUBJp1XvpXRP7Ql3uJwiIQBr0QX0Lrd1c");
  });

  it("refuses what is not one (a number, a user id, an empty or spaced value)", () => {
    for (const bad of ["+15555550142", "@alice:example.org", "!", "", "! spaced", "!a b"]) expect(isRoomId(bad)).toBe(false);
    expect(() => roomIdOf("+15555550142")).toThrow(/not a room id/);
    expect(() => roomIdOf("+15555550142")).not.toThrow(/555/);
  });

  it("takes user ids with a server part only", () => {
    expect(isUserId("@sms_0123456789abcdef01234567:example.org")).toBe(true);
    for (const bad of ["@alice", "alice:example.org", "!room:example.org", "@a b:example.org"]) expect(isUserId(bad)).toBe(false);
    expect(() => userIdOf("@alice")).toThrow(/not a Matrix user id/);
  });
});
