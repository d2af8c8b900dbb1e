/**
 * Runs a pass over a durable queue: never two passes at once, one more right after the
 * current one when kicked meanwhile, and on a timer so nothing waits for a kick forever.
 */
export class PassRunner {
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (err: Error) => void,
    intervalMs: number,
  ) {
    this.#timer = setInterval(() => this.kick(), intervalMs);
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.pass()
      .catch((err: Error) => this.onError(err))
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.idle();
  }
}
