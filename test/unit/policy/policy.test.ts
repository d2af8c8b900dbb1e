import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePolicy, MIN_AUDIT_RETENTION_DAYS, type PolicyProblem } from "../../../core/policy/index.ts";
import { defaultPolicyPath } from "../../../runtime/paths.ts";
import { runCli } from "../../helpers/cli.ts";

const shipped = readFileSync(defaultPolicyPath, "utf8");

function problemsOf(text: string): PolicyProblem[] {
  const res = parsePolicy(text);
  if (res.ok) throw new Error("expected the policy to be rejected");
  return res.problems;
}

describe("policy file", () => {
  it("ships a valid policy with safe defaults", () => {
    const res = parsePolicy(shipped);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const p = res.policy;
    expect(p.homeserver.federation.enabled).toBe(false);
    expect(p.sessions.idleLogoffMinutes).toBeLessThanOrEqual(60);
    expect(p.audit.retentionDays).toBeGreaterThanOrEqual(MIN_AUDIT_RETENTION_DAYS);
    expect(p.phi.failClosed).toBe(true);
    expect(Object.keys(p.sms.consent.warning)).toEqual(expect.arrayContaining(["en", "es"]));
    // keywords are normalised to upper case
    expect(p.sms.consent.acceptKeywords).toContain("YES");
  });

  it("has a comment on every key", () => {
    const lines = shipped.split("\n");
    lines.forEach((line, i) => {
      const key = /^(\s*)([A-Za-z]+):/.exec(line);
      if (!key) return;
      // Language entries of a text map (en:, es:) and the roles are documented by their parent.
      if (/^\s+(en|es|admin|compliance|auditor|security_officer|helpdesk):/.test(line)) return;
      let j = i - 1;
      while (j >= 0 && lines[j]!.trim() === "") j--;
      const above = lines[j] ?? "";
      const parentDocumented = above.trim().startsWith("#") || /:\s*$/.test(above);
      expect(parentDocumented, `line ${i + 1} (${key[2]}) has no comment above it or a documented parent`).toBe(true);
    });
  });

  it("names the key path and line of a value out of range", () => {
    const bad = shipped.replace("idleLogoffMinutes: 15", "idleLogoffMinutes: 90");
    const line = bad.split("\n").findIndex((l) => l.includes("idleLogoffMinutes: 90")) + 1;
    expect(problemsOf(bad)).toContainEqual({ path: "sessions.idleLogoffMinutes", line, message: "must be at most 60" });
  });

  it("reports every problem at once, including unknown and missing keys", () => {
    const bad = shipped.replace("retentionDays: 2190", "retentionDays: 365").replace("allowMedia: false", "allowMedias: false");
    const problems = problemsOf(bad);
    const paths = problems.map((p) => p.path);
    expect(paths).toContain("audit.retentionDays");
    expect(paths).toContain("sms.allowMedias");
    expect(paths).toContain("sms.allowMedia");
    expect(problems.find((p) => p.path === "sms.allowMedias")?.message).toMatch(/unknown key/);
    expect(problems.find((p) => p.path === "sms.allowMedia")?.message).toBe("is required");
  });

  it("refuses open federation", () => {
    const bad = shipped.replace("enabled: false\n    # When enabled", "enabled: true\n    # When enabled");
    expect(problemsOf(bad).map((p) => p.path)).toEqual(["homeserver.federation.allowDomains"]);
  });

  it("refuses PHI decisions that fail open", () => {
    const bad = shipped.replace("failClosed: true", "failClosed: false");
    expect(problemsOf(bad)).toMatchObject([{ path: "phi.failClosed", message: expect.stringMatching(/fail closed/) }]);
  });

  it("refuses a keyword that means two things", () => {
    const bad = shipped.replace("declineKeywords: [NO, N, DECLINE]", "declineKeywords: [NO, N, DECLINE, STOP]");
    expect(problemsOf(bad).map((p) => p.message).join("\n")).toMatch(/keyword "STOP" is also in sms.consent.declineKeywords/);
  });

  it("refuses a consent warning that does not fit in two SMS, naming its line", async () => {
    const { checkPolicyFile } = await import("../../../runtime/policy.ts");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "wardroom-policy-")), "long.yaml");
    const bad = shipped.replace("los textos no estan cifrados", "los textos no están cifrados");
    writeFileSync(file, bad);
    const res = checkPolicyFile(file);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const line = bad.split("\n").findIndex((l) => l.includes("no están cifrados")) + 1;
    expect(res.problems).toContainEqual({ path: "sms.consent.warning.es", line, message: expect.stringMatching(/SMS segments .*UCS-2.*must fit in 2/) });
  });

  it("reports YAML syntax errors with their line", () => {
    const problems = problemsOf("version: 1\norganization:\n  name: [unclosed\n");
    expect(problems[0]?.path).toBe("(yaml)");
    expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it("points an unclosed quote or bracket at the line where it opens, not where the file ends", () => {
    const quote = problemsOf('version: 1\norganization:\n  name: "Mercy\n  timezone: UTC\nsms:\n  enabled: true\n');
    expect(quote).toEqual([{ path: "(yaml)", line: 3, message: expect.stringMatching(/^Missing closing "quote \(it opens on this line\)$/) }]);
    const bracket = problemsOf("version: 1\nstaffNumbers: [+15550001111, +15550002222\nsms:\n  enabled: true\n");
    expect(bracket[0]).toMatchObject({ path: "(yaml)", line: 2 });
    expect(bracket[0]?.message).toMatch(/opens on this line/);
  });

  it("points a key continued on an over-indented line at that line", () => {
    const problems = problemsOf("version: 1\nsessions:\n  idleLogoffMinutes: 15\n   maxLifetimeHours: 12\n");
    expect(problems.map((p) => p.line)).toContain(4);
    // The parser's own "at line N, column M" is dropped: the line printed is the one to fix.
    for (const p of problems) expect(p.message).not.toMatch(/at line \d+/);
  });
});

describe("wardroom policy check", () => {
  it("exits 0 and prints a summary for a good file", async () => {
    const res = await runCli(["policy", "check", defaultPolicyPath]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/valid/);
    expect(res.stdout).toMatch(/federation: off/);
  });

  it("exits 2 and names the bad key with its line", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "wardroom-policy-")), "bad.yaml");
    writeFileSync(file, shipped.replace("idleLogoffMinutes: 15", "idleLogoffMinutes: 90"));
    const res = await runCli(["policy", "check", file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/bad\.yaml:\d+: sessions\.idleLogoffMinutes: must be at most 60/);
    const json = await runCli(["policy", "check", file, "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: [{ path: "sessions.idleLogoffMinutes" }] });
  });

  it("exits 2 for a missing file and for bad usage", async () => {
    expect((await runCli(["policy", "check", "/nonexistent/policy.yaml"])).code).toBe(2);
    expect((await runCli(["policy", "frobnicate"])).code).toBe(2);
    expect((await runCli(["--help"])).code).toBe(0);
  });
});
