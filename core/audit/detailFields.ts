import { z } from "zod";
import { PHI_CATEGORIES } from "../policy/schema.ts";

/**
 * The only kinds of value an audit `details` field can hold. There is deliberately no
 * free-form string: message text or other PHI cannot be recorded by accident, because an
 * action's schema can only be built from these. Each kind doubles as documentation.
 */
export type DetailKind = "id" | "category" | "count" | "hash" | "flag" | "timestamp" | "list";

export class DetailField {
  constructor(
    readonly kind: DetailKind,
    readonly schema: z.ZodType,
    /** A short description of the value kind, shown in docs and error messages. */
    readonly describe: string,
    readonly required = true,
  ) {}

  optional(): DetailField {
    return new DetailField(this.kind, this.schema, this.describe, false);
  }
}

// Ids are single tokens: Matrix ids (@user:server, !room:server, $event), device ids,
// provider message ids, uuids. No whitespace, so no sentences.
const ID = /^[A-Za-z0-9@!$#+:._=/-]{1,255}$/;
const CATEGORY = /^[a-z][a-z0-9_]{0,63}$/;
// A phone number is PHI: reference the portal room, or a hash of the number, instead. Only
// the E.164 form is refused: bare digit strings are also legitimate provider ids.
const PHONE_LIKE = /^\+[0-9]{7,15}$/;
const MAX_LIST = 100;

const idSchema = z
  .string()
  .regex(ID, "must be an id (letters, digits and @!$#+:._=/- only, at most 255 characters)")
  .refine((v) => !PHONE_LIKE.test(v), "must not be a phone number (PHI): use the portal room id or a hash");

function id(): DetailField {
  return new DetailField("id", idSchema, "an id (Matrix id, device id, provider message id)");
}

/** A snake_case token (`no_consent`), or one of `values` when given. */
function category(values?: readonly [string, ...string[]]): DetailField {
  if (values) return new DetailField("category", z.enum(values), `one of ${values.join(", ")}`);
  return new DetailField(
    "category",
    z.string().regex(CATEGORY, "must be a snake_case category (a-z, 0-9, _; at most 64 characters)"),
    "a snake_case category",
  );
}

function phiCategories(): DetailField {
  return list(category(PHI_CATEGORIES));
}

function count(): DetailField {
  return new DetailField("count", z.int().min(0, "must be a count (an integer >= 0)"), "a count");
}

function hash(): DetailField {
  return new DetailField("hash", z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 hash (64 lowercase hex digits)"), "a SHA-256 hex hash");
}

function flag(): DetailField {
  return new DetailField("flag", z.boolean(), "true or false");
}

function timestamp(): DetailField {
  return new DetailField("timestamp", z.iso.datetime({ offset: false, precision: 3 }), "an ISO 8601 UTC timestamp");
}

function list(item: DetailField): DetailField {
  if (item.kind === "list") throw new TypeError("audit details: lists of lists are not supported");
  return new DetailField("list", z.array(item.schema).max(MAX_LIST, `must hold at most ${MAX_LIST} items`), `a list of ${item.describe}s`);
}

export const detail = { id, category, phiCategories, count, hash, flag, timestamp, list };

export function isIdToken(value: string): boolean {
  return ID.test(value) && !PHONE_LIKE.test(value);
}
