import type { TestProject } from "vitest/node";
import { startTestStack } from "./testStack.ts";

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startTestStack(project, "sqlite");
}
