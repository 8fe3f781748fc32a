/** Signaling messages one call used, each way: events and acks alike (engine.io pings are not messages). */
export interface MessageCount {
  sent: number;
  received: number;
}

/** How many calls' counts are kept: the current one and a few before it. */
const KEPT_CALLS = 16;

/**
 * Counts socket.io messages per call id. A message is attributed to the call it names; the initiate names
 * none until its ack does, so it is counted then.
 */
export class MessageCounter {
  private readonly calls = new Map<string, MessageCount>();

  sent(callId: string | undefined): void {
    if (callId) this.entry(callId).sent += 1;
  }

  received(callId: string | undefined): void {
    if (callId) this.entry(callId).received += 1;
  }

  of(callId: string): MessageCount {
    const c = this.calls.get(callId);
    return c ? { ...c } : { sent: 0, received: 0 };
  }

  private entry(callId: string): MessageCount {
    let c = this.calls.get(callId);
    if (!c) {
      c = { sent: 0, received: 0 };
      this.calls.set(callId, c);
      if (this.calls.size > KEPT_CALLS) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) this.calls.delete(oldest);
      }
    }
    return c;
  }
}

/** The call id a payload or ack names, if any. */
export function callIdOf(value: unknown): string | undefined {
  const id = (value as { callId?: unknown } | null)?.callId;
  return typeof id === 'string' ? id : undefined;
}
