import { InputError } from "../../core/errors.ts";

/**
 * The one table of the local stack's components. `wardroom local up` reads its ports from it,
 * the test harness allocates free ports from it, stack.ts starts the components in its order
 * and writes them into stack.json, and the lifecycle test checks every process it lists.
 * Adding a component means adding a row here and its start function in stack.ts.
 */

/** A port one component listens on, and the variable `local up` reads it from. */
export interface PortSpec {
  readonly key: PortKey;
  /** What it is called in errors ("port 8008 on 127.0.0.1 is busy (homeserver)"). */
  readonly label: string;
  readonly env: string;
  readonly defaultPort: number;
  /** Bound to 127.0.0.1 whatever the stack's host (metrics are never exposed). */
  readonly loopbackOnly?: boolean;
}

export type PortKey = "idp" | "homeserver" | "metrics" | "bridge" | "simulator" | "console";
export type ComponentName = "identity-provider" | "synapse" | "sms-simulator" | "sms-bridge" | "compliance-bot" | "audit-drain" | "lifecycle-bot" | "admin-console";

export interface ComponentSpec {
  readonly name: ComponentName;
  /** What people call it in progress lines and errors. */
  readonly title: string;
  /** Its name in the `stack.started` audit record. */
  readonly auditName: string;
  readonly ports: readonly PortSpec[];
  /** Its state folder, relative to the stack folder. */
  readonly dir: string;
  /** Separate OS process: its pid file, relative to the stack folder (absent: runs in `local up`). */
  readonly pidFile?: string;
  /** Its log, relative to the stack folder. */
  readonly logFile?: string;
  /** How the stack knows it is up. */
  readonly health: string;
  /** How it starts (documentation; the start function in stack.ts is keyed by name). */
  readonly starts: string;
}

export const LOCAL_COMPONENTS: readonly ComponentSpec[] = [
  {
    name: "identity-provider",
    dir: "idp",
    title: "development identity provider",
    auditName: "identity_provider",
    ports: [{ key: "idp", label: "identity provider", env: "WARDROOM_IDP_PORT", defaultPort: 8092 }],
    health: "listening (in-process OpenID Provider); only when the policy turns single sign-on on",
    starts: "in the `local up` process (infra/local/simulators/idp/, the oidc-provider package)",
  },
  {
    name: "synapse",
    dir: "synapse",
    title: "Synapse",
    auditName: "synapse",
    ports: [
      { key: "homeserver", label: "homeserver", env: "WARDROOM_HOMESERVER_PORT", defaultPort: 8008 },
      { key: "metrics", label: "homeserver metrics", env: "WARDROOM_METRICS_PORT", defaultPort: 9008, loopbackOnly: true },
    ],
    pidFile: "synapse/homeserver.pid",
    logFile: "synapse/homeserver.log",
    health: "GET /health answers 200",
    starts: "python -m synapse.app.homeserver from the project's virtualenv (infra/local/synapse.ts)",
  },
  {
    name: "sms-simulator",
    dir: "sms-simulator",
    title: "SMS simulator",
    auditName: "sms_simulator",
    ports: [{ key: "simulator", label: "SMS simulator", env: "WARDROOM_SIMULATOR_PORT", defaultPort: 8090 }],
    health: "listening (in-process HTTP server)",
    starts: "in the `local up` process (infra/local/simulators/sms/)",
  },
  {
    name: "sms-bridge",
    dir: "sms-bridge",
    title: "SMS bridge",
    auditName: "sms_bridge",
    ports: [{ key: "bridge", label: "SMS bridge", env: "WARDROOM_BRIDGE_PORT", defaultPort: 8009 }],
    pidFile: "sms-bridge/process.pid",
    logFile: "sms-bridge/stdout.log",
    health: "GET /health answers 200",
    starts: "node bin/run-ts.mjs bots/sms-bridge/main.ts, restarted when it dies",
  },
  {
    name: "compliance-bot",
    dir: "compliance",
    title: "compliance bot",
    auditName: "compliance_bot",
    ports: [],
    pidFile: "compliance/process.pid",
    logFile: "compliance/stdout.log",
    health: 'its log says "compliance bot syncing"',
    starts: "node bin/run-ts.mjs bots/compliance/main.ts, restarted when it dies",
  },
  {
    name: "audit-drain",
    dir: "audit-drain",
    title: "audit drain",
    auditName: "audit_drain",
    ports: [],
    pidFile: "audit-drain/process.pid",
    logFile: "audit-drain/stdout.log",
    health: 'its log says "audit drain running"',
    starts: "node bin/run-ts.mjs runtime/audit/spoolDrainMain.ts (the homeserver's audit spool into the ledger), restarted when it dies",
  },
  {
    name: "lifecycle-bot",
    dir: "lifecycle",
    title: "lifecycle bot",
    auditName: "lifecycle_bot",
    ports: [],
    pidFile: "lifecycle/process.pid",
    logFile: "lifecycle/stdout.log",
    health: 'its log says "lifecycle bot running"',
    starts: "node bin/run-ts.mjs bots/lifecycle/main.ts (idle logoff, end of break-glass grants), restarted when it dies",
  },
  {
    name: "admin-console",
    dir: "console",
    title: "admin console",
    auditName: "admin_console",
    ports: [{ key: "console", label: "admin console", env: "WARDROOM_CONSOLE_PORT", defaultPort: 8093 }],
    pidFile: "console/process.pid",
    logFile: "console/stdout.log",
    health: "GET /health answers 200",
    starts: "node bin/run-ts.mjs admin-console/main.ts, restarted when it dies",
  },
];

export function componentSpec(name: ComponentName): ComponentSpec {
  return LOCAL_COMPONENTS.find((c) => c.name === name)!;
}

export type StackPorts = Record<PortKey, number>;

export const LOCAL_PORTS: readonly (PortSpec & { component: ComponentSpec })[] = LOCAL_COMPONENTS.flatMap((c) => c.ports.map((p) => ({ ...p, component: c })));

/** The ports `local up` uses: each from its variable, or its default. */
export function portsFromEnv(env: NodeJS.ProcessEnv): StackPorts {
  const ports = {} as StackPorts;
  for (const p of LOCAL_PORTS) {
    const raw = env[p.env];
    if (raw === undefined || raw === "") {
      ports[p.key] = p.defaultPort;
      continue;
    }
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(`${p.env}: must be a port number from 1 to 65535`);
    ports[p.key] = port;
  }
  return ports;
}

/** Ports from `allocate` (a free-port finder) for every row: for tests and parallel stacks. */
export async function allocatePorts(allocate: () => Promise<number>): Promise<StackPorts> {
  const ports = {} as StackPorts;
  for (const p of LOCAL_PORTS) ports[p.key] = await allocate();
  return ports;
}

/** The same ports as environment variables for a `local up` child process. */
export function portsAsEnv(ports: StackPorts): Record<string, string> {
  return Object.fromEntries(LOCAL_PORTS.map((p) => [p.env, String(ports[p.key])]));
}
