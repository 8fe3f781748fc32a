import { CallHistory, type EndReason, type IceServer, IceServersResult } from '@calling/protocol';

/** The two REST lookups the call client needs, with the signed-in person's token. */
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

  private async get(path: string): Promise<unknown> {
    const res = await fetch(`${this.serverUrl.replace(/\/$/, '')}${path}`, {
      headers: { authorization: `Bearer ${await this.token()}` },
    });
    const body = (await res.json()) as { status: string; data?: unknown; message?: string };
    if (body.status !== 'success') throw new Error(body.message ?? `GET ${path} failed`);
    return body.data;
  }
}
