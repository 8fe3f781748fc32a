import type { Call } from '../engine/call';
import type { CreateOutcome, LiveCallStore, Versioned } from './store';

/** The in-process store of one node without Redis: same semantics, nothing shared. */
export class MemoryLiveCalls implements LiveCallStore {
  readonly kind = 'memory';
  private calls = new Map<string, Versioned>();
  private byBooking = new Map<string, string>();
  private byUser = new Map<string, string>();
  private deadlines = new Map<string, number>();
  private ended = new Map<string, Call>();

  async create(call: Call, deadline: number | null): Promise<CreateOutcome> {
    if (this.holder(this.byBooking, call.bookingId)) return { ok: false, taken: 'booking' };
    if (this.holder(this.byUser, call.callerId)) return { ok: false, taken: 'caller' };
    if (this.holder(this.byUser, call.receiverId)) return { ok: false, taken: 'receiver' };
    this.calls.set(call.id, { call, version: 1 });
    this.byBooking.set(call.bookingId, call.id);
    this.byUser.set(call.callerId, call.id);
    this.byUser.set(call.receiverId, call.id);
    this.reschedule(call.id, deadline);
    return { ok: true, version: 1 };
  }
  async get(callId: string) {
    return this.calls.get(callId) ?? null;
  }
  async ofBooking(bookingId: string) {
    return this.calls.get(this.byBooking.get(bookingId) ?? '') ?? null;
  }
  async ofUser(userId: string) {
    return this.calls.get(this.byUser.get(userId) ?? '') ?? null;
  }
  async commit(next: Call, expected: number, deadline: number | null) {
    const current = this.calls.get(next.id);
    if (!current || current.version !== expected) return false;
    if (next.state === 'ended') {
      this.remove(next);
      this.ended.set(next.id, next);
    } else {
      this.calls.set(next.id, { call: next, version: expected + 1 });
      this.reschedule(next.id, deadline);
    }
    return true;
  }
  async discard(call: Call) {
    if (this.calls.has(call.id)) this.remove(call);
  }
  async due(now: number, limit: number) {
    const out: string[] = [];
    for (const [id, at] of this.deadlines) {
      if (at <= now) out.push(id);
      if (out.length >= limit) break;
    }
    return out;
  }
  async reschedule(callId: string, deadline: number | null) {
    if (deadline === null) this.deadlines.delete(callId);
    else this.deadlines.set(callId, deadline);
  }
  async finishing() {
    return [...this.ended.values()];
  }
  async finishWritten(callId: string) {
    this.ended.delete(callId);
  }
  async countByState() {
    const counts: Record<string, number> = {};
    for (const { call } of this.calls.values()) counts[call.state] = (counts[call.state] ?? 0) + 1;
    return counts;
  }
  async all() {
    return [...this.calls.values()].map((v) => v.call);
  }
  async close() {}

  private holder(index: Map<string, string>, key: string) {
    const id = index.get(key);
    return id !== undefined && this.calls.has(id);
  }
  private remove(call: Call) {
    this.calls.delete(call.id);
    this.deadlines.delete(call.id);
    for (const [index, key] of [
      [this.byBooking, call.bookingId],
      [this.byUser, call.callerId],
      [this.byUser, call.receiverId],
    ] as const) {
      if (index.get(key) === call.id) index.delete(key);
    }
  }
}
