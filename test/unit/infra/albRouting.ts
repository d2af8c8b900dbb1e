import { expect } from "vitest";
import { ofType, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An ALB path pattern or host condition value: `*` any characters, `?` one, case-sensitive for paths. */
export const globMatches = (pattern: string, value: string): boolean => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(value);

/** What an ALB listener does with a request: its rules in priority order, the first whose every condition holds; else the listener's default. */
export function routeOn(resources: RecordedResource[], listenerName: string, req: { host: string; path: string; method: string }): Props {
  const listener = ofType(resources, "aws:lb/listener:Listener").find((r) => r.name === listenerName)!;
  expect(listener, `listener ${listenerName}`).toBeDefined();
  const arn = `arn:aws:lb:us-east-1:123456789012:${listenerName}`;
  const rules = ofType(resources, "aws:lb/listenerRule:ListenerRule")
    .filter((r) => r.inputs.listenerArn === arn)
    .sort((a, b) => (a.inputs.priority as number) - (b.inputs.priority as number));
  expect(rules.length, `rules on ${listenerName}`).toBeGreaterThan(0);
  for (const r of rules) {
    const holds = (r.inputs.conditions as Props[]).every((c) => {
      if (c.hostHeader) return (c.hostHeader.values as string[]).some((v) => globMatches(v.toLowerCase(), req.host.toLowerCase()));
      if (c.pathPattern) return (c.pathPattern.values as string[]).some((v) => globMatches(v, req.path));
      if (c.httpRequestMethod) return (c.httpRequestMethod.values as string[]).includes(req.method);
      // A header condition (Synapse's routes by Authorization): this request sends none.
      if (c.httpHeader) return false;
      throw new Error(`condition not understood by this test: ${JSON.stringify(c)}`);
    });
    if (holds) return { rule: r.name, ...(r.inputs.actions as Props[])[0] };
  }
  return { rule: "default", ...(listener.inputs.defaultActions as Props[])[0] };
}

