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
      if (Array.isArray(value)) return `[${value.map((item, i) => encode(item, `${path}[${i}]`)).join(",")}]`;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path}: only plain objects can be hashed`);
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encode(v, `${path}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be hashed`);
  }
}
