import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { byTestId, expectAudioFlowing, expectCallState } from '../support/app';
import { bothOnBooking, placeAndAnswer } from '../support/scenario';

// These take the namespace's loopback down (scripts/run-tests.mjs runs e2e in its own): media and signaling stop
// for both pages at once, while Playwright still drives Chromium over its pipe.
const setLoopback = (up: boolean) => execFileSync('ip', ['link', 'set', 'lo', up ? 'up' : 'down']);
test.afterEach(() => setLoopback(true));

test('silence is shown: 3 s without any network, both screens say reconnecting within 2 s, and connected within 1 s of it coming back', async ({
  browser,
}) => {
  const s = await bothOnBooking(browser, 'silence');
  await placeAndAnswer(s.customer.page, s.provider.page, s.customer.name);
  await expectAudioFlowing(s.customer.page);
  await expectAudioFlowing(s.provider.page);
  setLoopback(false);
  const down = Date.now();
  try {
    await expectCallState(s.customer.page, 'reconnecting', 2000);
    await expectCallState(s.provider.page, 'reconnecting', 2000);
    expect(Date.now() - down).toBeLessThan(2000);
    await expect(s.customer.page.getByText('Reconnecting…').first()).toBeVisible();
    await s.customer.page.waitForTimeout(Math.max(0, 3000 - (Date.now() - down)));
  } finally {
    setLoopback(true);
  }
  const up = Date.now();
  await expectCallState(s.customer.page, 'connected', 1000);
  await expectCallState(s.provider.page, 'connected', 1000);
  expect(Date.now() - up).toBeLessThan(1000);
  await expectAudioFlowing(s.provider.page);
  await byTestId(s.customer.page, 'call-end').click();
  await expectCallState(s.provider.page, /ended|idle/i);
  await s.close();
});
