import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { raw } from './raw-http';

// Issue 17: what engine.io refuses on its own (before socket.io sees a connection) gets our envelope too.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const port = () => Number(new URL(server.url).port);
const json = (body: string) => JSON.parse(body) as unknown;
const request = (method: string, query: string, extra = '') =>
  `${method} /socket.io/?${query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`;

describe("engine.io's own refusals, over raw TCP", () => {
  it.each([
    ['an unknown session id', request('GET', 'EIO=4&transport=polling&sid=nope'), 'unknown or expired session id'],
    ['an unknown transport', request('GET', 'EIO=4&transport=carrier-pigeon'), 'unknown transport'],
    [
      'a handshake that is not a GET',
      request('PUT', 'EIO=4&transport=polling', 'Content-Length: 0\r\n'),
      'a handshake must be a GET',
    ],
    [
      'engine.io protocol revision 3',
      request('GET', 'EIO=3&transport=polling'),
      'unsupported engine.io protocol revision',
    ],
  ])('%s: 400 with the envelope', async (_what, req, message) => {
    const r = await raw(port(), req);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(json(r.body)).toEqual({ status: 'error', code: 'invalid_payload', message });
  });

  it('a HEAD that engine.io refuses gets the status alone', async () => {
    const r = await raw(port(), request('HEAD', 'EIO=4&transport=polling'));
    expect(r.status).toBe(400);
    expect(r.body).toBe('');
  });

  it('a WebSocket upgrade with an unknown session id: 400 with the envelope, then the connection closes', async () => {
    const upgrade =
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const r = await raw(
      port(),
      `GET /socket.io/?EIO=4&transport=websocket&sid=nope HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n`,
    );
    expect(r.status).toBe(400);
    expect(json(r.body)).toEqual({
      status: 'error',
      code: 'invalid_payload',
      message: 'unknown or expired session id',
    });
    expect(Number.isFinite(r.closedAfterMs)).toBe(true);
  });

  it('a well-formed handshake still opens a session afterwards', async () => {
    const r = await raw(port(), request('GET', 'EIO=4&transport=polling'));
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^0\{"sid":"[^"]+"/);
  });
});
