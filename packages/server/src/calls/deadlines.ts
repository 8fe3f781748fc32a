/** One timer per call for its next deadline (ring timeout or reconnect grace). The deadline itself is stored. */
export class Deadlines {
  private timers = new Map<string, NodeJS.Timeout>();
  constructor(private readonly onDue: (callId: string) => void) {}

  set(callId: string, at: number | null, now: number) {
    this.clear(callId);
    if (at === null) return;
    // setTimeout caps at ~24.8 days; our deadlines are seconds away.
    const delay = Math.min(Math.max(0, at - now), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(callId);
      this.onDue(callId);
    }, delay);
    timer.unref();
    this.timers.set(callId, timer);
  }
  clear(callId: string) {
    const t = this.timers.get(callId);
    if (t) clearTimeout(t);
    this.timers.delete(callId);
  }
  clearAll() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
