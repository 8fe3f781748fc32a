import { startTestServer, type TestServer } from '@calling/server/testing';
import { expect, type Page, test } from '@playwright/test';
import { byTestId, expectCallState } from '../support/app';
import { bothOnBooking, screenshot } from '../support/scenario';
import {
  expectToneSounding,
  expectToneStopped,
  launchBrowserNeedingTap,
  pressedAt,
  readWithoutGesture,
  toneElement,
  toneRecorder,
} from '../support/tones';
import { callHistory, httpApiAt, serverUrl } from '../support/world';

// The ring on the receiver's page and the ringback on the caller's, in Chromium with real audio output: each is
// an <audio> element that plays (not paused, its time moving on, a non-silent signal captured from it) while the
// call rings, and both stop within 200 ms of every way the ringing ends.

type Both = Awaited<ReturnType<typeof bothOnBooking>>;

/** The customer calls; both tones sound, each on its own side only, and no muted ring is shown. */
async function ringing(s: Both) {
  await byTestId(s.customer.page, 'call-button').click();
  await expect(byTestId(s.provider.page, 'call-accept')).toBeVisible();
  await expectToneSounding(s.provider.page, 'ringtone');
  await expectToneSounding(s.customer.page, 'ringback');
  expect((await toneElement(s.customer.page, 'ringtone'))?.paused ?? true).toBe(true);
  expect((await toneElement(s.provider.page, 'ringback'))?.paused ?? true).toBe(true);
  await expect(byTestId(s.provider.page, 'call-ring-muted')).toHaveCount(0);
}

/** Both tones stopped within 200 ms of `at`: the ringtone on the provider's page, the ringback on the customer's. */
async function bothStopped(s: Both, at: number) {
  const ringtone = await expectToneStopped(s.provider.page, 'ringtone', at);
  const ringback = await expectToneStopped(s.customer.page, 'ringback', at);
  console.log(`${test.info().title}: ringtone stopped ${ringtone} ms after, ringback ${ringback} ms after`);
}

async function tap(page: Page, testId: string): Promise<number> {
  await byTestId(page, testId).click();
  return pressedAt(page, testId);
}

test('accept: the ring and the ringback sound while it rings and stop within 200 ms of the tap', async ({
  browser,
}) => {
  const s = await bothOnBooking(browser, 'tone-accept', [toneRecorder]);
  await ringing(s);
  await bothStopped(s, await tap(s.provider.page, 'call-accept'));
  await expectCallState(s.customer.page, 'connected');
  await expectCallState(s.provider.page, 'connected');
  await s.close();
});

test('decline: both tones stop within 200 ms of the receiver declining', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'tone-decline', [toneRecorder]);
  await ringing(s);
  await bothStopped(s, await tap(s.provider.page, 'call-reject'));
  await expectCallState(s.customer.page, /ended|idle/i);
  await s.close();
});

test('cancel: both tones stop within 200 ms of the caller cancelling', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'tone-cancel', [toneRecorder]);
  await ringing(s);
  await bothStopped(s, await tap(s.customer.page, 'call-end'));
  await expectCallState(s.provider.page, /ended|idle/i);
  await s.close();
});

test.describe('ring timeout', () => {
  let server: TestServer;
  test.beforeAll(async () => {
    // The run's server rings for 30 s; this one gives up after 5 s.
    server = await startTestServer({ db: 'pglite', env: { RING_TIMEOUT_S: '5' } });
    if (server.server.webApps.length < 2) throw new Error('the apps are not built: run `npm run build:apps` first');
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test('both tones stop within 200 ms of the server ending the unanswered call', async ({ browser }) => {
    const s = await bothOnBooking(browser, 'tone-timeout', [toneRecorder], server.url);
    await ringing(s);
    await expectCallState(s.customer.page, /ended|idle/i, 10_000);
    await expect
      .poll(async () => (await callHistory(s.customer, s.bookingId, httpApiAt(server.url)))[0]?.end_reason)
      .toBe('no_answer');
    const [row] = await callHistory(s.customer, s.bookingId, httpApiAt(server.url));
    const endedAt = Date.parse(row?.ended_at ?? '');
    expect(endedAt - Date.parse(row?.ringing_at ?? '')).toBeGreaterThanOrEqual(4900);
    await bothStopped(s, endedAt);
    await s.close();
  });
});

test('autoplay blocked: the incoming screen shows the muted ring, and a tap on it plays the ring', async ({
  browser,
}) => {
  const needsTap = await launchBrowserNeedingTap();
  const s = await bothOnBooking(browser, 'tone-blocked', [toneRecorder], serverUrl(), needsTap);
  // Signing in was typing and taps, which let a page play sound: a new tab of the same profile (signed in by the
  // stored session) has had none, and is read only without a gesture until its ring was refused.
  const fresh = await s.provider.context.newPage();
  const untouched = await readWithoutGesture(fresh);
  await fresh.goto(s.provider.page.url());
  await s.provider.page.close();
  const callButton = `document.querySelector('[data-testid="call-button"]')`;
  await untouched.until(`!!${callButton} && ${callButton}.getAttribute('aria-disabled') !== 'true'`);

  await byTestId(s.customer.page, 'call-button').click();
  await untouched.until(`!!document.querySelector('[data-testid="call-ring-muted"]')`);
  expect(await untouched.read('navigator.userActivation.hasBeenActive')).toBe(false);
  const ringtone = `document.querySelector('audio[data-role="call-tone"][data-tone="ringtone"]')`;
  expect(await untouched.read(`${ringtone}?.paused`)).toBe(true);
  expect(await untouched.read(`${ringtone}?.currentTime`)).toBe(0);
  const muted = byTestId(fresh, 'call-ring-muted');
  await expect(muted).toBeVisible();
  await expect(muted).toContainText('Tap to hear the ring');
  await expect(muted).toHaveAccessibleName(/ring is muted/i);
  await expect(byTestId(fresh, 'call-accept')).toBeVisible();
  await screenshot(fresh, 'provider-incoming-ring-muted');
  // The caller tapped to call, so its ringback may play.
  await expectToneSounding(s.customer.page, 'ringback');

  await muted.click();
  await expectToneSounding(fresh, 'ringtone');
  await expect(muted).toHaveCount(0);
  const declinedAt = await tap(fresh, 'call-reject');
  await expectToneStopped(fresh, 'ringtone', declinedAt);
  await expectToneStopped(s.customer.page, 'ringback', declinedAt);
  await s.close();
  await needsTap.close();
});
