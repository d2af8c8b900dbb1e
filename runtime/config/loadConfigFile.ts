import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { InputError } from "../../core/errors.ts";

/**
 * The one config loader of every process: a JSON or YAML file (by its extension) checked
 * against a zod schema. Errors name the file and the key path (`listen.port: ...`), never the
 * value, which may be a token.
 */
export function loadConfigFile<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read the ${what} (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")})`);
  }
  return parseConfigText(file, text, schema, what);
}

/** As loadConfigFile, from text already read (tests, stdin). */
export function parseConfigText<S extends z.ZodType>(file: string, text: string, schema: S, what: string): z.infer<S> {
  let raw: unknown;
  const ext = extname(file).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") {
    const doc = parseDocument(text);
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line;
      throw new InputError(`${file}${line ? `:${line}` : ""}: cannot read the ${what} (${first.code})`);
    }
    raw = doc.toJS();
  } else {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new InputError(`${file}: cannot read the ${what} (${(err as Error).message.split("\n")[0]})`);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
