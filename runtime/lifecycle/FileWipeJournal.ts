import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { WipeJournal, WipeProgress, WipeRequest } from "../../core/lifecycle/index.ts";

/**
 * A wipe's progress in a file per request (`<dir>/<hash of the request>.json`), replaced
 * atomically (write, fsync, rename) so a crash leaves either the old or the new progress.
 * The file name is a hash: no user id in a file name.
 */
export class FileWipeJournal implements WipeJournal {
  constructor(private readonly dir: string) {}

  #file(request: WipeRequest): string {
    const key = createHash("sha256").update(JSON.stringify([request.userId, request.deviceId ?? null, request.lock, request.redact, request.media])).digest("hex");
    return join(this.dir, `${key.slice(0, 32)}.json`);
  }

  async open(request: WipeRequest): Promise<WipeProgress | undefined> {
    const file = this.#file(request);
    if (!existsSync(file)) return undefined;
    const progress = JSON.parse(readFileSync(file, "utf8")) as WipeProgress;
    return progress.finishedAt ? undefined : progress;
  }

  async save(progress: WipeProgress): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.#file(progress.request);
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  }
}
