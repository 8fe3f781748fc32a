import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SimCall, SimDevice, startTestServer, type TestServer } from '@calling/server/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostClient, HostApiError, type HostEvent, verifyWebhook, WebhookVerificationError } from '../src';

const API_KEY = 'host-backend-key-0123456789abcdefghij';
const SECRET = `whsec_${Buffer.from('the host and the calling server share these').toString('base64')}`;

/** The host's webhook endpoint, as its README shows it: verify, drop repeats by id, keep the event. */
async function webhookEndpoint() {
  const raw: { headers: IncomingHttpHeaders; body: string }[] = [];
  const events = new Map<string, HostEvent>();
  let attempts = 0;
  let up = true;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      attempts += 1;
      if (!up) {
        res.statusCode = 503;
        return res.end();
      }
      raw.push({ headers: req.headers, body });
      try {
        const event = verifyWebhook(SECRET, body, req.headers);
        if (!events.has(event.id)) events.set(event.id, event);
        res.statusCode = 204;
      } catch {
        res.statusCode = 400;
      }
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/calling-events`,
    raw,
    events,
    attempts: () => attempts,
    setUp: (v: boolean) => (up = v),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function until(cond: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['postgres', 'pglite'] as const)('a host integrates with the SDK (%s)', (db) => {
  let endpoint: Awaited<ReturnType<typeof webhookEndpoint>>;
  let server: TestServer;
  const devices: SimDevice[] = [];
  beforeAll(async () => {
    endpoint = await webhookEndpoint();
    server = await startTestServer({
      db,
      env: {
        HOST_API_KEY: API_KEY,
        HOST_WEBHOOK_URL: endpoint.url,
        HOST_WEBHOOK_SECRET: SECRET,
        HOST_WEBHOOK_RETRY_MAX_S: '1',
      },
    });
  });
  afterAll(async () => {
    for (const d of devices) d.close();
    await server?.close();
    await endpoint?.close();
  });

  /** Two provisioned people and their accepted booking, with devices signed in by tokens for those ids. */
  async function provisionedPair() {
    const host = createHostClient({ baseUrl: server.url, apiKey: API_KEY });
    const customerId = randomUUID();
    const providerId = randomUUID();
    const bookingId = randomUUID();
    await host.upsertUser(customerId, { name: 'Gil Customer', role: 'user' });
    await host.upsertUser(providerId, { name: 'Hana Electrician', role: 'provider', serviceName: 'Electrics' });
    const booking = await host.upsertBooking(bookingId, {
      userId: customerId,
      providerId,
      serviceName: 'Socket repair',
      status: 'accepted',
    });
    expect(booking).toMatchObject({ id: bookingId, status: 'accepted', userId: customerId, providerId });
    const caller = new SimDevice(server.url, await server.sign({ sub: customerId, role: 'user', name: 'Gil' }));
    const callee = new SimDevice(server.url, await server.sign({ sub: providerId, role: 'provider', name: 'Hana' }));
    devices.push(caller, callee);
    await Promise.all([caller.ready(), callee.ready()]);
    return { host, bookingId, caller, callee };
  }
  async function talkAndHangUp(caller: SimDevice, bookingId: string): Promise<string> {
    const call = await caller.dial(bookingId);
    if ('error' in call) throw new Error(`dial refused: ${call.error}`);
    await caller.until(() => call.connectedAt !== null, 5000, 'connected');
    await caller.hangUp(call as SimCall);
    await caller.until(() => call.endedAt !== null, 5000, 'ended');
    return call.callId;
  }
  const eventsOf = (callId: string) =>
    [...endpoint.events.values()].filter(
      (e) => e.type.startsWith('call.') && 'call' in e.data && e.data.call.id === callId,
    );

  it('provisions with the typed client, and tells of every call once per id, signed', async () => {
    const { bookingId, caller } = await provisionedPair();
    const callId = await talkAndHangUp(caller, bookingId);
    await until(() => eventsOf(callId).length === 3, 10_000, 'three events of the call');

    const events = eventsOf(callId);
    expect(events.map((e) => e.type).sort()).toEqual(['call.answered', 'call.ended', 'call.started']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    const ended = events.find((e) => e.type === 'call.ended');
    expect(ended?.data).toMatchObject({
      call: { id: callId, booking_id: bookingId, call_status: 'completed', end_reason: 'completed' },
    });
    // Every delivery that reached the endpoint was one of these ids (none arrived under another id).
    const ids = endpoint.raw
      .map((r) => r.headers['webhook-id'])
      .filter((id) => typeof id === 'string' && id.endsWith(callId));
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    for (const r of endpoint.raw) expect(r.body).not.toMatch(/\+1555\d{7}/);
  });

  it('keeps every event while the endpoint is down and the server restarts, and delivers them when it is back', async () => {
    const { bookingId, caller, callee } = await provisionedPair();
    endpoint.setUp(false);
    const before = endpoint.attempts();
    const first = await talkAndHangUp(caller, bookingId);
    const second = await talkAndHangUp(callee, bookingId);
    await until(() => endpoint.attempts() > before + 2, 10_000, 'refused delivery attempts');
    caller.close();
    callee.close();
    await server.restart();
    expect(eventsOf(first)).toEqual([]);
    endpoint.setUp(true);
    await until(() => eventsOf(first).length === 3 && eventsOf(second).length === 3, 20_000, 'all six events');
    expect(eventsOf(second).find((e) => e.type === 'call.ended')?.data).toMatchObject({
      call: { id: second, call_status: 'completed' },
    });
  });

  it("the verifier refuses a tampered body, an old timestamp and another secret's signature", () => {
    const signer = new Webhook(SECRET);
    const body = JSON.stringify({ type: 'call.started', timestamp: new Date().toISOString(), data: {} });
    const signed = (at: Date, payload = body, secret = signer) => ({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': secret.sign('msg_1', at, payload),
    });
    const now = new Date();
    expect(() => verifyWebhook(SECRET, body.replace('started', 'ended'), signed(now))).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyWebhook(SECRET, body, signed(new Date(now.getTime() - 10 * 60_000)))).toThrow(
      WebhookVerificationError,
    );
    const stranger = new Webhook(`whsec_${Buffer.from('someone else entirely, not ours').toString('base64')}`);
    expect(() => verifyWebhook(SECRET, body, signed(now, body, stranger))).toThrow(WebhookVerificationError);
  });

  it('turns refusals into HostApiError with their codes', async () => {
    const wrong = createHostClient({ baseUrl: server.url, apiKey: 'not-the-key' });
    await expect(wrong.upsertUser(randomUUID(), { name: 'X', role: 'user' })).rejects.toMatchObject({
      code: 'unauthorized',
      httpStatus: 401,
    });
    const host = createHostClient({ baseUrl: server.url, apiKey: API_KEY });
    const error = await host.setBookingStatus(randomUUID(), 'cancelled').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostApiError);
    expect(error).toMatchObject({ code: 'not_found', httpStatus: 404 });
  });
});
