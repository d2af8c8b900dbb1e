import { once } from "node:events";

/** Writes machine-readable output (the `--json` contract): one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** "1 number", "2 numbers": counts in human output. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/**
 * Streams an export to stdout: batches small writes and honours backpressure, so exports of
 * any size use little memory. `wardroom ... export | head` closes the pipe early: that is
 * the reader's choice, not an error, so the command ends quietly with exit 0.
 */
export class StdoutWriter {
  #buffer = "";

  constructor() {
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(0);
      throw err;
    });
  }

  async write(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= 65_536) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#buffer === "") return;
    const chunk = this.#buffer;
    this.#buffer = "";
    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
  }
}
