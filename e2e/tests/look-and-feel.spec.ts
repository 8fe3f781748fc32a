import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contrastRatio, luminance, palettes } from '@calling/react/logic';
import { expect, type Page, test } from '@playwright/test';
import { byTestId, expectCallState, login, openBooking } from '../support/app';
import {
  bothSchemes,
  DESKTOP,
  expectFits,
  expectIconControl,
  expectScheme,
  PHONE,
  rgb,
  shownColours,
  throughACall,
} from '../support/look';
import { bothOnBooking } from '../support/scenario';
import { type Account, bookedPair, httpApi, openApp } from '../support/world';

// How the apps look in Chromium: icons (not letters) on the call controls and navigation, the system's light or
// dark scheme followed live, and layouts that hold from a 320 px phone to a 1280 px desktop window.
// The screenshots test writes the README's pictures into docs/screenshots/ with SCREENSHOTS=1 (else into its
// test output, so every run still takes them and checks the screens they show).

/** Each app with the account that signs in to it. */
const appsOf = (pair: { customer: Account; provider: Account }) =>
  [
    ['user', pair.customer],
    ['provider', pair.provider],
  ] as const;

test('the incoming call shows icon buttons with captions and accessible names; so do the controls and navigation', async ({
  browser,
}) => {
  const s = await bothOnBooking(browser, 'icons');
  const { page: provider } = s.provider;
  const { page: customer } = s.customer;
  await expectIconControl(customer, {
    id: 'call-button',
    name: `Call ${s.provider.name}`,
    caption: `Call ${s.provider.name}`,
  });
  await expectIconControl(customer, { id: 'header-back', name: 'Back' });

  await byTestId(customer, 'call-button').click();
  const who = s.customer.name;
  const accept = await expectIconControl(provider, {
    id: 'call-accept',
    name: `Accept call from ${who}`,
    caption: 'Accept',
  });
  const reject = await expectIconControl(provider, {
    id: 'call-reject',
    name: `Reject call from ${who}`,
    caption: 'Reject',
  });
  expect(accept, 'accept and reject are different icons').not.toBe(reject);
  await expectIconControl(customer, { id: 'call-end', name: 'Cancel call', caption: 'Cancel' });

  await byTestId(provider, 'call-accept').click();
  await expectCallState(customer, 'connected');
  await expectIconControl(customer, { id: 'call-end', name: 'End call', caption: 'End' });
  const mic = await expectIconControl(customer, {
    id: 'call-mute',
    name: 'Mute microphone',
    caption: 'Mute',
    role: 'switch',
  });
  await byTestId(customer, 'call-mute').click();
  const micOff = await expectIconControl(customer, {
    id: 'call-mute',
    name: 'Mute microphone',
    caption: 'Unmute',
    role: 'switch',
  });
  expect(micOff, 'muted shows the crossed-out microphone').not.toBe(mic);
  if ((await byTestId(customer, 'call-camera').count()) > 0) {
    await expectIconControl(customer, { id: 'call-camera', name: 'Camera', caption: 'Camera', role: 'switch' });
  }
  await byTestId(customer, 'call-end').click();
  await expectCallState(customer, /ended|idle/i);

  // The bookings list's actions: book (customers), refresh, settings.
  await customer.getByRole('button', { name: 'Back', exact: true }).click();
  await expectIconControl(customer, { id: 'open-new-booking', name: 'Book a provider', caption: 'Book a provider' });
  await expectIconControl(customer, { id: 'bookings-refresh', name: 'Refresh', caption: 'Refresh' });
  await expectIconControl(customer, { id: 'open-settings', name: 'Settings', caption: 'Settings' });
  await s.close();
});

test('at 320 px wide nothing overflows: every screen of both apps, and the call screen', async ({ browser }) => {
  const pair = await bookedPair('narrow');
  for (const [app, account] of appsOf(pair)) {
    const { page, context } = await openApp(browser, app);
    await page.setViewportSize(PHONE);
    await expect(byTestId(page, 'login-submit')).toBeVisible();
    await expectFits(page, `${app} sign-in`);
    await login(page, account);
    await expectFits(page, `${app} bookings`);
    if (app === 'user') {
      await byTestId(page, 'open-new-booking').click();
      await expect(byTestId(page, 'provider-item').first()).toBeVisible();
      await expectFits(page, `${app} provider picker`);
      await page.getByRole('button', { name: 'Back', exact: true }).click();
    }
    await openBooking(page, pair.bookingId);
    await expectFits(page, `${app} booking`);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await byTestId(page, 'open-settings').click();
    await expect(byTestId(page, 'settings-relay-only')).toBeVisible();
    await expectFits(page, `${app} settings`);
    await context.close();
  }

  const s = await bothOnBooking(browser, 'narrow-call');
  for (const page of [s.customer.page, s.provider.page]) await page.setViewportSize(PHONE);
  await throughACall(s, {
    ringing: async () => {
      await expectFits(s.provider.page, 'incoming call');
      await expectFits(s.customer.page, 'outgoing call');
    },
    talking: async () => {
      await byTestId(s.customer.page, 'call-mute').click();
      await expectFits(s.customer.page, 'call in progress, muted');
      await expectFits(s.provider.page, 'call in progress');
    },
  });
  await s.close();
});

test('dark and light follow the system, live: the page background and text of every screen', async ({ browser }) => {
  const pair = await bookedPair('schemes');
  for (const [app, account] of appsOf(pair)) {
    const { page, context } = await openApp(browser, app);
    const shown = (text: string) => page.getByText(text, { exact: true }).locator('visible=true').first();
    await bothSchemes(
      page,
      `${app} sign-in`,
      shown(app === 'user' ? 'Customer' : 'Provider'),
      page.getByText(/^Sign in to call about your bookings/),
    );
    await login(page, account);
    await bothSchemes(page, `${app} bookings`, shown('Plumbing'), shown(`Signed in as ${account.name}`));
    await bothSchemes(page, `${app} navigation bar`, shown('My bookings'));
    await openBooking(page, pair.bookingId);
    await bothSchemes(page, `${app} booking`, shown('Plumbing'), byTestId(page, 'booking-status'));
    await page.goBack();
    await byTestId(page, 'open-settings').click();
    const relay = shown('Hide my IP address in calls');
    await bothSchemes(page, `${app} settings`, relay, byTestId(page, 'settings-push-state'));
    // A scheme set before the app starts holds from its first frame.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expectScheme(page, 'dark', `${app} settings, reloaded dark`, relay);
    await context.close();
  }

  // The call screen is dark in both schemes (the peer's video shows behind it), its text light.
  const s = await bothOnBooking(browser, 'schemes-call');
  await byTestId(s.customer.page, 'call-button').click();
  const peer = s.provider.page.getByText(s.customer.name, { exact: true }).first();
  await expect(peer).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await s.provider.page.emulateMedia({ colorScheme: scheme });
    const c = await shownColours(peer);
    expect(luminance(c.background), `call screen (${scheme}): ${c.background}`).toBeLessThan(0.05);
    expect(contrastRatio(c.color, c.background), `call screen (${scheme})`).toBeGreaterThanOrEqual(7);
  }
  await byTestId(s.customer.page, 'call-end').click();
  await s.close();
});

const README_SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** The README's pictures of one screen: 320 (and unless `phoneOnly`, 1280) px wide, light and dark. */
async function shoot(dir: string, page: Page, name: string, phoneOnly = false) {
  for (const [size, label] of [[PHONE, '320'], ...(phoneOnly ? [] : [[DESKTOP, '1280'] as const])] as const) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect
        .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
        .toBe(rgb(palettes[scheme].background));
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(dir, `${name}-${label}-${scheme}.png`) });
    }
  }
}

test('the README screenshots: each screen at 320 and 1280 px, light and dark', async ({ browser }) => {
  const dir = process.env.SCREENSHOTS ? README_SHOTS : test.info().outputPath('screenshots');
  mkdirSync(dir, { recursive: true });
  const signIn = await openApp(browser, 'user');
  await expect(byTestId(signIn.page, 'login-submit')).toBeVisible();
  await shoot(dir, signIn.page, 'user-login', true);
  await signIn.context.close();
  // A list with more than one booking, in different states, as a real account has.
  const s = await bothOnBooking(browser, 'Reyes');
  const other = await httpApi<{ id: string }>('/api/bookings', {
    method: 'POST',
    token: s.customer.token,
    body: { providerId: s.provider.id, serviceName: 'Plumbing' },
  });
  const done = await httpApi<{ id: string }>('/api/bookings', {
    method: 'POST',
    token: s.customer.token,
    body: { providerId: s.provider.id, serviceName: 'Plumbing' },
  });
  for (const action of ['accept', 'start', 'complete']) {
    await httpApi(`/api/bookings/${done.id}/${action}`, { method: 'POST', token: s.provider.token });
  }
  expect(other.id).toBeTruthy();
  for (const [app, page] of [
    ['user', s.customer.page],
    ['provider', s.provider.page],
  ] as const) {
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(byTestId(page, 'booking-item')).toHaveCount(3);
    await shoot(dir, page, `${app}-bookings`);
    await openBooking(page, s.bookingId);
  }
  await shoot(dir, s.customer.page, 'user-booking', true);
  await throughACall(s, {
    ringing: () => shoot(dir, s.provider.page, 'provider-call'),
    talking: () => shoot(dir, s.customer.page, 'user-call'),
  });
  await s.close();
});
