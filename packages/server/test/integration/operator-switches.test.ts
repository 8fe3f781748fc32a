import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../../src/testing';
import { api } from '../support/http';

describe("/metrics is an operator's", () => {
  let open: TestServer;
  let tokened: TestServer;
  const METRICS_TOKEN = 'scrape-me-0123456789abcdef';
  beforeAll(async () => {
    // Behind a trusted load balancer, so a forwarded address stands for a client elsewhere.
    open = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    tokened = await startTestServer({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await open?.close();
    await tokened?.close();
  });

  it('without METRICS_TOKEN it answers this machine only', async () => {
    expect((await api(open.url, 'GET', '/metrics')).status).toBe(200);
    const remote = await api(open.url, 'GET', '/metrics', { headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(remote).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
    expect(remote.text).not.toContain('calls_');
  });

  it('with METRICS_TOKEN it needs that bearer token, from anywhere', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer nope' },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
    ]) {
      expect(await api(tokened.url, 'GET', '/metrics', { headers })).toMatchObject({
        status: 401,
        body: { status: 'error', code: 'unauthorized' },
      });
    }
    const ok = await api(tokened.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# HELP');
  });
});

describe('REGISTRATION=closed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REGISTRATION: 'closed' } });
  });
  afterAll(async () => server?.close());

  it('refuses every sign-up the same way, so none says whether a phone number exists', async () => {
    const existing = await server.createUser({ role: 'user' });
    for (const phone of [existing.phone, '+15550001234']) {
      const res = await api(server.url, 'POST', '/api/auth/register', {
        body: { name: 'New Person', phone, password: 'a-long-password', role: 'user' },
      });
      expect(res).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
    }
  });
});

describe('host tokens (JWT_JWKS_URL) need https and an audience', () => {
  const base = { JWT_AUDIENCE: 'calling' };
  it('refuses plain http to anything but loopback, and a JWKS without JWT_AUDIENCE', () => {
    expect(() => loadConfig({ ...base, JWT_JWKS_URL: 'http://idp.example/jwks' })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_JWKS_URL: 'https://idp.example/jwks' })).toThrow(/JWT_AUDIENCE/);
    expect(loadConfig({ ...base, JWT_JWKS_URL: 'https://idp.example/jwks' }).jwtAudience).toBe('calling');
    expect(loadConfig({ ...base, JWT_JWKS_URL: 'http://127.0.0.1:9999/jwks' }).jwksUrl).toContain('127.0.0.1');
  });
});
