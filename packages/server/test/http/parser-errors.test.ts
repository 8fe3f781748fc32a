import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { raw } from './raw-http';

// Issue 17: what Node's HTTP parser refuses, what times out and what an Expect asks for get our envelope.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { HTTP_HEADERS_TIMEOUT_MS: '1500', HTTP_REQUEST_TIMEOUT_MS: '3000', HTTP_KEEPALIVE_TIMEOUT_MS: '800' },
  });
});
afterAll(async () => server?.close());

const port = () => Number(new URL(server.url).port);
const envelope = (code: string) => ({ status: 'error', code, message: expect.any(String) });
const json = (body: string) => JSON.parse(body) as unknown;

describe('errors before routing, over raw TCP', () => {
  it('a header over 16 KB: 431 with the envelope; on HEAD the status alone', async () => {
    const big = `X-Big: ${'a'.repeat(20_000)}\r\n`;
    const get = await raw(port(), `GET /healthz HTTP/1.1\r\nHost: x\r\n${big}\r\n`);
    expect(get.status).toBe(431);
    expect(get.headers['content-type']).toMatch(/application\/json/);
    expect(json(get.body)).toEqual(envelope('invalid_payload'));
    const head = await raw(port(), `HEAD /healthz HTTP/1.1\r\nHost: x\r\n${big}\r\n`);
    expect(head.status).toBe(431);
    expect(head.body).toBe('');
  });

  it('a request line with a NUL byte, and garbage instead of HTTP: 400 with the envelope', async () => {
    for (const request of [
      'GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n',
      'HELLO THERE\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\r\n',
    ]) {
      const r = await raw(port(), request);
      expect(r.status, JSON.stringify(request)).toBe(400);
      expect(json(r.body)).toEqual(envelope('invalid_payload'));
    }
  });

  it('no Host header: 400 with the envelope (Node would send an empty 400)', async () => {
    const r = await raw(port(), 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(400);
    expect(json(r.body)).toEqual({ status: 'error', code: 'invalid_payload', message: 'a Host header is required' });
  });

  it('an Expect it cannot meet: 417 with the envelope; a HEAD gets no body', async () => {
    const r = await raw(port(), 'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 999-nope\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(417);
    expect(json(r.body)).toEqual(envelope('invalid_payload'));
    const head = await raw(
      port(),
      'HEAD /healthz HTTP/1.1\r\nHost: x\r\nExpect: 999-nope\r\nConnection: close\r\n\r\n',
    );
    expect(head.status).toBe(417);
    expect(head.body).toBe('');
  });

  it('headers that never finish, and a silent connection: 408 with the envelope, closed at the limit', async () => {
    for (const request of ['GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', '']) {
      const r = await raw(port(), request, { timeoutMs: 6000 });
      expect(r.status, JSON.stringify(request)).toBe(408);
      expect(json(r.body)).toEqual(envelope('request_timeout'));
      // The header limit (1.5 s) plus Node's check interval (1 s) at most.
      expect(r.closedAfterMs).toBeGreaterThanOrEqual(1400);
      expect(r.closedAfterMs).toBeLessThan(3500);
    }
  });

  it('an idle keep-alive connection is closed after HTTP_KEEPALIVE_TIMEOUT_MS', async () => {
    const r = await raw(port(), 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 4000 });
    expect(r.status).toBe(200);
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(700);
    expect(r.closedAfterMs).toBeLessThan(2500);
  });

  it('a well-formed request still gets its answer, and the server keeps running', async () => {
    const r = await raw(port(), 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
