import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { bookingItem, byTestId, expectCallState, expectNoIdsShown, openBooking, signIn } from '../support/app';
import { type Account, httpApi, openApp, register } from '../support/world';

// Bookings change in front of both people as they happen: a screen left open shows the other side's move within
// a second, over the call service's connection, with no reload or navigation. And no id is ever shown.

/** How soon a change made on one side must be on the other side's screen. */
const LIVE_MS = 1000;
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

type App = Awaited<ReturnType<typeof openApp>>;

async function signedIn(browser: Browser, app: 'user' | 'provider', account: Account): Promise<App> {
  const opened = await openApp(browser, app);
  await expectNoIdsShown(opened.page, `the ${app} app's sign-in`);
  await signIn(opened.page, account);
  return opened;
}

async function pendingBooking(customer: Account, provider: Account): Promise<string> {
  const booking = await httpApi<{ id: string }>('/api/bookings', {
    method: 'POST',
    token: customer.token,
    body: { providerId: provider.id, serviceName: 'Plumbing' },
  });
  return booking.id;
}

/**
 * Does `change` on one screen, then waits for `seen` on every other screen, asserting the whole took at most
 * LIVE_MS from the tap.
 */
async function expectLive(change: () => Promise<void>, seen: (() => Promise<void>)[]) {
  const at = Date.now();
  await change();
  await Promise.all(seen.map((s) => s()));
  const tookMs = Date.now() - at;
  console.info(`live booking change: on the other screens ${tookMs} ms after the tap`);
  expect(tookMs, 'from the tap to the other screens').toBeLessThanOrEqual(LIVE_MS);
}
const shows = (target: Locator, text: RegExp | string) => () =>
  expect(target).toContainText(text, { timeout: LIVE_MS });
const callable = (page: Page, yes: boolean) => () =>
  yes
    ? expect(byTestId(page, 'call-button')).toBeEnabled({ timeout: LIVE_MS })
    : expect(byTestId(page, 'call-button')).toBeDisabled({ timeout: LIVE_MS });

test("a new booking appears in the provider's list, and the provider's accept opens the customer's call button", async ({
  browser,
}) => {
  const customer = await register('user', unique('Cara live'));
  const provider = await register('provider', unique('Pete live'));
  const providerApp = await signedIn(browser, 'provider', provider);
  await expectNoIdsShown(providerApp.page, "the provider's empty bookings list");

  // The customer books in the app; the provider's list, open all along, gets it.
  const customerApp = await signedIn(browser, 'user', customer);
  await byTestId(customerApp.page, 'open-new-booking').click();
  await expectNoIdsShown(customerApp.page, 'the provider picker');
  const pick = customerApp.page.locator(`[data-testid="provider-item"][aria-label*="${provider.name}"]`);
  await expectLive(() => pick.click(), [shows(byTestId(providerApp.page, 'booking-item'), customer.name)]);
  // The customer is on the new booking now, which cannot be called yet.
  await expect(byTestId(customerApp.page, 'call-button')).toBeDisabled();
  const bookingId = /\/bookings\/([0-9a-f-]{36})/.exec(customerApp.page.url())?.[1] ?? '';
  expect(bookingId).not.toBe('');
  await expectNoIdsShown(customerApp.page, "the customer's new booking");
  await expect(byTestId(customerApp.page, 'call-button-reason')).toHaveText(
    `Calls open once ${provider.name} has accepted the booking`,
  );
  await expectNoIdsShown(providerApp.page, "the provider's list with the new booking");

  // A second device of the customer stays on the bookings list.
  const customerListApp = await signedIn(browser, 'user', customer);
  await expect(bookingItem(customerListApp.page, bookingId)).toContainText('Waiting for the provider');

  await openBooking(providerApp.page, bookingId);
  await expectNoIdsShown(providerApp.page, "the provider's booking");
  await expect(byTestId(providerApp.page, 'booking-status')).toHaveText('New: waiting for you to accept');
  await expectLive(
    () => byTestId(providerApp.page, 'booking-accept').click(),
    [
      shows(byTestId(customerApp.page, 'booking-status'), 'Accepted'),
      callable(customerApp.page, true),
      shows(bookingItem(customerListApp.page, bookingId), 'Accepted'),
    ],
  );
  await expect(byTestId(customerApp.page, 'call-button-reason')).toHaveCount(0);
  await expectNoIdsShown(customerApp.page, "the customer's accepted booking");
  await expectNoIdsShown(customerListApp.page, "the customer's list");

  for (const app of [providerApp, customerApp, customerListApp]) await app.context.close();
});

test("start, complete and cancel reach the other side's open booking and list, and close the call button", async ({
  browser,
}) => {
  const customer = await register('user', unique('Cara moves'));
  const provider = await register('provider', unique('Pete moves'));
  const jobId = await pendingBooking(customer, provider);
  const cancelledId = await pendingBooking(customer, provider);
  for (const id of [jobId, cancelledId]) {
    await httpApi(`/api/bookings/${id}/accept`, { method: 'POST', token: provider.token });
  }
  const customerApp = await signedIn(browser, 'user', customer);
  const providerApp = await signedIn(browser, 'provider', provider);
  const providerListApp = await signedIn(browser, 'provider', provider);
  await openBooking(customerApp.page, jobId);
  await openBooking(providerApp.page, jobId);
  await expectNoIdsShown(customerApp.page, "the customer's booking");

  await expectLive(
    () => byTestId(providerApp.page, 'booking-start').click(),
    [shows(byTestId(customerApp.page, 'booking-status'), 'In progress'), callable(customerApp.page, true)],
  );
  await expectLive(
    () => byTestId(providerApp.page, 'booking-complete').click(),
    [
      shows(byTestId(customerApp.page, 'booking-status'), 'Completed'),
      callable(customerApp.page, false),
      shows(byTestId(customerApp.page, 'call-button-reason'), 'This booking is completed: calls are closed'),
      shows(bookingItem(providerListApp.page, jobId), 'Completed'),
    ],
  );
  await expectNoIdsShown(customerApp.page, "the customer's completed booking");

  // The customer cancels the other booking; the provider has it open.
  await customerApp.page.goBack();
  await openBooking(customerApp.page, cancelledId);
  await providerApp.page.goBack();
  await openBooking(providerApp.page, cancelledId);
  await expect(byTestId(providerApp.page, 'call-button')).toBeEnabled();
  await expectLive(
    () => byTestId(customerApp.page, 'booking-cancel').click(),
    [
      shows(byTestId(providerApp.page, 'booking-status'), 'Cancelled'),
      callable(providerApp.page, false),
      shows(byTestId(providerApp.page, 'call-button-reason'), 'This booking was cancelled'),
      shows(bookingItem(providerListApp.page, cancelledId), 'Cancelled'),
    ],
  );
  // The provider's actions go with the status: nothing left to do with a cancelled booking.
  await expect(byTestId(providerApp.page, 'booking-start')).toHaveCount(0);
  await expectNoIdsShown(providerApp.page, "the provider's cancelled booking");
  await expectNoIdsShown(providerListApp.page, "the provider's list");

  for (const app of [customerApp, providerApp, providerListApp]) await app.context.close();
});

test('no id on any screen of either app: lists, bookings, settings, a ringing call and the call history', async ({
  browser,
}) => {
  const customer = await register('user', unique('Cara words'));
  const provider = await register('provider', unique('Pete words'));
  const bookingId = await pendingBooking(customer, provider);
  await httpApi(`/api/bookings/${bookingId}/accept`, { method: 'POST', token: provider.token });
  const customerApp = await signedIn(browser, 'user', customer);
  const providerApp = await signedIn(browser, 'provider', provider);
  for (const [app, who] of [
    [customerApp, 'customer'],
    [providerApp, 'provider'],
  ] as const) {
    await expectNoIdsShown(app.page, `the ${who}'s bookings list`);
    await byTestId(app.page, 'open-settings').click();
    await expect(byTestId(app.page, 'settings-relay-only')).toBeVisible();
    await expectNoIdsShown(app.page, `the ${who}'s settings`);
    await app.page.goBack();
    await openBooking(app.page, bookingId);
    await expectNoIdsShown(app.page, `the ${who}'s booking`);
  }

  // The customer calls; both see the call, the provider declines; each history line says what happened.
  await byTestId(customerApp.page, 'call-button').click();
  await expect(byTestId(providerApp.page, 'call-accept')).toBeVisible({ timeout: 15_000 });
  await expectNoIdsShown(providerApp.page, "the provider's incoming call");
  await expectNoIdsShown(customerApp.page, "the customer's outgoing call");
  await byTestId(providerApp.page, 'call-reject').click();
  await expectCallState(customerApp.page, /ended|idle/i);
  const customerLine = byTestId(customerApp.page, 'call-history-item').first();
  const providerLine = byTestId(providerApp.page, 'call-history-item').first();
  await expect(customerLine).toContainText(`${provider.name} declined your call`, { timeout: 10_000 });
  await expect(providerLine).toContainText(`You declined a call from ${customer.name}`, { timeout: 10_000 });
  await expect(customerLine).toContainText(/Today, \d\d:\d\d/);
  await expectNoIdsShown(customerApp.page, "the customer's call history");
  await expectNoIdsShown(providerApp.page, "the provider's call history");

  await customerApp.context.close();
  await providerApp.context.close();
});
