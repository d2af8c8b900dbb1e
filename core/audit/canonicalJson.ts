/**
 * Canonical JSON for audit hashes: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers serialised as ECMAScript's JSON.stringify does. For the values the
 * ledger admits (strings, safe integers, booleans, null, arrays, plain objects) this is the
 * JSON Canonicalization Scheme (RFC 8785), so any verifier can recompute a record's hash from
 * an export. Anything else (NaN, fractions, Dates, class instances) is refused rather than
 * silently coerced, because a value that does not survive a round trip through the database
 * would break the chain later.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, "$");
}

function encode(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) throw new TypeError(`${path}: only safe integers can be hashed`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i > 0 ? "," : "") + encode(value[i], `${path}[${i}]`);
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path}: only plain objects can be hashed`);
      const record = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, which is what RFC 8785 asks for.
      const keys = Object.keys(record).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${first ? "" : ","}${JSON.stringify(key)}:${encode(member, `${path}.${key}`)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be hashed`);
  }
}
