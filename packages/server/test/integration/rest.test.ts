import { randomInt, randomUUID } from 'node:crypto';
import type { BookingAction, BookingStatus } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { api, dataOf } from '../support/http';
import { DATABASES, useServer } from '../support/world';

const phone = () => `+1555${String(randomInt(1e7)).padStart(7, '0')}`;
const ACTIONS: BookingAction[] = ['accept', 'decline', 'start', 'complete', 'cancel'];
const STATUSES: BookingStatus[] = ['pending', 'accepted', 'in_progress', 'completed', 'cancelled'];
/** DESIGN/API.md: the only moves a booking may make, and who may make them. */
const VALID: { action: BookingAction; from: BookingStatus; to: BookingStatus; by: ('user' | 'provider')[] }[] = [
  { action: 'accept', from: 'pending', to: 'accepted', by: ['provider'] },
  { action: 'decline', from: 'pending', to: 'cancelled', by: ['provider'] },
  { action: 'start', from: 'accepted', to: 'in_progress', by: ['provider'] },
  { action: 'complete', from: 'in_progress', to: 'completed', by: ['provider'] },
  { action: 'cancel', from: 'pending', to: 'cancelled', by: ['user', 'provider'] },
  { action: 'cancel', from: 'accepted', to: 'cancelled', by: ['user', 'provider'] },
];

describe.each(DATABASES)('REST accounts and bookings on %s', (db) => {
  const world = useServer(db);
  const call = (method: string, path: string, opts?: Parameters<typeof api>[3]) =>
    api(world.server.url, method, path, opts);

  it('register and login answer {token, user:{id,name,role}} and never a phone; /api/me shows it to its owner only', async () => {
    const p = phone();
    const reg = await call('POST', '/api/auth/register', {
      body: { name: 'Rita Register', phone: p, password: 'correct horse', role: 'provider', serviceName: 'Tiling' },
    });
    const registered = dataOf<{ token: string; user: { id: string } }>(reg, 201);
    expect(Object.keys(registered).sort()).toEqual(['token', 'user']);
    expect(registered.user).toEqual({ id: expect.any(String), name: 'Rita Register', role: 'provider' });
    expect(reg.text).not.toContain(p.slice(1));

    const login = await call('POST', '/api/auth/login', { body: { phone: p, password: 'correct horse' } });
    const loggedIn = dataOf<{ token: string; user: unknown }>(login);
    expect(loggedIn.user).toEqual(registered.user);
    expect(login.text).not.toContain(p.slice(1));

    const me = dataOf(await call('GET', '/api/me', { token: loggedIn.token }));
    expect(me).toEqual({
      id: registered.user.id,
      name: 'Rita Register',
      role: 'provider',
      phone: p,
      serviceName: 'Tiling',
      relayOnly: false,
    });
    // The token registration returned works too, and a stranger's token sees only the stranger.
    expect(dataOf(await call('GET', '/api/me', { token: registered.token }))).toEqual(me);
    const other = await world.server.createUser({ role: 'user' });
    const theirs = await call('GET', '/api/me', { token: other.token });
    expect(dataOf(theirs)).toMatchObject({ id: other.id, phone: other.phone });
    expect(theirs.text).not.toContain(p.slice(1));
  });

  it('register and login refusals: duplicate phone, wrong password, unknown phone, bad fields', async () => {
    const p = phone();
    const body = { name: 'Dup', phone: p, password: 'password-1', role: 'user' };
    dataOf(await call('POST', '/api/auth/register', { body }), 201);
    const dup = await call('POST', '/api/auth/register', { body: { ...body, name: 'Dup Again' } });
    expect(dup).toMatchObject({ status: 409, body: { status: 'error', code: 'conflict' } });
    expect(dup.text).not.toContain(p.slice(1));
    for (const creds of [
      { phone: p, password: 'password-2' },
      { phone: phone(), password: 'password-1' },
    ]) {
      const res = await call('POST', '/api/auth/login', { body: creds });
      expect(res).toMatchObject({ status: 401, body: { status: 'error', code: 'unauthorized' } });
    }
    for (const bad of [
      { ...body, phone: phone(), role: 'admin' },
      { ...body, phone: phone(), password: 'short' },
      { ...body, phone: phone(), name: 'x'.repeat(101) },
      { ...body, phone: phone(), serviceName: 'Plumbing' }, // serviceName is for providers
      { ...body, phone: 'call me maybe' },
    ]) {
      const res = await call('POST', '/api/auth/register', { body: bad });
      expect(res, JSON.stringify(bad)).toMatchObject({
        status: 400,
        body: { status: 'error', code: 'invalid_payload' },
      });
      expect(typeof (res.body as { message?: unknown }).message).toBe('string');
    }
  });

  it('PATCH /api/me sets relayOnly; signed-in endpoints refuse a missing or bad token with 401', async () => {
    const u = await world.server.createUser({ role: 'user' });
    expect(dataOf(await call('PATCH', '/api/me', { token: u.token, body: { relayOnly: true } }))).toMatchObject({
      id: u.id,
      relayOnly: true,
    });
    expect(dataOf(await call('GET', '/api/me', { token: u.token }))).toMatchObject({ relayOnly: true });
    for (const body of [{ relayOnly: 'yes' }, {}, { relayOnly: false, phone: '+15550000000' }]) {
      expect(await call('PATCH', '/api/me', { token: u.token, body })).toMatchObject({
        status: 400,
        body: { status: 'error', code: 'invalid_payload' },
      });
    }
    expect(dataOf(await call('GET', '/api/me', { token: u.token }))).toMatchObject({ relayOnly: true, phone: u.phone });
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/providers'],
      ['GET', '/api/bookings'],
      ['GET', '/api/calls/ice-servers'],
    ] as const) {
      for (const token of [null, 'not-a-jwt']) {
        expect(await call(method, path, { token }), `${method} ${path}`).toMatchObject({
          status: 401,
          body: { status: 'error', code: 'unauthorized', message: expect.any(String) },
        });
      }
    }
  });

  it('GET /api/providers lists id, name and service, never a phone', async () => {
    const prov = await world.server.createUser({ role: 'provider', serviceName: 'Roofing' });
    const u = await world.server.createUser({ role: 'user' });
    const res = await call('GET', '/api/providers', { token: u.token });
    const list = dataOf<{ id: string }[]>(res);
    expect(list.find((p) => p.id === prov.id)).toEqual({ id: prov.id, name: prov.name, serviceName: 'Roofing' });
    expect(list.some((p) => p.id === u.id)).toBe(false);
    for (const p of list) expect(Object.keys(p).sort()).toEqual(['id', 'name', 'serviceName']);
    expect(res.text).not.toContain(prov.phone.slice(1));
  });

  it('POST /api/bookings by a user makes a pending booking; each party lists it with the other party’s name', async () => {
    const u = await world.server.createUser({ role: 'user' });
    const prov = await world.server.createUser({ role: 'provider' });
    const created = dataOf<{ id: string }>(
      await call('POST', '/api/bookings', { token: u.token, body: { providerId: prov.id, serviceName: 'Fix sink' } }),
      201,
    );
    expect(created).toMatchObject({
      userId: u.id,
      providerId: prov.id,
      otherPartyId: prov.id,
      otherPartyName: prov.name,
      serviceName: 'Fix sink',
      status: 'pending',
      callable: false,
    });
    const theirs = dataOf<{ id: string }[]>(await call('GET', '/api/bookings', { token: prov.token }));
    expect(theirs.map((b) => b.id)).toEqual([created.id]);
    expect(theirs[0]).toMatchObject({ otherPartyId: u.id, otherPartyName: u.name });
    expect(dataOf(await call('GET', `/api/bookings/${created.id}`, { token: prov.token }))).toEqual(theirs[0]);
    const mine = await call('GET', '/api/bookings', { token: u.token });
    expect(dataOf<unknown[]>(mine)).toHaveLength(1);
    expect(mine.text).not.toContain(prov.phone.slice(1));
    expect(mine.text).not.toContain(u.phone.slice(1));

    const stranger = await world.server.createUser({ role: 'user' });
    expect(dataOf(await call('GET', '/api/bookings', { token: stranger.token }))).toEqual([]);
    expect(await call('GET', `/api/bookings/${created.id}`, { token: stranger.token })).toMatchObject({
      status: 404,
      body: { status: 'error', code: 'not_found' },
    });
    expect(await call('GET', '/api/bookings/not-a-uuid', { token: u.token })).toMatchObject({
      status: 400,
      body: { code: 'invalid_payload' },
    });
    const refusals = [
      [prov.token, { providerId: prov.id, serviceName: 'x' }, 403, 'forbidden'],
      [u.token, { providerId: stranger.id, serviceName: 'x' }, 404, 'not_found'],
      [u.token, { providerId: randomUUID(), serviceName: 'x' }, 404, 'not_found'],
      [u.token, { providerId: prov.id, serviceName: 'x'.repeat(101) }, 400, 'invalid_payload'],
      [u.token, { providerId: prov.id }, 400, 'invalid_payload'],
    ] as const;
    for (const [token, body, status, code] of refusals) {
      expect(await call('POST', '/api/bookings', { token, body }), JSON.stringify(body)).toMatchObject({
        status,
        body: { status: 'error', code },
      });
    }
    expect(dataOf<unknown[]>(await call('GET', '/api/bookings', { token: prov.token }))).toHaveLength(1);
  });

  it('booking transitions: only the valid moves by the right party; every other one is a typed error', async () => {
    const u = await world.server.createUser({ role: 'user' });
    const prov = await world.server.createUser({ role: 'provider' });
    const stranger = await world.server.createUser({ role: 'provider' });
    const actors = { user: u, provider: prov };
    let moves = 0;
    for (const action of ACTIONS) {
      for (const from of STATUSES) {
        for (const side of ['user', 'provider'] as const) {
          const { id } = await world.server.createBooking({ userId: u.id, providerId: prov.id, status: from });
          const res = await call('POST', `/api/bookings/${id}/${action}`, { token: actors[side].token });
          const valid = VALID.find((v) => v.action === action && v.from === from);
          const label = `${side} ${action} ${from}`;
          if (valid?.by.includes(side)) {
            expect(dataOf(res), label).toMatchObject({ id, status: valid.to });
            moves += 1;
          } else if (valid) {
            expect(res, label).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
          } else {
            // A wrong role is refused as forbidden before the state is even looked at; the right role gets conflict.
            const code = VALID.some((v) => v.action === action && v.by.includes(side)) ? 'conflict' : 'forbidden';
            expect(res, label).toMatchObject({ status: code === 'conflict' ? 409 : 403, body: { code } });
          }
          const after = dataOf<{ status: string }>(await call('GET', `/api/bookings/${id}`, { token: u.token }));
          expect(after.status, label).toBe(valid?.by.includes(side) ? valid.to : from);
          const strangerRes = await call('POST', `/api/bookings/${id}/${action}`, { token: stranger.token });
          expect(strangerRes, `stranger ${label}`).toMatchObject({ status: 404, body: { code: 'not_found' } });
        }
      }
    }
    expect(moves).toBe(VALID.reduce((n, v) => n + v.by.length, 0));
    const { id } = await world.server.createBooking({ userId: u.id, providerId: prov.id, status: 'pending' });
    expect(await call('POST', `/api/bookings/${id}/approve`, { token: prov.token })).toMatchObject({
      status: 400,
      body: { code: 'invalid_payload' },
    });
  });

  it('a token whose role claim disagrees with the account cannot move or make a booking', async () => {
    const u = await world.server.createUser({ role: 'user' });
    const prov = await world.server.createUser({ role: 'provider' });
    const { id } = await world.server.createBooking({ userId: u.id, providerId: prov.id, status: 'pending' });
    const posingAsProvider = await world.server.sign({ sub: u.id, role: 'provider', name: u.name });
    expect(await call('POST', `/api/bookings/${id}/accept`, { token: posingAsProvider })).toMatchObject({
      status: 403,
      body: { status: 'error', code: 'forbidden' },
    });
    expect(dataOf(await call('GET', `/api/bookings/${id}`, { token: u.token }))).toMatchObject({ status: 'pending' });
    const posingAsUser = await world.server.sign({ sub: prov.id, role: 'user', name: prov.name });
    const other = await world.server.createUser({ role: 'provider' });
    expect(
      await call('POST', '/api/bookings', { token: posingAsUser, body: { providerId: other.id, serviceName: 'x' } }),
    ).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
    expect(dataOf<unknown[]>(await call('GET', '/api/bookings', { token: prov.token }))).toHaveLength(1);
  });

  it('unknown routes and unparsable bodies get the error envelope', async () => {
    const u = await world.server.createUser({ role: 'user' });
    expect(await call('GET', '/api/nope', { token: u.token })).toMatchObject({
      status: 404,
      body: { status: 'error', code: 'not_found', message: expect.any(String) },
    });
    expect(await call('POST', '/api/auth/login', { raw: '{"phone": ' })).toMatchObject({
      status: 400,
      body: { status: 'error', code: 'invalid_payload' },
    });
  });
});
