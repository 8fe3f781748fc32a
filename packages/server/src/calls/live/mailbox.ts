import type { ServerMessage } from '../engine/notifications';

/** A relayed server event, before it has a socket to go to. */
export type Relayed = ServerMessage;

/**
 * What a party missed while its socket was away: offers, answers and candidates its peer sent meanwhile. They
 * wait here (bounded, for the reconnect grace) and go to the socket that resumes the call, in order, so a
 * setup interrupted by a network switch carries on where it was instead of failing 20 s later.
 */
export interface RelayMailbox {
  /** False when the party's box is full (the message is dropped). */
  put(callId: string, userId: string, message: Relayed): Promise<boolean>;
  /** Everything waiting for the party, oldest first; the box is empty afterwards. */
  take(callId: string, userId: string): Promise<Relayed[]>;
}

/** A box outlives the reconnect grace by this much, so a resume at the last moment still finds it. */
export const MAILBOX_SLACK_MS = 5_000;

/** Messages kept per party and call: an offer, an answer and a few rounds of candidates. */
export const MAILBOX_LIMIT = 64;

/** One node: in memory, each box dropped when taken or when its time is up. */
export class MemoryMailbox implements RelayMailbox {
  private readonly boxes = new Map<string, { until: number; messages: Relayed[] }>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async put(callId: string, userId: string, message: Relayed) {
    this.prune();
    const key = `${callId}:${userId}`;
    const box = this.boxes.get(key) ?? { until: this.now() + this.keepMs, messages: [] };
    if (box.messages.length >= MAILBOX_LIMIT) return false;
    box.messages.push(message);
    this.boxes.set(key, box);
    return true;
  }

  async take(callId: string, userId: string) {
    const key = `${callId}:${userId}`;
    const box = this.boxes.get(key);
    this.boxes.delete(key);
    return box && box.until > this.now() ? box.messages : [];
  }

  private prune() {
    const now = this.now();
    for (const [key, box] of this.boxes) if (box.until <= now) this.boxes.delete(key);
  }
}
