import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../core/audit/canonicalJson.ts";
import { genesisHash, hashInput, hashRecord, sha256Hex } from "../../../core/audit/record.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it("sorts by UTF-16 code units as RFC 8785 does", () => {
    expect(canonicalJson({ "\u00e9": 1, z: 2, Z: 3, "\ud83d\ude00": 4, "\u20ac": 5 })).toBe('{"Z":3,"z":2,"é":1,"€":5,"😀":4}');
  });

  it("escapes strings like JSON.stringify", () => {
    expect(canonicalJson({ s: 'a"b\\c\n\u0001' })).toBe('{"s":"a\\"b\\\\c\\n\\u0001"}');
  });

  it("omits undefined object members, as a database round trip would", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it.each([
    ["a fraction", { n: 1.5 }, "$.n: only safe integers"],
    ["NaN", { n: Number.NaN }, "$.n: only safe integers"],
    ["an unsafe integer", [2 ** 60], "$[0]: only safe integers"],
    ["a Date", { d: new Date(0) }, "$.d: only plain objects"],
    ["a bigint", { b: 1n }, "$.b: a bigint cannot be hashed"],
  ])("refuses %s, naming where it is", (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it("is stable under a JSON round trip (what the store does)", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe("record hash", () => {
  const body = {
    seq: 1,
    ts: "2025-01-01T00:00:00.000Z",
    actor: "@alice:example.org",
    action: "account.locked",
    target: "@bob:example.org",
    details: { reason: "lost_device" },
    prevHash: genesisHash("ledger-1"),
  };

  it("is SHA-256 over the canonical JSON of every field but hash", () => {
    const expected = sha256Hex(
      `{"action":"account.locked","actor":"@alice:example.org","details":{"reason":"lost_device"},"prevHash":"${body.prevHash}","seq":1,"target":"@bob:example.org","ts":"2025-01-01T00:00:00.000Z"}`,
    );
    expect(hashRecord(body)).toBe(expected);
  });

  it("changes when any field changes", () => {
    const base = hashRecord(body);
    const variants = [
      { ...body, seq: 2 },
      { ...body, ts: "2025-01-01T00:00:00.001Z" },
      { ...body, actor: "@mallory:example.org" },
      { ...body, action: "device.wiped" },
      { ...body, target: null },
      { ...body, details: { reason: "left_practice" } },
      { ...body, prevHash: genesisHash("ledger-2") },
    ];
    for (const v of variants) expect(hashRecord(v)).not.toBe(base);
  });

  it("hashes the canonical JSON of the record whatever its content", () => {
    const text = fc.string();
    const record = fc.record({
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      ts: text,
      actor: text,
      action: text,
      target: fc.option(text, { nil: null }),
      details: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }))),
      prevHash: text,
    });
    fc.assert(
      fc.property(record, (r) => {
        const { seq, ts, actor, action, target, details, prevHash } = r;
        expect(hashInput(r)).toBe(canonicalJson({ seq, ts, actor, action, target, details, prevHash }));
      }),
    );
  });
});
