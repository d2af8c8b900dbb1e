import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../core/errors.ts";
import { MemoryRoleDirectory, parseRole, type RoleDirectoryWriter } from "../../../core/roles/index.ts";
import { SqlRoleDirectory } from "../../../runtime/roles/SqlRoleDirectory.ts";
import { backends } from "../../helpers/databases.ts";

const ALICE = "@dr.alice:x";
const BOB = "@nurse.bob:x";

const impls: Array<{ name: string; skip: string | null; open: () => Promise<RoleDirectoryWriter & { close?: () => Promise<void> }> }> = [
  { name: "memory", skip: null, open: async () => new MemoryRoleDirectory() },
  ...backends.map((b) => ({ name: b.name, skip: b.skipReason, open: () => SqlRoleDirectory.open(b.freshUrl("directory")) })),
];
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

for (const impl of impls) {
  describe.skipIf(impl.skip !== null)(`role directory (${impl.name})${impl.skip ? ` skipped: ${impl.skip}` : ""}`, () => {
    it("reports what each change added and removed, and answers the current state", async () => {
      const dir = await impl.open();
      try {
        expect(await dir.setRoles(ALICE, ["clinician", "emergency"], "local")).toEqual({ added: ["clinician", "emergency"], removed: [] });
        expect(await dir.setRoles(ALICE, ["clinician"], "local")).toEqual({ added: [], removed: ["emergency"] });
        expect(await dir.rolesOf(ALICE)).toEqual(["clinician"]);
        expect(await dir.usersWithRole("emergency")).toEqual([]);
        expect(await dir.rolesOf("@nobody:x")).toEqual([]);
      } finally {
        await dir.close?.();
      }
    });

    it("keeps each source's assignments: a person's roles are the union, and one source cannot take another's away", async () => {
      const dir = await impl.open();
      try {
        await dir.setRoles(BOB, ["clinician"], "scim");
        await dir.setRoles(BOB, ["auditor"], "local");
        await dir.setRoles(ALICE, ["clinician"], "sso");
        expect(await dir.rolesOf(BOB)).toEqual(["clinician", "auditor"]);
        expect(await dir.rolesFrom(BOB, "local")).toEqual(["auditor"]);
        expect(await dir.usersWithRole("clinician")).toEqual([ALICE, BOB]);
        // The IdP removes Bob from the clinician group: the local auditor role stays.
        await dir.setRoles(BOB, [], "scim");
        expect(await dir.rolesOf(BOB)).toEqual(["auditor"]);
        expect([...(await dir.all())]).toEqual([
          [ALICE, ["clinician"]],
          [BOB, ["auditor"]],
        ]);
      } finally {
        await dir.close?.();
      }
    });
  });
}

describe("parseRole", () => {
  it("names the field and the roles there are", () => {
    expect(parseRole("clinician")).toBe("clinician");
    expect(() => parseRole("doctor", "--add")).toThrow(InputError);
    expect(() => parseRole("doctor", "--add")).toThrow(/^--add: "doctor" is not a role; roles are clinician, admin, security_officer, helpdesk, emergency, auditor$/);
  });
});
