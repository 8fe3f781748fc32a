import { expect, test } from '@playwright/test';
import { byTestId, expectAudioFlowing, expectCallState, expectMediaReleased } from '../support/app';
import { bothOnBooking, placeAndAnswer, screenshot, timerSeconds } from '../support/scenario';
import { callHistory } from '../support/world';

// The seed guide's test checklist, one test per item, in real Chromium with a tone as the microphone.

test('user calls provider: incoming call shown, accepted, audio flows both ways, end releases the mic', async ({
  browser,
}) => {
  const s = await bothOnBooking(browser, 'u2p');
  await byTestId(s.customer.page, 'call-button').click();
  await expect(byTestId(s.provider.page, 'call-accept')).toBeVisible();
  await expect(s.provider.page.getByText(s.customer.name).first()).toBeVisible();
  await expect(byTestId(s.provider.page, 'call-reject')).toBeVisible();
  await screenshot(s.provider.page, 'provider-incoming');
  await screenshot(s.customer.page, 'user-outgoing');
  await byTestId(s.provider.page, 'call-accept').click();
  await expectCallState(s.customer.page, 'connected');
  await expectCallState(s.provider.page, 'connected');
  await expectAudioFlowing(s.customer.page);
  await expectAudioFlowing(s.provider.page);
  // The live quality line: a loopback path is good on both sides, and neither is told the other hears badly.
  for (const page of [s.customer.page, s.provider.page]) {
    await expect(byTestId(page, 'call-quality')).toHaveText('Good connection');
    await expect(byTestId(page, 'call-peer-quality')).toHaveCount(0);
  }
  await screenshot(s.customer.page, 'user-active');
  await screenshot(s.provider.page, 'provider-active');
  await byTestId(s.customer.page, 'call-end').click();
  await expectCallState(s.customer.page, /ended|idle/i);
  await expectCallState(s.provider.page, /ended|idle/i);
  await screenshot(s.customer.page, 'user-ended');
  await screenshot(s.provider.page, 'provider-ended');
  await expectMediaReleased(s.customer.page);
  await expectMediaReleased(s.provider.page);
  await expectCallState(s.customer.page, 'idle', 10_000);
  await expectCallState(s.provider.page, 'idle', 10_000);
  await s.close();
});

test('provider calls user: the user accepts and audio flows both ways', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'p2u');
  await placeAndAnswer(s.provider.page, s.customer.page, s.provider.name);
  await expectAudioFlowing(s.customer.page);
  await expectAudioFlowing(s.provider.page);
  await screenshot(s.customer.page, 'user-incoming-answered');
  await byTestId(s.provider.page, 'call-end').click();
  await expectCallState(s.customer.page, /ended|idle/i);
  await expectMediaReleased(s.customer.page);
  await expectMediaReleased(s.provider.page);
  await s.close();
});

test('reject: the caller sees the call declined, nothing connects, the log says rejected', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'reject');
  await byTestId(s.customer.page, 'call-button').click();
  await byTestId(s.provider.page, 'call-reject').click();
  await expectCallState(s.customer.page, /ended|idle/i);
  await expect(s.customer.page.getByText(/declin/i).first()).toBeVisible();
  await expectMediaReleased(s.customer.page);
  await expectMediaReleased(s.provider.page);
  await expect.poll(async () => (await callHistory(s.customer, s.bookingId))[0]?.call_status).toBe('rejected');
  await s.close();
});

test('the duration shown and logged matches the real call length within 1 s', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'duration');
  await placeAndAnswer(s.customer.page, s.provider.page, s.customer.name);
  const connectedAt = Date.now();
  await s.customer.page.waitForTimeout(4200);
  const shown = timerSeconds((await byTestId(s.customer.page, 'call-timer').textContent()) ?? '');
  await byTestId(s.provider.page, 'call-end').click();
  const real = (Date.now() - connectedAt) / 1000;
  expect(Math.abs(shown - real)).toBeLessThanOrEqual(1.2);
  await expect.poll(async () => (await callHistory(s.customer, s.bookingId))[0]?.call_status).toBe('completed');
  const [logged] = await callHistory(s.customer, s.bookingId);
  expect(Math.abs((logged?.duration ?? -99) - real)).toBeLessThanOrEqual(1);
  await s.close();
});

test('the call history lists the call on the booking screen', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'history');
  await placeAndAnswer(s.customer.page, s.provider.page, s.customer.name);
  await byTestId(s.customer.page, 'call-end').click();
  await expectCallState(s.customer.page, 'idle', 15_000);
  await expect(byTestId(s.customer.page, 'call-history-item').first()).toBeVisible({ timeout: 10_000 });
  await expect(byTestId(s.provider.page, 'call-history-item').first()).toBeVisible({ timeout: 10_000 });
  await s.close();
});

test('several calls in a row each connect with audio', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'series');
  for (const [caller, receiver, name] of [
    [s.customer.page, s.provider.page, s.customer.name],
    [s.provider.page, s.customer.page, s.provider.name],
    [s.customer.page, s.provider.page, s.customer.name],
  ] as const) {
    await placeAndAnswer(caller, receiver, name);
    await expectAudioFlowing(receiver);
    await byTestId(caller, 'call-end').click();
    await expectCallState(caller, 'idle', 15_000);
    await expectCallState(receiver, 'idle', 15_000);
    await expectMediaReleased(caller);
  }
  const calls = await callHistory(s.customer, s.bookingId);
  expect(calls.map((c) => c.call_status)).toEqual(['completed', 'completed', 'completed']);
  await s.close();
});

test('closing the page mid-call is its hang-up: the call ends completed, billed the talk, within 2 s (a beacon)', async ({
  browser,
}) => {
  const s = await bothOnBooking(browser, 'close');
  await placeAndAnswer(s.customer.page, s.provider.page, s.customer.name);
  await expectAudioFlowing(s.provider.page);
  const connectedAt = Date.now();
  await s.customer.page.waitForTimeout(2200);
  // The tab closes as a person closes it: pagehide runs, and its beacon outlives the page.
  const closedAt = Date.now();
  await s.customer.page.close({ runBeforeUnload: true });
  const talk = (closedAt - connectedAt) / 1000;
  await expectCallState(s.provider.page, /ended|idle/i, 2000);
  expect(Date.now() - closedAt).toBeLessThan(2000);
  await expect
    .poll(async () => (await callHistory(s.provider, s.bookingId))[0]?.end_reason, { timeout: 2000 })
    .toBe('completed');
  const [row] = await callHistory(s.provider, s.bookingId);
  expect(row?.call_status).toBe('completed');
  expect(Math.abs((row?.duration ?? -99) - talk)).toBeLessThanOrEqual(1);
  await expectMediaReleased(s.provider.page);
  await s.close();
});

test('glare: both press call at the same moment and end up in one connected call with audio', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'glare');
  // At the same instant (a timer in each page, one clock): neither page has seen the other's call ring yet.
  await expect(byTestId(s.customer.page, 'call-button')).toBeEnabled();
  await expect(byTestId(s.provider.page, 'call-button')).toBeEnabled();
  const at = Date.now() + 400;
  await Promise.all(
    [s.customer.page, s.provider.page].map((page) =>
      page.evaluate(
        (when) =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              (document.querySelector('[data-testid="call-button"]') as HTMLElement | null)?.click();
              resolve();
            }, when - Date.now());
          }),
        at,
      ),
    ),
  );
  await expectCallState(s.customer.page, 'connected');
  await expectCallState(s.provider.page, 'connected');
  await expectAudioFlowing(s.customer.page);
  await expectAudioFlowing(s.provider.page);
  await byTestId(s.provider.page, 'call-end').click();
  await expectCallState(s.customer.page, /ended|idle/i);
  const calls = await callHistory(s.customer, s.bookingId);
  expect(calls.map((c) => c.call_status)).toEqual(['completed']);
  await s.close();
});
