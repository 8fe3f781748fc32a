import { expect, test } from '@playwright/test';
import { audioStats, byTestId, expectAudioFlowing } from '../support/app';
import { bothOnBooking, placeAndAnswer } from '../support/scenario';

test('mute silences the microphone for the other side and unmute brings the tone back', async ({ browser }) => {
  const s = await bothOnBooking(browser, 'mute');
  await placeAndAnswer(s.customer.page, s.provider.page, s.customer.name);
  await expectAudioFlowing(s.provider.page);

  await byTestId(s.customer.page, 'call-mute').click();
  await expect(byTestId(s.customer.page, 'call-mute')).toHaveAttribute('aria-checked', 'true');
  await expect(s.customer.page.getByText(/microphone is muted/i)).toBeVisible();
  await expect.poll(async () => (await audioStats(s.provider.page)).audioLevel, { timeout: 10_000 }).toBeLessThan(0.01);

  await byTestId(s.customer.page, 'call-mute').click();
  await expect(byTestId(s.customer.page, 'call-mute')).toHaveAttribute('aria-checked', 'false');
  await expect
    .poll(async () => (await audioStats(s.provider.page)).audioLevel, { timeout: 10_000 })
    .toBeGreaterThan(0.1);
  await byTestId(s.customer.page, 'call-end').click();
  await s.close();
});
