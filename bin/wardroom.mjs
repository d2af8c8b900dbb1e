#!/usr/bin/env node
// Entry point of the `wardroom` CLI. The sources are TypeScript run through tsx, so a fresh
// clone needs no build step.
const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  process.stderr.write(
    `wardroom: Node ${process.versions.node} is too old; Node >= 22 is required. ` +
      "Run it through npm (`npm run wardroom -- ...`), which uses the Node 24 installed with the project.\n",
  );
  process.exit(2);
}
const { register } = await import("tsx/esm/api");
register();
await import("../cli/main.ts");
