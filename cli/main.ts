import { Command, CommanderError } from "commander";
import { WardroomError } from "../core/errors.ts";
import { registerCommands } from "./commands/index.ts";

/**
 * The `wardroom` CLI. Exit codes (DESIGN.md): 0 success, 1 a failed check, 2 bad usage or
 * bad input. Errors print one line naming the field, line or parameter; no stack traces
 * unless WARDROOM_DEBUG is set.
 */
const program = new Command("wardroom")
  .description("Wardroom: HIPAA-ready secure messaging on Matrix")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride();
registerCommands(program);

function fail(err: unknown): never {
  if (err instanceof CommanderError) {
    const ok = err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help";
    process.exit(ok ? 0 : 2);
  }
  if (err instanceof WardroomError) {
    process.stderr.write(`wardroom: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  const detail = err instanceof Error ? err.message : String(err);
  process.stderr.write(`wardroom: unexpected error: ${detail}\n`);
  if (process.env.WARDROOM_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}

// Commands are recursive by nature (each subcommand has its own exitOverride).
program.commands.forEach(function override(cmd: Command) {
  cmd.exitOverride();
  cmd.commands.forEach(override);
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  fail(err);
}
