/** Which devices (sockets) of a person are online, across every node. */
export interface Presence {
  add(userId: string, socketId: string): Promise<void>;
  remove(userId: string, socketId: string): Promise<void>;
  /** How many devices of this person are online now. */
  devices(userId: string): Promise<number>;
}

/** One node without Redis: its own sockets are all there is. */
export class MemoryPresence implements Presence {
  private sockets = new Map<string, Set<string>>();
  async add(userId: string, socketId: string) {
    const set = this.sockets.get(userId) ?? new Set();
    set.add(socketId);
    this.sockets.set(userId, set);
  }
  async remove(userId: string, socketId: string) {
    const set = this.sockets.get(userId);
    set?.delete(socketId);
    if (set?.size === 0) this.sockets.delete(userId);
  }
  async devices(userId: string) {
    return this.sockets.get(userId)?.size ?? 0;
  }
}
