import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditActionRegistry, defineAuditAction } from "../../../core/audit/actionRegistry.ts";
import { auditActions, defaultActionRegistry } from "../../../core/audit/actions/index.ts";
import { detail } from "../../../core/audit/detailFields.ts";
import { withActionsSection } from "../../../core/audit/actionsDoc.ts";
import { InputError } from "../../../core/errors.ts";
import { repoRoot } from "../../../runtime/paths.ts";

const registry = defaultActionRegistry();
const HASH = "ab".repeat(32);

function refusal(action: string, details: unknown): InputError {
  try {
    registry.validateDetails(action, details);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error("expected the details to be refused");
}

describe("audit action registry", () => {
  it("defines the actions the issue lists, each as domain.verb_past", () => {
    const names = registry.list().map((a) => a.name);
    for (const name of [
      "sms.relayed",
      "sms.blocked",
      "sms.webhook_rejected",
      "sms.opted_out",
      "sms.opted_in",
      "consent.warning_sent",
      "consent.acknowledged",
      "consent.declined",
      "consent.revoked",
      "device.wiped",
      "account.locked",
      "console.login_failed",
      "audit.anchored",
      "audit.purged",
      "policy.loaded",
      "stack.started",
      "user.created",
    ]) {
      expect(names).toContain(name);
    }
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/);
  });

  it("accepts ids, categories, counts, hashes and flags", () => {
    expect(
      registry.validateDetails("sms.relayed", {
        direction: "outbound",
        eventId: "$abc123:example.org",
        providerMessageId: "SM0123456789abcdef",
        phiCategories: ["NAME", "HEALTH"],
        consentWarningHash: HASH,
        segments: 2,
      }),
    ).toMatchObject({ direction: "outbound", segments: 2 });
    expect(registry.validateDetails("device.wiped", { deviceIds: ["ABCDEFGH"], devicesDeleted: 1, locked: true })).toEqual({
      deviceIds: ["ABCDEFGH"],
      devicesDeleted: 1,
      locked: true,
    });
  });

  it("refuses a field that is not in the action's schema, naming it", () => {
    const err = refusal("sms.blocked", { reason: "no_consent", note: "Patient asked about her biopsy results" });
    expect(err.message).toBe('audit details for sms.blocked: details: field(s) "note" not in the schema of sms.blocked');
  });

  it("refuses free text in a category field without echoing it", () => {
    const text = "Jane Doe asked about her HIV test";
    const err = refusal("sms.blocked", { reason: text });
    expect(err.message).toMatch(/^audit details for sms.blocked: reason: must be a snake_case category/);
    expect(err.message).not.toContain("Jane");
  });

  it("refuses free text in an id field", () => {
    expect(refusal("consent.revoked", { reason: "stop_keyword", eventId: "please call me back" }).message).toMatch(/eventId: must be an id/);
  });

  it("refuses a phone number where an id belongs", () => {
    expect(refusal("sms.opted_out", { providerMessageId: "+15551234567" }).message).toMatch(/providerMessageId: must not be a phone number/);
  });

  it("refuses a key that is itself text, without echoing it", () => {
    const err = refusal("account.locked", { reason: "lost_device", "Jane Doe, DOB 1950-01-01": 1 });
    expect(err.message).toContain("(a key that is not a field name)");
    expect(err.message).not.toContain("Jane");
  });

  it("refuses a missing required field, a wrong PHI category and an unknown action", () => {
    expect(refusal("account.locked", {}).message).toMatch(/^audit details for account.locked: reason: /);
    expect(refusal("sms.relayed", { direction: "outbound", phiCategories: ["DIAGNOSIS"] }).message).toMatch(/phiCategories\.0: /);
    expect(refusal("sms.teleported", {}).message).toBe('audit action: "sms.teleported" is not a registered action');
  });

  it("is extended explicitly by later modules, and refuses a name defined twice", () => {
    const extra = defineAuditAction({ name: "room.checked", description: "a room's settings were checked", fields: { problems: detail.count() } });
    const extended = registry.with(extra);
    expect(extended.validateDetails("room.checked", { problems: 0 })).toEqual({ problems: 0 });
    expect(registry.get("room.checked")).toBeUndefined();
    expect(() => new AuditActionRegistry([...auditActions, auditActions[0]!])).toThrow(/defined twice/);
  });

  it("refuses badly named actions and fields at definition", () => {
    expect(() => defineAuditAction({ name: "SmsRelayed", description: "", fields: {} })).toThrow(/domain.verb_past/);
    expect(() => defineAuditAction({ name: "sms.relayed2", description: "", fields: { "free text": detail.id() } })).toThrow(/camelCase/);
  });

  it("registers every action the code records, with no registry of its own elsewhere", () => {
    const recorded = new Set<string>();
    for (const dir of ["bots", "runtime", "core", "cli", "infra", "admin-console"]) {
      const root = join(repoRoot, dir);
      if (!existsSync(root)) continue;
      for (const file of readdirSync(root, { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts")) continue;
        const src = readFileSync(join(root, file), "utf8");
        for (const m of src.matchAll(/action: "([a-z_]+\.[a-z_]+)"/g)) recorded.add(m[1]!);
        if (!join(dir, file).startsWith(join("core", "audit"))) expect(src, file).not.toMatch(/defineAuditAction\(/);
      }
    }
    expect(recorded.size).toBeGreaterThan(10);
    for (const name of recorded) expect(registry.get(name), name).toBeDefined();
  });

  it("docs/audit.md lists every action with its fields exactly as the registry has them", () => {
    const doc = readFileSync(join(repoRoot, "docs", "audit.md"), "utf8");
    // Fails when the doc and the registry disagree: regenerate with
    // npm run wardroom -- audit actions --write-doc docs/audit.md
    expect(doc, "docs/audit.md is out of date: npm run wardroom -- audit actions --write-doc docs/audit.md").toBe(withActionsSection(doc, defaultActionRegistry()));
    for (const { name } of registry.list()) expect(doc).toContain(`| \`${name}\` |`);
  });
});
