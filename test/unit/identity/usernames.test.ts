import { describe, expect, it } from "vitest";
import { mxidLocalpartFromUsername, rolesFromGroups, usernameProblem } from "../../../core/identity/usernames.ts";

describe("the SSO localpart of an IdP username (mirrors Synapse's map_username_to_mxid_localpart)", () => {
  // Expected values printed by Synapse's own function from the project's virtualenv, so SCIM
  // provisions the account the person's SSO login lands on.
  it.each([
    ["Dr.Alice@Example.org", "dr.alice=40example.org"],
    ["_svc", "=5fsvc"],
    ["Zoë.Müller", "zo=c3=ab.m=c3=bcller"],
    ["a b", "a=20b"],
    ["nurse.bob", "nurse.bob"],
    ["ÅSA+tag/x=1", "=c3=85sa+tag/x=3d1"],
    ["日本", "=e6=97=a5=e6=9c=ac"],
  ])("%s -> %s", (username, localpart) => {
    expect(mxidLocalpartFromUsername(username)).toBe(localpart);
  });
});

describe("usernames refused from the IdP", () => {
  it.each([
    ["", "empty"],
    ["x".repeat(256), "255"],
    ["ｄｒ.alice", "NFKC"],
    ["ﬁona", "NFKC"],
    ["dr.al\u200bice", "invisible"],
    ["dr.\u202ealice", "invisible"],
    ["dr.alice\n", "control"],
    [" dr.alice", "white space"],
  ])("%j is refused (%s)", (username, why) => {
    expect(usernameProblem(username)).toMatch(new RegExp(why === "control" || why === "invisible" ? "control|invisible" : why));
  });

  it("an ordinary UPN or a name with accents is accepted", () => {
    expect(usernameProblem("dr.alice@example.org")).toBeNull();
    expect(usernameProblem("zoë.müller")).toBeNull();
  });
});

describe("roles from groups", () => {
  it("maps only the groups the policy names, each role once", () => {
    const map = { clinician: "clinician", "ER staff": "emergency", "ER leads": "emergency" } as const;
    expect(rolesFromGroups(["clinician", "ER staff", "ER leads", "cafeteria", "__proto__", "toString"], map).sort()).toEqual(["clinician", "emergency"]);
    expect(rolesFromGroups([], map)).toEqual([]);
  });
});
