import type { IdleCandidate, IdleCursor, IdleDeviceActions } from "./idleSweep.ts";
import type { AccountActions, DeviceInfo, RedactionStatus, RedactScope } from "./wipe.ts";

interface SimRoom {
  portal: boolean;
  /** Event ids per sender; redacted ones are removed. */
  events: Map<string, string[]>;
}

/**
 * An in-memory homeserver account model behind the same interface as the real Synapse
 * actions: for unit tests of wipe plans and for showing what a plan does. Every call is
 * logged (`calls`) so tests can check the order of side effects.
 */
export class SimulatedAccountActions implements AccountActions, IdleDeviceActions {
  readonly calls: string[] = [];
  readonly devices = new Map<string, DeviceInfo[]>();
  readonly locked = new Set<string>();
  readonly rooms = new Map<string, SimRoom>();
  readonly media = new Map<string, number>();
  /** Media deleted per batch (Synapse's default limit is 100). */
  mediaBatch = 100;
  /** Polls a redaction task answers "active" before it completes. */
  redactionPolls = 1;
  /** Called before a write takes effect: tests inject faults and races here. */
  beforeWrite: (call: string) => void = () => undefined;
  #tasks = new Map<string, { userId: string; rooms: string[]; polls: number }>();

  addDevice(userId: string, deviceId: string, lastSeenTs: number | null = null): void {
    this.devices.set(userId, [...(this.devices.get(userId) ?? []), { deviceId, lastSeenTs }]);
  }

  addEvents(roomId: string, sender: string, count: number, portal = false): void {
    const room = this.rooms.get(roomId) ?? { portal, events: new Map() };
    const list = room.events.get(sender) ?? [];
    for (let i = 0; i < count; i++) list.push(`$${roomId}-${sender}-${list.length}`);
    room.events.set(sender, list);
    this.rooms.set(roomId, room);
  }

  eventsOf(sender: string): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.events.get(sender)?.length ?? 0;
    return n;
  }

  async listDevices(userId: string): Promise<DeviceInfo[]> {
    this.calls.push("listDevices");
    return [...(this.devices.get(userId) ?? [])];
  }

  async deleteDevices(userId: string, deviceIds: string[]): Promise<void> {
    this.beforeWrite("deleteDevices");
    this.calls.push(`deleteDevices:${deviceIds.join(",")}`);
    this.devices.set(userId, (this.devices.get(userId) ?? []).filter((d) => !deviceIds.includes(d.deviceId)));
  }

  async setLocked(userId: string, locked: boolean): Promise<void> {
    this.beforeWrite("setLocked");
    this.calls.push(`setLocked:${locked}`);
    if (locked) this.locked.add(userId);
    else this.locked.delete(userId);
  }

  async roomsToRedact(userId: string, scope: Exclude<RedactScope, "none">): Promise<string[]> {
    return [...this.rooms].filter(([, r]) => r.events.has(userId) && (scope === "all" || r.portal)).map(([id]) => id);
  }

  async startRedaction(userId: string, rooms: string[]): Promise<string> {
    this.beforeWrite("startRedaction");
    const id = `redact-${this.#tasks.size + 1}`;
    this.calls.push(`startRedaction:${rooms.length}`);
    this.#tasks.set(id, { userId, rooms, polls: 0 });
    return id;
  }

  async redactionStatus(redactionId: string): Promise<RedactionStatus> {
    this.beforeWrite("redactionStatus");
    const task = this.#tasks.get(redactionId);
    if (!task) return { status: "failed" };
    if (task.polls++ < this.redactionPolls) return { status: "active" };
    for (const id of task.rooms) this.rooms.get(id)?.events.delete(task.userId);
    return { status: "complete", failedEvents: 0 };
  }

  async idlePage(beforeTs: number, limit: number, cursor: IdleCursor | null): Promise<{ devices: IdleCandidate[]; next: IdleCursor | null }> {
    this.calls.push("idlePage");
    const all = [...this.devices]
      .flatMap(([userId, ds]) => ds.map((d) => ({ userId, deviceId: d.deviceId, lastSeenTs: d.lastSeenTs })))
      .filter((c) => c.lastSeenTs === null || c.lastSeenTs < beforeTs)
      .sort((a, b) => (a.userId === b.userId ? (a.deviceId < b.deviceId ? -1 : 1) : a.userId < b.userId ? -1 : 1))
      .filter((c) => !cursor || c.userId > cursor.fromUser || (c.userId === cursor.fromUser && c.deviceId > cursor.fromDevice));
    const devices = all.slice(0, limit);
    const last = devices.at(-1);
    return { devices, next: all.length > limit && last ? { fromUser: last.userId, fromDevice: last.deviceId } : null };
  }

  async countMedia(userId: string): Promise<number> {
    return this.media.get(userId) ?? 0;
  }

  async deleteMediaBatch(userId: string): Promise<number> {
    this.beforeWrite("deleteMediaBatch");
    const n = Math.min(this.mediaBatch, this.media.get(userId) ?? 0);
    this.calls.push(`deleteMediaBatch:${n}`);
    this.media.set(userId, (this.media.get(userId) ?? 0) - n);
    return n;
  }
}
