import { SimDevice, startTestServer, type TestServer } from '@calling/server/testing';
import { expect, test } from '@playwright/test';
import { screenshot } from '../support/scenario';

// The operators' dashboard in Chromium after a scripted mix of calls: its numbers are the rows' numbers, and
// it refreshes by itself while calls happen.

const KEY = 'e2e-operator-key-at-least-32-characters';
let server: TestServer;
const devices: SimDevice[] = [];

test.beforeAll(async () => {
  server = await startTestServer({ db: 'pglite', env: { OPERATOR_API_KEY: KEY, SETUP_TIMEOUT_S: '1' } });
});
test.afterAll(async () => {
  for (const d of devices) d.close();
  await server?.close();
});

async function pair(answer: boolean, online = true, connects = true) {
  const user = await server.createUser({ role: 'user' });
  const provider = await server.createUser({ role: 'provider' });
  const booking = await server.createBooking({ userId: user.id, providerId: provider.id });
  const caller = new SimDevice(server.url, user.token);
  devices.push(caller);
  await caller.ready();
  let receiver: SimDevice | null = null;
  if (online) {
    receiver = new SimDevice(server.url, provider.token, { answer, connects });
    devices.push(receiver);
    await receiver.ready();
  }
  return { user, provider, booking, caller, receiver };
}

async function completedCall() {
  const p = await pair(true);
  const call = await p.caller.dial(p.booking.id);
  if ('error' in call) throw new Error(call.error);
  await p.caller.until(() => call.connectedAt !== null, 5000, 'connected');
  await p.caller.hangUp(call);
  await p.caller.until(() => call.endedAt !== null, 5000, 'ended');
  return { ...p, callId: call.callId };
}

async function rows() {
  const { rows } = await server.db.query<{ call_status: string }>(
    'select call_status from call_logs where call_status is not null',
  );
  const by = (s: string) => rows.filter((r) => r.call_status === s).length;
  return {
    calls: rows.length,
    completed: by('completed'),
    missed: by('missed'),
    rejected: by('rejected'),
    failed: by('failed'),
  };
}

const today = () => new Date().toISOString().slice(0, 10);

test('after a mix of calls the dashboard shows the rows’ numbers, and updates by itself on the next call', async ({
  page,
}) => {
  const done = await completedCall();
  const summary = {
    samples: 4,
    rttMs: { avg: 2, p95: 3, max: 3 },
    jitterMs: { avg: 1, p95: 1, max: 1 },
    lossPercent: { avg: 0, p95: 0, max: 0 },
    mos: { min: 4.3, avg: 4.4 },
    codec: 'audio/opus',
    path: 'relay',
    relayProtocol: 'udp',
    iceRestarts: 0,
    acceptToAudioMs: 60,
  };
  const logged = await fetch(`${server.url}/api/calls/log`, {
    method: 'POST',
    headers: { authorization: `Bearer ${done.user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ bookingId: done.booking.id, callId: done.callId, summary }),
  });
  expect(logged.status).toBe(200);
  // Missed: the caller gives up while it rings.
  const missed = await pair(false);
  const ringing = await missed.caller.dial(missed.booking.id);
  if ('error' in ringing) throw new Error(ringing.error);
  await missed.caller.hangUp(ringing);
  // Declined by the provider.
  const declined = await pair(false);
  const toDecline = await declined.caller.dial(declined.booking.id);
  if ('error' in toDecline) throw new Error(toDecline.error);
  await declined.receiver?.until(() => declined.receiver?.events.includes('call:incoming') ?? false, 5000, 'ring');
  await declined.receiver?.emit('call:reject', {
    callId: toDecline.callId,
    bookingId: declined.booking.id,
    reason: 'declined',
  });
  // Nobody there: callee_offline.
  const offline = await pair(true, false);
  await offline.caller.dial(offline.booking.id);
  // Failed: answered, but media never came (the setup timeout ends it ice_failed).
  const failed = await pair(true, true, false);
  const toFail = await failed.caller.dial(failed.booking.id);
  if ('error' in toFail) throw new Error(toFail.error);
  await failed.caller.until(() => toFail.endedAt !== null, 5000, 'the setup timeout');
  expect(toFail.reason).toBe('ice_failed');
  await expect.poll(async () => (await rows()).calls).toBe(5);

  await page.goto(`${server.url}/ops/`);
  await page.locator('#key').fill(KEY);
  await page.getByRole('button', { name: 'Show' }).click();
  const tile = (id: string) => page.getByTestId(id);
  const expected = await rows();
  await expect(tile('total-calls')).toHaveText(String(expected.calls));
  await expect(tile('total-completed')).toHaveText(String(expected.completed));
  await expect(tile('total-missed')).toHaveText(String(expected.missed));
  await expect(tile('total-rejected')).toHaveText(String(expected.rejected));
  await expect(tile('total-failed')).toHaveText(String(expected.failed));
  await expect(tile('answer-rate')).toHaveText('40 %');
  await expect(tile('relay-share')).toHaveText('100 %');
  expect(expected).toEqual({ calls: 5, completed: 1, missed: 2, rejected: 1, failed: 1 });
  // Four charts drawn by Chart.js (canvas with pixels).
  for (const id of ['calls-chart', 'setup-chart', 'mos-chart', 'reasons-chart']) {
    expect(
      await page.evaluate(
        (i) => (window as unknown as { Chart: { getChart(id: string): unknown } }).Chart.getChart(i) !== undefined,
        id,
      ),
    ).toBe(true);
  }
  // The setup chart plots what the API says: dial → ringing and accept → audio, per day.
  const api = await fetch(`${server.url}/api/ops/analytics?from=${today()}&to=${today()}`, {
    headers: { authorization: `Bearer ${KEY}` },
  }).then((r) => r.json() as Promise<{ data: { days: Record<string, { p50: number } | null>[] } }>);
  const setup = await page.evaluate(() => {
    const c = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: unknown[] } } } }).Chart;
    return c.getChart('setup-chart').data.datasets as { label: string; data: (number | null)[] }[];
  });
  const [apiDay] = api.data.days;
  expect(apiDay?.dialToRingingMs?.p50).toEqual(expect.any(Number));
  expect(setup.find((d) => d.label === 'dial → ringing p50')?.data).toEqual([apiDay?.dialToRingingMs?.p50]);
  expect(setup.find((d) => d.label === 'accept → audio p50')?.data).toEqual([apiDay?.acceptToAudioMs?.p50]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'ops-dashboard');

  await completedCall();
  await expect(tile('total-calls')).toHaveText('6', { timeout: 8000 });
  await expect(tile('total-completed')).toHaveText('2');
});

test('the page itself holds nothing: without the operator key it shows only the refusal', async ({ page }) => {
  const customer = await server.createUser({ role: 'user' });
  await page.goto(`${server.url}/ops/`);
  await page.locator('#key').fill(customer.token);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('#status')).toHaveText(/Could not load: wrong or missing API key/);
  await expect(page.getByTestId('total-calls')).toHaveText('–');
});
