import type { Call } from './engine/call';

/**
 * In-memory index of live calls: a cache of the database's live rows, so relaying offer/answer/ICE needs
 * no query. Every change is written to the database before it is put here.
 */
export class LiveCalls {
  private byId = new Map<string, Call>();
  private byBooking = new Map<string, string>();
  private byUser = new Map<string, string>();

  get(id: string) {
    return this.byId.get(id) ?? null;
  }
  ofBooking(bookingId: string) {
    return this.get(this.byBooking.get(bookingId) ?? '');
  }
  ofUser(userId: string) {
    return this.get(this.byUser.get(userId) ?? '');
  }
  all() {
    return [...this.byId.values()];
  }
  put(call: Call) {
    if (call.state === 'ended') return this.remove(call);
    this.byId.set(call.id, call);
    this.byBooking.set(call.bookingId, call.id);
    this.byUser.set(call.callerId, call.id);
    this.byUser.set(call.receiverId, call.id);
  }
  private remove(call: Call) {
    this.byId.delete(call.id);
    if (this.byBooking.get(call.bookingId) === call.id) this.byBooking.delete(call.bookingId);
    if (this.byUser.get(call.callerId) === call.id) this.byUser.delete(call.callerId);
    if (this.byUser.get(call.receiverId) === call.id) this.byUser.delete(call.receiverId);
  }
}
