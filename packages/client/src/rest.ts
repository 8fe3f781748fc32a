import {
  type CallEndBody,
  CallEndResult,
  CallHistory,
  type EndReason,
  type IceServer,
  IceServersResult,
  type QualitySummary,
} from '@calling/protocol';
import { HANG_UP_RETRY_MS, hangUpPath } from './hang-up';

export type HangUpOutcome = 'ended' | 'refused' | 'gave_up';

/** The REST calls the call client needs, with the signed-in person's token. */
export class CallsApi {
  constructor(
    private readonly serverUrl: string,
    private readonly token: () => string | Promise<string>,
  ) {}

  /** Fresh ICE servers (new short-lived TURN credentials). */
  async iceServers(): Promise<IceServer[]> {
    return IceServersResult.parse(await this.get('/api/calls/ice-servers')).iceServers;
  }

  /** How a call ended, from the server's log: for a device that was offline when `call:ended` went out. */
  async outcome(bookingId: string, callId: string): Promise<{ reason: EndReason; duration: number } | null> {
    const { calls } = CallHistory.parse(await this.get(`/api/calls/history/${encodeURIComponent(bookingId)}?limit=20`));
    const row = calls.find((c) => c.id === callId);
    return row?.end_reason ? { reason: row.end_reason, duration: row.duration } : null;
  }

  /**
   * A hang-up the socket could not carry, tried again while the network is away. A reply with an error (the
   * call already ended, or is not ours) is final: only no reply at all is retried.
   */
  async hangUp(callId: string, body: Omit<CallEndBody, 'token'>, delays = HANG_UP_RETRY_MS): Promise<HangUpOutcome> {
    for (const delay of delays) {
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      try {
        const res = await this.request(hangUpPath(callId), { method: 'POST', body: JSON.stringify(body) });
        const reply = (await res.json()) as { status?: string; data?: unknown };
        if (reply.status === 'success' && CallEndResult.safeParse(reply.data).success) return 'ended';
        if (res.status < 500) return 'refused';
      } catch {
        // No answer (offline, server away): try again.
      }
    }
    return 'gave_up';
  }

  /** A call's quality summary for its log (best effort: the call is over, nothing waits for it). */
  async logQuality(ids: { callId: string; bookingId: string }, summary: QualitySummary): Promise<boolean> {
    try {
      const res = await this.request('/api/calls/log', { method: 'POST', body: JSON.stringify({ ...ids, summary }) });
      return res.ok;
    } catch {
      return false;
    }
  }

  private async request(path: string, init: { method?: string; body?: string } = {}) {
    return fetch(`${this.serverUrl.replace(/\/$/, '')}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  }

  private async get(path: string): Promise<unknown> {
    const res = await this.request(path);
    const body = (await res.json()) as { status: string; data?: unknown; message?: string };
    if (body.status !== 'success') throw new Error(body.message ?? `GET ${path} failed`);
    return body.data;
  }
}
