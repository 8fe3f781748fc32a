import { describe, expect, it } from 'vitest';
import { expectOk } from '../support/calls';
import { DATABASES } from '../support/world';
import { BUNDLE_ID, until, usePushWorld } from './push-world';

/** A receiver with no live socket but with push targets is rung by push; its devices hear when it stops. */
describe.each(DATABASES)('push ringing on %s', (db) => {
  const world = usePushWorld(db, { RING_TIMEOUT_S: '3' });
  const pushesFor = (callId: string) => ({
    web: () => world.web.received.filter((p) => JSON.parse(p.payload).callId === callId),
    apns: () => world.apns.received.filter((p) => p.payload.callId === callId),
    fcm: () => world.fcm.received.filter((p) => p.data.callId === callId),
  });
  const dial = async (userSocket: { emit: (e: string, p: unknown) => Promise<unknown> }, bookingId: string) => {
    const ack = (await userSocket.emit('call:initiate', { bookingId })) as { ok: true; callId: string };
    expectOk(ack);
    return ack.callId;
  };

  it('rings every device by push (web encrypted, APNs VoIP, FCM high priority) with the call id, booking id and name only', async () => {
    const { user, provider, booking, userSocket } = await world.offlineProvider();
    const { web, apnsToken, fcmToken } = await world.registerAllKinds(provider);
    const callId = await dial(userSocket, booking.id);
    const got = pushesFor(callId);
    await until(() => got.web().length + got.apns().length + got.fcm().length === 3, 5000, 'three rings');
    const ringing = { type: 'call_ringing', callId, bookingId: booking.id, callerName: user.name };

    const [w] = got.web();
    expect(w?.subscriptionId).toBe(web.id);
    expect(JSON.parse(w?.payload ?? '')).toEqual(ringing);
    expect(w?.urgency).toBe('high');
    expect(w?.ttl).toBeGreaterThan(0);
    expect(w?.ttl).toBeLessThanOrEqual(3);
    expect(w?.topic).toBe(callId.replaceAll('-', ''));
    expect(w?.vapid.sub).toBe('mailto:ops@example.com');

    const [a] = got.apns();
    expect(a).toMatchObject({ token: apnsToken, pushType: 'voip', topic: `${BUNDLE_ID}.voip`, priority: 10 });
    expect(a?.payload).toMatchObject(ringing);
    const keys = Object.keys(a?.payload ?? {}).filter((k) => k !== 'aps');
    expect(keys.sort()).toEqual(['bookingId', 'callId', 'callerName', 'type']);
    expect(a?.expiration).toBeGreaterThan(Date.now() / 1000);
    expect(a?.expiration).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3);

    const [f] = got.fcm();
    expect(f).toMatchObject({ token: fcmToken, data: ringing, android: { priority: 'high' } });
    expect(f?.android.ttl).toMatch(/^[1-3]s$/);
    // Nothing else about anyone: the phone numbers are nowhere in what the push services saw.
    const seen = JSON.stringify([w?.payload, a?.payload, f?.data]);
    expect(seen).not.toContain(user.phone);
    expect(seen).not.toContain(provider.phone);
    // The caller waits for an answer: the call rings, it is not callee_offline.
    await userSocket.none('call:ended', 300);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('a device woken by its push connects, gets call:incoming, answers; the other devices get a stop, not it', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    const { devices } = await world.registerAllKinds(provider);
    const callId = await dial(userSocket, booking.id);
    const got = pushesFor(callId);
    await until(() => got.apns().length === 1, 5000, 'the VoIP ring');
    await new Promise((r) => setTimeout(r, 200));
    const wokenAt = Date.now();
    const phone = await world.socketFor(provider, devices.apns);
    expect((await phone.next<{ callId: string }>('call:incoming')).callId).toBe(callId);
    // Dial to ringing counts until the woken phone rang, not the push's sending.
    await until(async () => (await world.server.callLogs(booking.id))[0]?.ringing_at != null, 3000, 'rang');
    const [rung] = await world.server.callLogs(booking.id);
    expect(Date.parse(rung?.ringing_at ?? '')).toBeGreaterThanOrEqual(wokenAt);
    expect(Date.parse(rung?.ringing_at ?? '') - Date.parse(rung?.created_at ?? '')).toBeGreaterThanOrEqual(200);
    expectOk(await phone.emit('call:accept', { callId, bookingId: booking.id }));
    expect((await userSocket.next<{ callId: string }>('call:accepted')).callId).toBe(callId);
    const stop = { type: 'call_ring_stopped', callId, reason: 'answered' };
    await until(() => got.web().length === 2 && got.fcm().length === 2, 5000, 'stops to the other devices');
    expect(JSON.parse(got.web()[1]?.payload ?? '')).toEqual(stop);
    expect(got.fcm()[1]?.data).toEqual(stop);
    await new Promise((r) => setTimeout(r, 300));
    expect(got.apns()).toHaveLength(1);
    expectOk(await phone.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('a cancel reaches every pushed device as a data push (APNs background, never VoIP)', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    const { apnsToken, apnsDataToken } = await world.registerAllKinds(provider);
    const callId = await dial(userSocket, booking.id);
    const got = pushesFor(callId);
    await until(() => got.apns().length === 1 && got.web().length === 1 && got.fcm().length === 1);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    await until(() => got.apns().length === 2 && got.web().length === 2 && got.fcm().length === 2, 5000, 'stops');
    const stop = got.apns()[1];
    // The ring went to the VoIP token, the stop to the app's own device token.
    expect(got.apns()[0]?.token).toBe(apnsToken);
    expect(stop).toMatchObject({ token: apnsDataToken, pushType: 'background', topic: BUNDLE_ID, priority: 5 });
    expect(stop?.payload).toEqual({
      aps: { 'content-available': 1 },
      type: 'call_ring_stopped',
      callId,
      reason: 'missed',
    });
    expect(got.fcm()[1]?.data).toEqual({ type: 'call_ring_stopped', callId, reason: 'missed' });
  });

  it('an iPhone that gave no data token gets no stop push (never a VoIP one): its woken app hears it on its socket', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    const { devices } = await world.registerAllKinds(provider, { apnsDataToken: false });
    const callId = await dial(userSocket, booking.id);
    const got = pushesFor(callId);
    await until(() => got.apns().length === 1, 5000, 'the VoIP ring');
    const phone = await world.socketFor(provider, devices.apns);
    await phone.next('call:incoming');
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    expect((await phone.next<{ reason: string }>('call:ended')).reason).toBe('cancelled');
    await until(() => got.fcm().length === 2, 5000, 'the FCM stop');
    await new Promise((r) => setTimeout(r, 200));
    expect(got.apns().map((p) => p.pushType)).toEqual(['voip']);
  });

  it('a phone whose app was just put away (its socket left moments ago) is woken by push', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    const { devices } = await world.registerAllKinds(provider);
    const phone = await world.socketFor(provider, devices.apns);
    phone.close();
    await new Promise((r) => setTimeout(r, 200));
    const callId = await dial(userSocket, booking.id);
    await until(() => pushesFor(callId).apns().length === 1, 5000, 'the VoIP ring');
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('a ring nobody answers times out as no_answer (not callee_offline) and the devices are told', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    await world.registerAllKinds(provider);
    const callId = await dial(userSocket, booking.id);
    const ended = await userSocket.next<{ reason: string }>('call:ended', 6000);
    expect(ended.reason).toBe('no_answer');
    const got = pushesFor(callId);
    await until(() => got.fcm().length === 2 && got.web().length === 2 && got.apns().length === 2, 5000, 'stops');
    expect(got.fcm()[1]?.data.type).toBe('call_ring_stopped');
  });

  it('a device that hid the caller name is rung without it', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    await world.registerAllKinds(provider, { showCallerName: false });
    const callId = await dial(userSocket, booking.id);
    const got = pushesFor(callId);
    await until(() => got.web().length === 1 && got.apns().length === 1 && got.fcm().length === 1);
    expect(JSON.parse(got.web()[0]?.payload ?? '').callerName).toBeNull();
    expect(got.apns()[0]?.payload.callerName).toBeNull();
    expect(got.fcm()[0]?.data).toEqual({ type: 'call_ringing', callId, bookingId: booking.id });
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('a target the push service says is gone (410, Unregistered, UNREGISTERED) is removed', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    const { web, apnsToken, fcmToken } = await world.registerAllKinds(provider);
    world.web.expire(web.id);
    world.apns.gone.add(apnsToken);
    world.fcm.gone.add(fcmToken);
    const callId = await dial(userSocket, booking.id);
    await until(() => world.web.refused.some((r) => r.subscriptionId === web.id && r.status === 410));
    const listed = async () =>
      ((await world.rest('GET', '/api/push/devices', provider.token)).json.data as { devices: unknown[] }).devices;
    const deadline = Date.now() + 5000;
    while ((await listed()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await listed()).toEqual([]);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('a receiver with neither a socket nor a push target is still callee_offline', async () => {
    const { booking, userSocket } = await world.offlineProvider();
    const callId = await dial(userSocket, booking.id);
    const ended = await userSocket.next<{ callId: string; reason: string }>('call:ended');
    expect(ended).toMatchObject({ callId, reason: 'callee_offline' });
  });
});
