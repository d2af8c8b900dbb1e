import { mkdir, open, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatAnchor, parseAnchor, type Anchor, type AnchorSink } from "../../core/audit/index.ts";
import { stateDir } from "../paths.ts";

/** `$WARDROOM_AUDIT_ANCHORS`, else `<stateDir>/audit/anchors.jsonl`. */
export function defaultAnchorsPath(): string {
  return process.env.WARDROOM_AUDIT_ANCHORS ?? join(stateDir(), "audit", "anchors.jsonl");
}

/**
 * Anchors as JSON Lines in an append-only file, synced to disk before write() resolves. Keep
 * the file away from the database (another disk, host or a write-once store): an anchor is
 * only as good as the attacker's inability to rewrite it.
 */
export class FileAnchorSink implements AnchorSink {
  readonly kind = "file";
  readonly path: string;

  constructor(path: string = defaultAnchorsPath()) {
    this.path = path;
  }

  async write(anchor: Anchor): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.path, "a", 0o600);
    try {
      await file.write(`${formatAnchor(anchor)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  /** Every anchor in the file; a missing file holds none. */
  async readAll(): Promise<Anchor[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const anchors: Anchor[] = [];
    text.split("\n").forEach((line, i) => {
      if (line.trim() !== "") anchors.push(parseAnchor(line, `${this.path} line ${i + 1}`));
    });
    return anchors;
  }
}
