/**
 * Which devices (sockets) of a person are online, across every node, and whether one just left: a phone
 * between two networks is reconnecting, not gone, and a call to it should ring (its device gets
 * `call:incoming` when it is back) rather than end `callee_offline`.
 */
export interface Presence {
  add(userId: string, socketId: string): Promise<void>;
  remove(userId: string, socketId: string): Promise<void>;
  /** How many devices of this person are online now. */
  devices(userId: string): Promise<number>;
  /** A device online now, or one that left within the rejoin window (the reconnect grace). */
  reachable(userId: string): Promise<boolean>;
}

/** One node without Redis: its own sockets are all there is. */
export class MemoryPresence implements Presence {
  private sockets = new Map<string, Set<string>>();
  private lastLeft = new Map<string, number>();

  constructor(
    private readonly rejoinWindowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async add(userId: string, socketId: string) {
    const set = this.sockets.get(userId) ?? new Set();
    set.add(socketId);
    this.sockets.set(userId, set);
  }
  async remove(userId: string, socketId: string) {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return;
    this.lastLeft.delete(userId); // re-set at the end: the map stays in departure order
    this.lastLeft.set(userId, this.now());
    if (set.size === 0) this.sockets.delete(userId);
    this.forgetOld();
  }
  async devices(userId: string) {
    return this.sockets.get(userId)?.size ?? 0;
  }
  async reachable(userId: string) {
    if ((this.sockets.get(userId)?.size ?? 0) > 0) return true;
    const left = this.lastLeft.get(userId);
    return left !== undefined && this.now() - left <= this.rejoinWindowMs;
  }
  /** Departures older than the window say nothing any more: a long-running node keeps only recent ones. */
  private forgetOld() {
    const oldest = this.now() - this.rejoinWindowMs;
    for (const [userId, at] of this.lastLeft) {
      if (at >= oldest) break;
      this.lastLeft.delete(userId);
    }
  }
}
