import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../../../../core/errors.ts";
import { ComplianceBotConfigSchema, loadComplianceBotConfig, loadConfigFile } from "../../../../runtime/config/index.ts";

const dir = mkdtempSync(join(tmpdir(), "wardroom-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const Schema = z.strictObject({ listen: z.strictObject({ port: z.number().int().max(65535) }), token: z.string().min(16) });

describe("the one config loader", () => {
  it("reads JSON and YAML against the same schema", () => {
    const json = file("a.json", JSON.stringify({ listen: { port: 8009 }, token: "0123456789abcdef" }));
    const yaml = file("a.yaml", "listen:\n  port: 8009\ntoken: '0123456789abcdef'\n");
    expect(loadConfigFile(json, Schema, "test config")).toEqual(loadConfigFile(yaml, Schema, "test config"));
  });

  it("names the key path of a bad value, and never echoes the value", () => {
    const bad = file("b.json", JSON.stringify({ listen: { port: 70000 }, token: "short-secret" }));
    let err: unknown;
    try {
      loadConfigFile(bad, Schema, "test config");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/listen\.port: /);
    expect((err as Error).message).toMatch(/token: /);
    expect((err as Error).message).not.toContain("short-secret");
  });

  it("names the line of a YAML syntax error, and a missing file plainly", () => {
    expect(() => loadConfigFile(file("c.yaml", "listen:\n  port: [8009\ntoken: x\n"), Schema, "test config")).toThrow(/c\.yaml:\d+: cannot read the test config/);
    expect(() => loadConfigFile(join(dir, "missing.json"), Schema, "test config")).toThrow(/cannot read the test config \(no such file\)/);
  });

  it("gives the compliance bot's config a schema (what the local stack writes is checked by it)", () => {
    const ok = { homeserverUrl: "http://127.0.0.1:8008", serverName: "x", userId: "@bot:x", passwordFile: "/p", bridgeUrl: "http://127.0.0.1:8009", controlToken: "0123456789abcdef" };
    expect(loadComplianceBotConfig(file("bot.json", JSON.stringify(ok)))).toEqual(ok);
    expect(() => ComplianceBotConfigSchema.parse({ ...ok, extra: 1 })).toThrow();
    expect(() => loadComplianceBotConfig(file("bot2.json", JSON.stringify({ ...ok, userId: "bot" })))).toThrow(/userId: must be a Matrix user id/);
  });
});
