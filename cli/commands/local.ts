import type { Command } from "commander";
import { join, relative } from "node:path";
import { portsFromEnv } from "../../infra/local/componentTable.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { defaultAnchorsPath, defaultAuditUrl } from "../../runtime/audit/index.ts";
import { defaultConsentUrl } from "../../runtime/consent/index.ts";
import { defaultDirectoryUrl } from "../../runtime/roles/SqlRoleDirectory.ts";
import { repoRoot, stateDir } from "../../runtime/paths.ts";
import { policyPath } from "../../runtime/policy.ts";
import { printJson } from "../output.ts";

export function registerLocalCommands(program: Command): void {
  const local = program.command("local").description("the local stack (one machine: evaluation, demos and tests)");
  local
    .command("up")
    .description("start the whole local stack in the foreground; Ctrl-C stops everything")
    .option("--policy <file>", "policy file (default: $WARDROOM_POLICY or policies/hipaa.yaml)")
    .option("--json", "once everything is up, print what stack.json holds on stdout instead of the summary")
    .action(async (opts: { policy?: string; json?: boolean }) => {
      const started = Date.now();
      const stackDir = join(stateDir(), "local");
      const say = (line: string) => process.stderr.write(`wardroom: ${line}\n`);
      const stack = await startLocalStack({
        stackDir,
        policyFile: policyPath(opts.policy),
        host: "127.0.0.1",
        ports: portsFromEnv(process.env),
        databaseUrl: process.env.WARDROOM_DATABASE_URL || undefined,
        // The ledgers where the `wardroom audit` and `wardroom consent` commands look by default.
        auditUrl: defaultAuditUrl(),
        consentUrl: defaultConsentUrl(),
        directoryUrl: defaultDirectoryUrl(),
        anchorsFile: defaultAnchorsPath(),
        writeStackJson: true,
        progress: say,
      });
      const { info } = stack;
      if (opts.json) printJson(info);
      else process.stdout.write(
        [
          `Wardroom is up (${((Date.now() - started) / 1000).toFixed(1)} s).`,
          `  homeserver   ${info.homeserver.url}  (server name ${info.homeserver.serverName}, ${info.internal.database})`,
          `  SMS phone    ${info.sms.simulatorUrl}  (the simulator: text the practice number ${info.sms.practiceNumber} as a patient)`,
          `  SMS bridge   ${info.internal.bridge.url}`,
          `  admin        ${info.admin.userId}  password in ${info.admin.passwordFile} (break-glass password account)`,
          ...(info.idp
            ? [
                `  sign-in      ${info.idp.issuer}  (the development identity provider: people sign in through it)`,
                ...info.idp.users.map((u) => `  ${u.groups.join(",").padEnd(12)} ${u.username}  password in ${u.passwordFile}`),
              ]
            : info.demoUsers.map((u) => `  ${u.role.padEnd(12)} ${u.userId}  password in ${u.passwordFile}`)),
          `  console      ${info.console.url}  (staff sign in through the identity provider; break-glass: the admin password plus the TOTP code of ${relative(repoRoot, info.internal.console.totpSecretFile)})`,
          `  stack file   ${relative(repoRoot, join(stackDir, "stack.json"))}`,
          info.idp
            ? "Sign in with any Matrix client that supports single sign-on (Element, FluffyChat, nheko) using the homeserver URL above. Ctrl-C stops everything."
            : "Sign in with any Matrix client (e.g. Element) using the homeserver URL above. Ctrl-C stops everything.",
          "",
        ].join("\n"),
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = (sig: string) => {
          if (stopping) return;
          stopping = true;
          say(`${sig}: stopping`);
          void stack.stop().then(resolve);
        };
        process.once("SIGINT", () => onSignal("SIGINT"));
        process.once("SIGTERM", () => onSignal("SIGTERM"));
      });
    });
}
