import { describe, expect, it } from "vitest";
import { BACKCHANNEL_LOGOUT_EVENT, logoutTarget, LOGOUT_TOKEN_CLOCK_SKEW_SECONDS, LOGOUT_TOKEN_MAX_AGE_SECONDS } from "../../../core/console/logoutToken.ts";

const NOW = Date.UTC(2026, 11, 2, 18, 0, 0);
const iat = NOW / 1000;
const good = { iss: "https://idp.example.org", aud: "wardroom-console", iat, jti: "j-1", sub: "dr.alice", sid: "s-1", events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } };

describe("what a back-channel logout token must say (OpenID Connect Back-Channel Logout 1.0, 2.4 and 2.6)", () => {
  it("names the sessions to end: the provider session and subject, only those made before the token", () => {
    expect(logoutTarget(good, NOW)).toEqual({ sub: "dr.alice", sid: "s-1", jti: "j-1", createdBefore: (iat + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) * 1000 });
    expect(logoutTarget({ ...good, sid: undefined }, NOW)).toMatchObject({ sub: "dr.alice" });
    expect(logoutTarget({ ...good, sub: undefined }, NOW)).toMatchObject({ sid: "s-1" });
    expect(logoutTarget({ ...good, sub: undefined }, NOW)).not.toHaveProperty("sub");
    // A fractional iat still gives whole milliseconds (PostgreSQL's bigint refuses a fraction).
    expect(logoutTarget({ ...good, iat: iat + 0.0004 }, NOW)).toMatchObject({ createdBefore: Math.floor((iat + 0.0004 + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) * 1000) });
    expect(Number.isInteger((logoutTarget({ ...good, iat: iat + 0.0004 }, NOW) as { createdBefore: number }).createdBefore)).toBe(true);
  });

  it.each([
    ["no events claim", { ...good, events: undefined }, "no_logout_event"],
    ["another event only", { ...good, events: { "http://schemas.openid.net/event/other": {} } }, "no_logout_event"],
    ["the event is not an object", { ...good, events: { [BACKCHANNEL_LOGOUT_EVENT]: "yes" } }, "no_logout_event"],
    ["events is a list", { ...good, events: [BACKCHANNEL_LOGOUT_EVENT] }, "no_logout_event"],
    ["a nonce (an ID token passed off as a logout token)", { ...good, nonce: "n" }, "nonce_present"],
    ["neither sub nor sid", { ...good, sub: undefined, sid: undefined }, "no_subject"],
    ["empty sub and sid", { ...good, sub: "", sid: "" }, "no_subject"],
    ["a sub that is not a string", { ...good, sub: 42, sid: undefined }, "no_subject"],
    ["an oversized sid only", { ...good, sub: undefined, sid: "x".repeat(256) }, "no_subject"],
    ["no jti", { ...good, jti: undefined }, "no_jti"],
    ["no iat", { ...good, iat: undefined }, "no_iat"],
    ["an iat that is not a number", { ...good, iat: "now" }, "no_iat"],
    ["issued in the future", { ...good, iat: iat + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS + 1 }, "issued_in_future"],
    ["too old", { ...good, iat: iat - LOGOUT_TOKEN_MAX_AGE_SECONDS - LOGOUT_TOKEN_CLOCK_SKEW_SECONDS - 1 }, "too_old"],
  ])("refuses a token with %s", (_what, claims, problem) => {
    expect(logoutTarget(claims as Record<string, unknown>, NOW)).toEqual({ problem });
  });

  it("accepts a token within the clock skew either way", () => {
    expect(logoutTarget({ ...good, iat: iat + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS }, NOW)).toHaveProperty("jti");
    expect(logoutTarget({ ...good, iat: iat - LOGOUT_TOKEN_MAX_AGE_SECONDS - LOGOUT_TOKEN_CLOCK_SKEW_SECONDS }, NOW)).toHaveProperty("jti");
  });
});
