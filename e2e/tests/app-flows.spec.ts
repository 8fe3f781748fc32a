import { expect, type Page, test } from '@playwright/test';
import { byTestId, login, openBooking, signIn } from '../support/app';
import { type Account, bookedPair, openApp, register, serverUrl } from '../support/world';

// The apps around the calls: booking a provider, the provider's answer, and the relay-only setting in both apps.

/** Names are unique per run of a test (the server outlives a test and provider names are matched by text). */
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

async function bookInApp(page: Page, provider: Account): Promise<string> {
  await byTestId(page, 'open-new-booking').click();
  await page.locator(`[data-testid="provider-item"][aria-label*="${provider.name}"]`).click();
  await expect(byTestId(page, 'call-button')).toBeVisible();
  const id = /\/bookings\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id as string;
}

async function relayOnlyOf(account: Account): Promise<boolean> {
  const res = await fetch(`${serverUrl()}/api/me`, { headers: { authorization: `Bearer ${account.token}` } });
  return ((await res.json()) as { data: { relayOnly: boolean } }).data.relayOnly;
}

test('a customer books a provider, who accepts it: the call button opens on both sides', async ({ browser }) => {
  const customer = await register('user', unique('Cara booking'));
  const provider = await register('provider', unique('Pete booking'));
  const customerApp = await openApp(browser, 'user');
  await signIn(customerApp.page, customer);
  const bookingId = await bookInApp(customerApp.page, provider);
  await expect(byTestId(customerApp.page, 'call-button')).toBeDisabled();
  await expect(byTestId(customerApp.page, 'call-button-reason')).toHaveText(/accepted/i);

  const providerApp = await openApp(browser, 'provider');
  await login(providerApp.page, provider);
  await openBooking(providerApp.page, bookingId);
  await expect(byTestId(providerApp.page, 'call-button')).toBeDisabled();
  await byTestId(providerApp.page, 'booking-accept').click();
  await expect(byTestId(providerApp.page, 'call-button')).toBeEnabled();

  await customerApp.page.reload();
  await expect(byTestId(customerApp.page, 'call-button')).toBeEnabled({ timeout: 15_000 });
  await customerApp.context.close();
  await providerApp.context.close();
});

test('a provider declines a booking: it is cancelled and stays uncallable', async ({ browser }) => {
  const customer = await register('user', unique('Cara declined'));
  const provider = await register('provider', unique('Pete declines'));
  const customerApp = await openApp(browser, 'user');
  await signIn(customerApp.page, customer);
  const bookingId = await bookInApp(customerApp.page, provider);

  const providerApp = await openApp(browser, 'provider');
  await login(providerApp.page, provider);
  await openBooking(providerApp.page, bookingId);
  await byTestId(providerApp.page, 'booking-decline').click();
  await expect(byTestId(providerApp.page, 'booking-status')).toHaveText('Cancelled');
  await expect(byTestId(providerApp.page, 'call-button')).toBeDisabled();
  await customerApp.context.close();
  await providerApp.context.close();
});

test('the relay-only switch in both apps saves the choice on the account', async ({ browser }) => {
  const pair = await bookedPair('relay-setting');
  for (const [app, account] of [
    ['user', pair.customer],
    ['provider', pair.provider],
  ] as const) {
    const { page, context } = await openApp(browser, app);
    await login(page, account);
    await byTestId(page, 'open-settings').click();
    const toggle = byTestId(page, 'settings-relay-only');
    await expect(toggle).toBeVisible();
    await expect.poll(() => relayOnlyOf(account)).toBe(false);
    await toggle.click();
    await expect.poll(() => relayOnlyOf(account)).toBe(true);
    await toggle.click();
    await expect.poll(() => relayOnlyOf(account)).toBe(false);
    await context.close();
  }
});
