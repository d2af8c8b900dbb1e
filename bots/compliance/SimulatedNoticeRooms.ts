import type { NoticesRoomProblem } from "../../core/compliance/blockedNotices.ts";
import type { NoticeRooms } from "./BlockedNoticeSender.ts";

/** A failure as the homeserver would answer it (matrix-js-sdk's MatrixError has these fields). */
export class SimulatedMatrixError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errcode: string,
  ) {
    super(`${errcode} (${httpStatus})`);
  }
}

/**
 * NoticeRooms in memory, for unit tests and dry runs: one room per sender, the notices sent,
 * and failures to inject (`failNext`, `undeliverable`) or weak rooms to replace (`weaken`).
 */
export class SimulatedNoticeRooms implements NoticeRooms {
  readonly sent: Array<{ roomId: string; sender: string; content: Record<string, unknown> }> = [];
  readonly rooms = new Map<string, string>();
  readonly #weak = new Map<string, NoticesRoomProblem[]>();
  readonly #undeliverable = new Set<string>();
  #failures = 0;
  #next = 1;

  constructor(private readonly names: Record<string, string> = {}) {}

  /** The next `n` sends fail as a homeserver that is down would (503). */
  failNext(n: number): void {
    this.#failures = n;
  }

  /** This sender cannot be invited (a deactivated account: 403). */
  undeliverable(sender: string): void {
    this.#undeliverable.add(sender);
  }

  /** The sender's current room turns out not private (it will be replaced on the next notice). */
  weaken(sender: string, problems: NoticesRoomProblem[]): void {
    this.#weak.set(sender, problems);
  }

  async roomFor(sender: string): Promise<{ roomId: string; replaced: Array<{ oldRoomId: string; problems: NoticesRoomProblem[] }> }> {
    if (this.#undeliverable.has(sender)) throw new SimulatedMatrixError(403, "M_FORBIDDEN");
    const replaced: Array<{ oldRoomId: string; problems: NoticesRoomProblem[] }> = [];
    const old = this.rooms.get(sender);
    const problems = this.#weak.get(sender);
    if (old && problems) {
      replaced.push({ oldRoomId: old, problems });
      this.#weak.delete(sender);
      this.rooms.delete(sender);
    }
    if (!this.rooms.has(sender)) this.rooms.set(sender, `!notices${this.#next++}:example.org`);
    return { roomId: this.rooms.get(sender)!, replaced };
  }

  async send(roomId: string, content: Record<string, unknown>): Promise<string> {
    if (this.#failures > 0) {
      this.#failures--;
      throw new SimulatedMatrixError(503, "M_UNKNOWN");
    }
    const sender = [...this.rooms].find(([, r]) => r === roomId)?.[0] ?? "";
    this.sent.push({ roomId, sender, content });
    return `$notice${this.sent.length}`;
  }

  async roomName(roomId: string): Promise<string | undefined> {
    return this.names[roomId];
  }
}
