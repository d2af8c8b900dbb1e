import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../runtime/paths.ts";

/** Relative imports and re-exports of a file, type-only ones included (a cycle of types is still a knot). */
function importsOf(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/g)) out.push(resolve(dirname(file), m[1]!));
  for (const m of src.matchAll(/import\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)) out.push(resolve(dirname(file), m[1]!));
  return out.filter((p) => p.endsWith(".ts") && existsSync(p));
}

function sources(): string[] {
  const files: string[] = [];
  for (const dir of ["core", "runtime", "bots", "infra", "cli", "bench", "test", "admin-console"]) {
    const root = join(repoRoot, dir);
    if (!existsSync(root)) continue;
    for (const f of readdirSync(root, { recursive: true, encoding: "utf8" })) if (f.endsWith(".ts")) files.push(join(root, f));
  }
  return files;
}

/** Every cycle's first loop found by a depth-first walk, as repository-relative paths. */
function findCycles(files: string[], edges: (file: string) => string[] = importsOf): string[][] {
  const graph = new Map(files.map((f) => [f, edges(f)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].map((p) => relative(repoRoot, p)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

describe("imports", () => {
  it("form no cycle anywhere in the repository", () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(100);
    expect(findCycles(files)).toEqual([]);
  });

  it("the check finds a cycle when there is one, type-only imports included", () => {
    const a = join(repoRoot, "core", "a.ts");
    const b = join(repoRoot, "core", "b.ts");
    const c = join(repoRoot, "core", "c.ts");
    const edges: Record<string, string[]> = { [a]: [b], [b]: [c], [c]: [a] };
    expect(findCycles([a, b, c], (f) => edges[f] ?? [])).toEqual([["core/a.ts", "core/b.ts", "core/c.ts", "core/a.ts"]]);
    // The real parser reads `import type` too: errors.ts imports the state names by type.
    expect(importsOf(join(repoRoot, "core", "consent", "errors.ts"))).toContain(join(repoRoot, "core", "consent", "stateNames.ts"));
  });
});
