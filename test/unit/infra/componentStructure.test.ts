import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleStackConfig, mockPulumi } from "./pulumiMocks.ts";

/**
 * The program's structure on the example stack: every resource a component creates is that
 * component's child (so `pulumi up` shows, protects and deletes it with its component), and
 * every component registers its outputs. Seen from inside the SDK: a stack transformation
 * sees each resource with the parent it was given, and the components' registerOutputs calls
 * are recorded (the SDK's own call after construction passes no outputs and is not counted).
 */
interface Seen {
  type: string;
  name: string;
  parent: pulumi.Resource | undefined;
}
const seen = new Map<pulumi.Resource, Seen>();
const outputsOf = new Map<pulumi.Resource, pulumi.Inputs>();
const resolved = new Map<pulumi.Resource, Record<string, unknown>>();

type WithRegisterOutputs = { registerOutputs(outputs?: pulumi.Inputs | Promise<pulumi.Inputs> | pulumi.Output<pulumi.Inputs>): void };

beforeAll(async () => {
  const proto = pulumi.ComponentResource.prototype as unknown as WithRegisterOutputs;
  const register = proto.registerOutputs;
  proto.registerOutputs = function (this: pulumi.ComponentResource, outputs) {
    if (outputs !== undefined) outputsOf.set(this, outputs as pulumi.Inputs);
    return register.call(this, outputs);
  };
  await mockPulumi(exampleStackConfig());
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        seen.set(args.resource, { type: args.type, name: args.name, parent: args.opts.parent });
        return undefined;
      });
      await import("../../../infra/index.ts");
      // Every component's outputs, resolved (an output that never resolves fails the test by its timeout).
      for (const [component, outputs] of outputsOf) resolved.set(component, await new Promise((resolve) => pulumi.output(outputs).apply((v) => resolve(v as Record<string, unknown>))));
    });
    await pulumi.runtime.disconnect();
  } finally {
    proto.registerOutputs = register;
  }
}, 60_000);

const isComponent = (s: Seen) => s.type.startsWith("wardroom:infra:");
const isStack = (s: Seen | undefined) => s?.type === "pulumi:pulumi:Stack";
const components = () => [...seen.entries()].filter(([, s]) => isComponent(s));
/** The program's components: made by infra/index.ts, at the stack's top level. */
const topLevel = () => components().filter(([, s]) => s.parent === undefined || isStack(seen.get(s.parent)));

describe("the program's components (example stack)", () => {
  it("every resource is created inside a component, as that component's child (nested components too)", () => {
    const tops = new Set(topLevel().map(([r]) => r));
    const inside = [...seen.entries()].filter(([r, s]) => !isStack(s) && !tops.has(r)).map(([, s]) => s);
    expect(inside.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const r of inside) {
      const parent = r.parent ? seen.get(r.parent) : undefined;
      // A child is named after its component (the name, or `${name}-...`): another component as parent is as wrong as none.
      if (!parent || !isComponent(parent)) problems.push(`${r.type} ${r.name}: parent ${parent ? `${parent.type} ${parent.name}` : "the stack (none given)"}, not its component`);
      else if (r.name !== parent.name && !r.name.startsWith(`${parent.name}-`)) problems.push(`${r.type} ${r.name}: parented to ${parent.type} ${parent.name}, which did not create it`);
    }
    expect(problems).toEqual([]);
  });

  it("the program's components sit at the stack's top level, each with children of its own", () => {
    expect(topLevel().map(([, s]) => s.type.slice("wardroom:infra:".length)).sort()).toEqual(["Apps", "Audit", "Cache", "Compute", "Database", "Edge", "Homeserver", "Identity", "Keys", "Media", "Network", "Tokens"]);
    for (const [component, s] of components()) expect([...seen.values()].filter((r) => r.parent === component).length, `${s.type} ${s.name} has children`).toBeGreaterThan(0);
  });

  it("every component registers its outputs, and each of them resolves to a value", () => {
    for (const [component, s] of components()) {
      const outputs = outputsOf.get(component);
      expect(outputs, `${s.type} ${s.name} calls registerOutputs with its outputs`).toBeDefined();
      const values = resolved.get(component)!;
      expect(Object.keys(values).length, `${s.type}: outputs`).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(values)) expect(value, `${s.type}.${key}`).toBeDefined();
    }
  });
});
