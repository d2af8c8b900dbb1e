import { LineCounter, Parser, parseDocument, isNode, type CST, type YAMLError } from "yaml";
import type { z } from "zod";
import { InputError } from "../errors.ts";
import { CheckedPolicySchema, type Policy } from "./schema.ts";

/** One problem in a policy file, located by its key path and line. */
export interface PolicyProblem {
  path: string;
  line: number | undefined;
  message: string;
}

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };

/**
 * Parses and validates a policy document. Reports every problem at once (not just the first)
 * so an operator can fix a file in one pass; YAML syntax errors come with their line.
 */
export type PolicyCheck = (policy: Policy) => Array<{ path: string; message: string }>;

export function parsePolicy(text: string, extraChecks: readonly PolicyCheck[] = []): PolicyParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => syntaxProblem(text, e, lineCounter)) };
  }
  const raw: unknown = doc.toJS();
  const result = CheckedPolicySchema.safeParse(raw ?? {});
  const lineOf = (path: PropertyKey[]): number | undefined => {
    // Walk up until a node exists: a missing key is reported at its parent's line.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as Array<string | number>, true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (!result.success) return { ok: false, problems: result.error.issues.map((issue) => toProblem(issue, lineOf)) };
  // Checks that need other modules' knowledge (e.g. SMS segment counting for the warning).
  const more = extraChecks.flatMap((check) => check(result.data));
  if (more.length === 0) return { ok: true, policy: result.data };
  return { ok: false, problems: more.map((p) => ({ path: p.path, line: lineOf(p.path.split(".")), message: p.message })) };
}

/**
 * A YAML syntax error at the line an operator has to fix. The parser reports an unclosed quote
 * or bracket where it gave up (often the end of the file), and a key continued on the next line
 * at the line before it; point at the opening quote or bracket, or at the continuation line.
 */
function syntaxProblem(text: string, e: YAMLError, lines: LineCounter): PolicyProblem {
  const message = (e.message.split("\n")[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, "");
  let line = e.linePos?.[0]?.line;
  if (e.code === "MISSING_CHAR" || e.code === "BAD_INDENT" || e.code === "UNEXPECTED_TOKEN") {
    const opener = unclosedOpenerBefore(text, e.pos[0]);
    if (opener !== undefined) return { path: "(yaml)", line: lines.linePos(opener).line, message: `${message} (it opens on this line)` };
  }
  if (e.code === "MULTILINE_IMPLICIT_KEY") line = e.linePos?.[1]?.line ?? line;
  return { path: "(yaml)", line, message };
}

/** Offset of the innermost quoted scalar or flow collection that is still open at `pos`. */
function unclosedOpenerBefore(text: string, pos: number): number | undefined {
  let best: number | undefined;
  const consider = (t: CST.Token | undefined): void => {
    if (!t) return;
    const quoted = t.type === "double-quoted-scalar" || t.type === "single-quoted-scalar";
    if (quoted && t.offset <= pos && pos <= t.offset + t.source.length) best = Math.max(best ?? -1, t.offset);
    if (t.type === "flow-collection") {
      const closing = t.end.find((x) => x.type === "flow-seq-end" || x.type === "flow-map-end");
      if (t.offset <= pos && (!closing || closing.offset >= pos)) best = Math.max(best ?? -1, t.offset);
    }
    if (t.type === "document") consider(t.value);
    if ("items" in t) for (const item of t.items) {
      consider(item.key as CST.Token | undefined);
      consider(item.value);
    }
  };
  for (const token of new Parser().parse(text)) consider(token);
  return best;
}

function toProblem(issue: z.core.$ZodIssue, lineOf: (path: PropertyKey[]) => number | undefined): PolicyProblem {
  const base = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys;
    const path = [...base, keys[0] ?? ""].join(".");
    return { path, line: lineOf([...issue.path, keys[0] ?? ""]), message: `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}` };
  }
  let message = issue.message;
  if (issue.code === "invalid_type" && message.includes("received undefined")) message = "is required";
  return { path: base.length > 0 ? base.join(".") : "(root)", line: lineOf(issue.path), message };
}

/** `path:line: key: message`, the form every tool prints. */
export function formatProblem(file: string, p: PolicyProblem): string {
  return `${file}${p.line !== undefined ? `:${p.line}` : ""}: ${p.path}: ${p.message}`;
}

/** Parses or throws an InputError listing every problem (for processes that need a policy to start). */
export function policyOrThrow(file: string, text: string, extraChecks: readonly PolicyCheck[] = []): Policy {
  const result = parsePolicy(text, extraChecks);
  if (result.ok) return result.policy;
  throw new InputError(`invalid policy:\n${result.problems.map((p) => `  ${formatProblem(file, p)}`).join("\n")}`);
}
