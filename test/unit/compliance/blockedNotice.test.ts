import { describe, expect, it } from "vitest";
import { blockedNotice, blockedRedactionReason, matrixEventUri } from "../../../core/compliance/blockedNotice.ts";

describe("the blocked-message notice", () => {
  const b = { reason: "phi_without_consent", categories: ["HEALTH", "DATE"], roomId: "!abc:wardroom.localhost", eventId: "$ev/1+x", roomName: "SMS +1 555 200 0001" };

  it("links the event with a matrix: URI, ids percent-encoded, sigils dropped", () => {
    expect(matrixEventUri("!abc:wardroom.localhost", "$ev/1+x")).toBe("matrix:roomid/abc%3Awardroom.localhost/e/ev%2F1%2Bx");
    // Room v12 ids have no server part.
    expect(matrixEventUri("!Qf3Ab_x-9", "$Zz")).toBe("matrix:roomid/Qf3Ab_x-9/e/Zz");
    expect(() => matrixEventUri("abc", "$x")).toThrow(/room id/);
  });

  it("names the room and the categories, links the event, and links nowhere outside", () => {
    const n = blockedNotice(b);
    expect(n.body).toContain('"SMS +1 555 200 0001"');
    expect(n.body).toContain("HEALTH, DATE");
    expect(n.body).toContain(matrixEventUri(b.roomId, b.eventId));
    expect(n.formattedBody).toContain(`<a href="${matrixEventUri(b.roomId, b.eventId)}">`);
    expect(`${n.body} ${n.formattedBody}`).not.toMatch(/https?:|matrix\.to/);
  });

  it("escapes a hostile room name in the HTML", () => {
    const n = blockedNotice({ ...b, roomName: '<img src=x onerror="alert(1)">' });
    expect(n.formattedBody).not.toContain("<img");
    expect(n.formattedBody).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("says why for every reason, and the redaction reason names no room", () => {
    for (const reason of ["opted_out", "attachment_not_supported", "too_long_to_scan", "not_care_team", "detector_unavailable"]) {
      expect(blockedNotice({ ...b, reason }).body).toMatch(/was not sent and was removed: \S/);
    }
    expect(blockedRedactionReason(b)).toBe("Not sent by SMS: it contains protected health information (HEALTH, DATE) and the patient has not accepted the SMS risk warning.");
  });
});
