import { randomUUID } from 'node:crypto';
import {
  BookingActionParams,
  CallHistoryQuery,
  CallInitiateBody,
  CallLogBody,
  CreateBookingBody,
  LoginBody,
  RegisterBody,
  UpdateMeBody,
} from '@calling/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { liveCall, mutated, overName, snapshot } from '../support/bad-input';
import { api } from '../support/http';
import { DATABASES, useServer } from '../support/world';

const onTheWire = (p: unknown): unknown => (p === undefined ? null : JSON.parse(JSON.stringify(p) ?? 'null'));
const isJson = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};
const invalidError = { status: 'error', code: 'invalid_payload', message: expect.any(String) };
/** Path parameters longer than Fastify's maxParamLength (decoded) are refused before routing: 414. */
const MAX_PARAM = 100;
const expectedFor = (param: string) => ({ status: param.length > MAX_PARAM ? 414 : 400, body: invalidError });
const notUuid = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.string({ minLength: 90, maxLength: 200 }),
    fc.uuid().map((u) => `${u}x`),
  )
  .filter((s) => s !== '.' && s !== '..' && !/^[0-9a-f-]{36}$/i.test(s));

describe.each(DATABASES)('bad REST input on %s', (db) => {
  const world = useServer(db);
  const url = () => world.server.url;

  it('every REST body fed malformed, missing, oversized, wrong-typed or unparsable fields: 400 invalid_payload, nothing stored changes, the live call goes on', async () => {
    const live = await world.pair();
    const call = await liveCall(live);
    const provider = await world.server.createUser({ role: 'provider' });
    const u = live.user.token;
    const endpoints: { method: string; path: string; token: string | null; schema: z.ZodType; base: object }[] = [
      {
        method: 'POST',
        path: '/api/auth/register',
        token: null,
        schema: RegisterBody,
        base: { name: 'New', phone: '+15550001234', password: 'password-1', role: 'provider', serviceName: 'Tiles' },
      },
      {
        method: 'POST',
        path: '/api/auth/login',
        token: null,
        schema: LoginBody,
        base: { phone: '+15550001234', password: 'password-1' },
      },
      { method: 'PATCH', path: '/api/me', token: u, schema: UpdateMeBody, base: { relayOnly: true } },
      {
        method: 'POST',
        path: '/api/bookings',
        token: u,
        schema: CreateBookingBody,
        base: { providerId: provider.id, serviceName: 'Leak' },
      },
      {
        method: 'POST',
        path: '/api/calls/initiate',
        token: u,
        schema: CallInitiateBody,
        base: { bookingId: live.booking.id, callerType: 'user' },
      },
      {
        method: 'POST',
        path: '/api/calls/log',
        token: u,
        schema: CallLogBody,
        base: {
          bookingId: live.booking.id,
          callId: call.callId,
          duration: 5,
          callerType: 'user',
          status: 'completed',
          quality: { rttMs: 20, mos: 4 },
        },
      },
    ];
    const before = await snapshot(world.server);
    for (const ep of endpoints) {
      const rejected = (v: unknown) => !ep.schema.safeParse(v ?? {}).success;
      const names = Object.keys(ep.base).filter((k) => ['name', 'serviceName'].includes(k));
      const bodies = fc.oneof(
        mutated(ep.base)
          .map(onTheWire)
          .filter(rejected)
          .map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
        ...names.map((k) =>
          overName.map((v) => ({ raw: JSON.stringify({ ...ep.base, [k]: v }), type: 'application/json' })),
        ),
        fc
          .string({ maxLength: 200 })
          .filter((s) => !isJson(s) || rejected(JSON.parse(s)))
          .map((raw) => ({ raw, type: 'application/json' })),
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded').map((type) => ({
          raw: JSON.stringify(ep.base),
          type,
        })),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async ({ raw, type }) => {
          const res = await api(url(), ep.method, ep.path, { token: ep.token, raw, headers: { 'content-type': type } });
          expect(res, `${ep.method} ${ep.path} ${raw.slice(0, 200)}`).toMatchObject({
            status: 400,
            body: invalidError,
          });
        }),
        { numRuns: 50 },
      );
      const huge = await api(url(), ep.method, ep.path, {
        token: ep.token,
        raw: JSON.stringify({ ...ep.base, pad: 'x'.repeat(70 * 1024) }),
      });
      expect(huge).toMatchObject({ status: 413, body: { status: 'error', code: 'invalid_payload' } });
    }
    expect((await api(url(), 'GET', '/healthz')).body).toEqual({ ok: true });
    await call.stillRelays();
    expect(await snapshot(world.server)).toBe(before);
  });

  it('malformed path parameters and queries: a typed error each time, nothing stored changes', async () => {
    const { user, provider, booking } = await world.pair('pending');
    const before = await snapshot(world.server);
    const paramCases = fc.oneof(
      notUuid.map((id) => ({ param: id, method: 'GET', path: `/api/bookings/${encodeURIComponent(id)}` })),
      notUuid.map((id) => ({ param: id, method: 'POST', path: `/api/bookings/${encodeURIComponent(id)}/accept` })),
      notUuid.map((id) => ({ param: id, method: 'GET', path: `/api/calls/history/${encodeURIComponent(id)}` })),
      fc
        .string({ minLength: 1, maxLength: 150 })
        .filter((a) => a !== '.' && a !== '..' && !BookingActionParams.safeParse({ id: booking.id, action: a }).success)
        .map((a) => ({ param: a, method: 'POST', path: `/api/bookings/${booking.id}/${encodeURIComponent(a)}` })),
    );
    await fc.assert(
      fc.asyncProperty(paramCases, async ({ param, method, path }) => {
        const res = await api(url(), method, path, { token: provider.token });
        expect(res, `${method} ${path}`).toMatchObject(expectedFor(param));
      }),
      { numRuns: 80 },
    );
    const queries = fc
      .record(
        {
          limit: fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }).map(String)),
          before: fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          ),
        },
        { requiredKeys: [] },
      )
      .filter((q) => !CallHistoryQuery.safeParse(q).success);
    await fc.assert(
      fc.asyncProperty(queries, async (q) => {
        const res = await api(url(), 'GET', `/api/calls/history/${booking.id}?${new URLSearchParams(q)}`, {
          token: user.token,
        });
        expect(res, JSON.stringify(q)).toMatchObject({ status: 400, body: invalidError });
      }),
      { numRuns: 60 },
    );
    for (const path of ['/api/bookings/%zz', `/api/bookings/${booking.id}/%E0%A4%A`, '/api/calls/history/%']) {
      expect(await api(url(), 'GET', path, { token: user.token }), path).toMatchObject({
        status: 400,
        body: invalidError,
      });
    }
    expect(await snapshot(world.server)).toBe(before);
  });

  it('a malformed Authorization header on any signed-in endpoint: 401 unauthorized, nothing stored changes', async () => {
    const { booking } = await world.pair();
    const before = await snapshot(world.server);
    const endpoints = [
      ['GET', '/api/me'],
      ['PATCH', '/api/me'],
      ['GET', '/api/providers'],
      ['GET', '/api/bookings'],
      ['POST', '/api/bookings'],
      ['GET', `/api/bookings/${booking.id}`],
      ['POST', `/api/bookings/${booking.id}/cancel`],
      ['POST', '/api/calls/initiate'],
      ['POST', '/api/calls/log'],
      ['GET', `/api/calls/history/${booking.id}`],
      ['GET', '/api/calls/ice-servers'],
    ] as const;
    const header = fc.oneof(
      fc.stringMatching(/^[!-~]{1,300}$/),
      fc.stringMatching(/^[!-~]{1,300}$/).map((t) => `Bearer ${t}`),
      fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${randomUUID()}.${randomUUID()}.x`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), header, async ([method, path], authorization) => {
        const res = await api(url(), method, path, {
          headers: { authorization },
          ...(method === 'GET' ? {} : { body: { bookingId: booking.id, relayOnly: true } }),
        });
        expect(res, `${method} ${path} ${authorization}`).toMatchObject({
          status: 401,
          body: { status: 'error', code: 'unauthorized', message: expect.any(String) },
        });
      }),
      { numRuns: 60 },
    );
    expect(await snapshot(world.server)).toBe(before);
  });
});
