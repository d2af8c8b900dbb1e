import { z } from "zod";
import { InputError } from "../errors.ts";
import type { DetailField } from "./detailFields.ts";
import type { Details } from "./record.ts";

/** An audit action: its name, what it means, and the only fields its `details` may hold. */
export interface AuditActionDefinition {
  /** `domain.verb_past`, e.g. `sms.relayed`. */
  readonly name: string;
  readonly description: string;
  readonly fields: Readonly<Record<string, DetailField>>;
  /** Strict: a field that is not listed in `fields` is refused. */
  readonly schema: z.ZodType<Details>;
}

const ACTION_NAME = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const FIELD_NAME = /^[a-z][A-Za-z0-9]*$/;
/** Details are small: ids and counts, never documents. */
export const MAX_DETAILS_CHARS = 4096;

export function defineAuditAction(def: {
  name: string;
  description: string;
  fields: Record<string, DetailField>;
}): AuditActionDefinition {
  if (!ACTION_NAME.test(def.name)) throw new TypeError(`audit action "${def.name}": must be domain.verb_past (snake_case)`);
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(def.fields)) {
    if (!FIELD_NAME.test(key)) throw new TypeError(`audit action ${def.name}: field "${key}" must be camelCase`);
    shape[key] = field.required ? field.schema : field.schema.optional();
  }
  const schema = z.strictObject(shape) as unknown as z.ZodType<Details>;
  return Object.freeze({ name: def.name, description: def.description, fields: Object.freeze({ ...def.fields }), schema });
}

/**
 * The actions a ledger accepts. Built explicitly from lists of definitions (see
 * actions/index.ts); a process that records actions of its own passes a registry extended
 * with `with(...)`.
 */
export class AuditActionRegistry {
  readonly #actions: ReadonlyMap<string, AuditActionDefinition>;

  constructor(definitions: readonly AuditActionDefinition[]) {
    const map = new Map<string, AuditActionDefinition>();
    for (const def of definitions) {
      if (map.has(def.name)) throw new TypeError(`audit action ${def.name} is defined twice`);
      map.set(def.name, def);
    }
    this.#actions = map;
  }

  with(...more: AuditActionDefinition[]): AuditActionRegistry {
    return new AuditActionRegistry([...this.#actions.values(), ...more]);
  }

  get(name: string): AuditActionDefinition | undefined {
    return this.#actions.get(name);
  }

  list(): AuditActionDefinition[] {
    return [...this.#actions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Returns the validated details, or throws an InputError naming the action and the field.
   * Messages never echo the refused value: it may be the very PHI being kept out.
   */
  validateDetails(action: string, details: unknown): Details {
    const def = this.#actions.get(action);
    if (!def) throw new InputError(`audit action: "${action}" is not a registered action`);
    const result = def.schema.safeParse(details ?? {});
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join(".") : "details";
      const what =
        issue?.code === "unrecognized_keys"
          ? `field(s) ${issue.keys.map(safeKey).join(", ")} not in the schema of ${action}`
          : (issue?.message ?? "invalid");
      throw new InputError(`audit details for ${action}: ${where}: ${what}`);
    }
    return result.data;
  }
}

/** A refused key is echoed only when it looks like a field name, never as arbitrary text. */
function safeKey(key: string): string {
  return FIELD_NAME.test(key) && key.length <= 64 ? JSON.stringify(key) : "(a key that is not a field name)";
}
