import { describe, expect, it } from "vitest";
import { scrubIdentifiers } from "../../../core/synapse/scrubIdentifiers.ts";
import { MatrixHttpError } from "../../../runtime/synapse/index.ts";

describe("Matrix errors bound for logs", () => {
  it("drop SMS puppet ids (they embed the phone number), plain or URL-encoded", () => {
    expect(scrubIdentifiers("User @sms_15551234567:wardroom.local not in room")).toBe("User @sms_… not in room");
    expect(scrubIdentifiers("PUT /profile/%40sms_15551234567%3Awardroom.local/displayname")).toBe("PUT /profile/%40sms_…/displayname");
  });

  it("drop phone numbers however they are written", () => {
    expect(scrubIdentifiers("call +1 (555) 123-4567 now")).not.toMatch(/555|4567/);
    expect(scrubIdentifiers("number 15551234567")).not.toMatch(/1234567/);
  });

  it("keep what is useful: room and event ids, statuses", () => {
    expect(scrubIdentifiers("M_FORBIDDEN in !abc:server for $event")).toBe("M_FORBIDDEN in !abc:server for $event");
  });

  it("apply to MatrixHttpError messages", () => {
    const err = new MatrixHttpError(403, "M_FORBIDDEN", "PUT /rooms/:id/send", "User @sms_15551234567:x is not in the room");
    expect(err.message).toBe("PUT /rooms/:id/send: HTTP 403 M_FORBIDDEN: User @sms_… is not in the room");
  });
});
