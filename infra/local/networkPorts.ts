import { createServer } from "node:net";
import { InputError } from "../../core/errors.ts";

function tryListen(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(null));
    srv.listen(port, host, () => {
      const addr = srv.address();
      const got = typeof addr === "object" && addr ? addr.port : null;
      srv.close(() => resolve(got));
    });
  });
}

/** Fails with one clear line when a configured port is taken. */
export async function assertPortFree(port: number, host: string, what: string, envVar: string): Promise<void> {
  if ((await tryListen(port, host)) === null) {
    throw new InputError(`port ${port} on ${host} is busy (${what}); stop what uses it or set ${envVar} to another port`);
  }
}

/** A port the OS says is free right now (for tests and parallel stacks). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const port = await tryListen(0, host);
  if (port === null) throw new Error("could not allocate a free port");
  return port;
}
