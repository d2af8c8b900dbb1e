import { resolve } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../../runtime/paths.ts";
import { runScimConformance } from "../conformance/scimTester.ts";
import { describeWithStack } from "../helpers/stack.ts";

/** Statuses scim2-tester gives a server that meets the RFCs (MUST, SHOULD, MAY). */
const PASSING = new Set(["SUCCESS", "COMPLIANT", "ACCEPTABLE"]);

/**
 * The one refusal we keep on purpose: a userName change that would map the person to another
 * Matrix account (their id, rooms and sessions live on the one their SSO login maps to). The
 * checker changes userName in its PUT and PATCH-replace checks; those two checks fail only for
 * that reason, and only that exact refusal is excused (docs/identity.md).
 */
const USERNAME_MOVE = "userName: a change that maps to another Matrix account is refused";

describeWithStack("SCIM conformance: the independent scim2-tester checker against the stack's endpoint (issue 14, item 3)", (stack) => {
  it("passes every check (no ERROR or CRITICAL) but the documented userName refusal", { timeout: 600_000 }, async () => {
    const results = await runScimConformance(stack().scim.url, resolve(repoRoot, stack().scim.tokenFile));
    // It really ran: discovery, and create/read/update/delete of both resource types.
    expect(results.length).toBeGreaterThan(50);
    for (const type of ["User", "Group"]) {
      for (const tag of ["crud:create", "crud:read", "crud:delete", "patch:add", "patch:remove"]) {
        expect(results.some((r) => r.resourceType === type && r.tags.includes(tag) && r.status === "SUCCESS"), `${type} ${tag}`).toBe(true);
      }
    }
    const excused = results.filter((r) => !PASSING.has(r.status) && r.status !== "SKIPPED" && (r.reason ?? "").includes(USERNAME_MOVE));
    const failed = results.filter((r) => !PASSING.has(r.status) && r.status !== "SKIPPED" && !excused.includes(r));
    expect(failed.map((r) => `${r.status} ${r.title} (${r.resourceType}): ${r.reason}`)).toEqual([]);
    expect(excused.map((r) => r.title).sort()).toEqual(["check_replace_attribute", "object_replacement"]);
    // Skipped only what the service says it does not offer: POST /.search.
    expect(results.filter((r) => r.status === "SKIPPED").every((r) => /\.search/.test(r.reason ?? ""))).toBe(true);
  });
});
