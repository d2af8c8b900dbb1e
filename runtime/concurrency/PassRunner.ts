/**
 * Runs a pass over a durable queue: never two passes at once, one more right after the
 * current one when kicked meanwhile, and on a timer so nothing waits for a kick forever.
 * Give it the pass as a function, or extend it and override `runPass()` (a durable queue).
 */
export class PassRunner {
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pass: (() => Promise<void>) | undefined,
    private readonly onError: (err: Error) => void,
    intervalMs: number,
  ) {
    this.#timer = setInterval(() => this.kick(), intervalMs);
  }

  /** One pass over the queue; subclasses that passed no function override it. */
  protected runPass(): Promise<void> {
    if (!this.pass) throw new Error("PassRunner: no pass given and runPass() not overridden");
    return this.pass();
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    let pass: Promise<void>;
    try {
      pass = this.runPass(); // started now, as a direct call would be
    } catch (err) {
      pass = Promise.reject(err as Error);
    }
    this.#running = pass
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
