import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contrastRatio, luminance, palettes } from '@calling/react/logic';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { byTestId, expectCallState, login, openBooking } from '../support/app';
import { bothOnBooking } from '../support/scenario';
import { bookedPair, httpApi, openApp } from '../support/world';

// How the apps look in Chromium: icons (not letters) on the call controls and navigation, the system's light or
// dark scheme followed live, and layouts that hold from a 320 px phone to a 1280 px desktop window.
// SCREENSHOTS=1 also writes the README's screenshots into docs/screenshots/.

type Scheme = 'light' | 'dark';
const PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 720 };

/** An icon is a glyph of the Material Icons font (loaded, not a fallback box): one private-use character. */
async function expectIconGlyph(icon: Locator): Promise<number> {
  await expect(icon).toBeVisible();
  const glyph = await icon.evaluate(async (el) => {
    await document.fonts.ready;
    const style = getComputedStyle(el);
    const faces: string[] = [];
    document.fonts.forEach((f) => {
      if (f.family.replace(/"/g, '') === 'material') faces.push(f.status);
    });
    return {
      text: el.textContent ?? '',
      family: style.fontFamily,
      faces,
      ariaHidden: el.getAttribute('aria-hidden'),
      width: el.getBoundingClientRect().width,
    };
  });
  expect(glyph.text, 'one character').toHaveLength(1);
  const codePoint = glyph.text.codePointAt(0) ?? 0;
  // Icon fonts put their glyphs in the Private Use Area: a letter (the old "A" / "R") is outside it.
  expect(codePoint, `U+${codePoint.toString(16)} is an icon glyph`).toBeGreaterThanOrEqual(0xe000);
  expect(codePoint).toBeLessThanOrEqual(0xf8ff);
  expect(glyph.family).toContain('material');
  expect(glyph.faces, 'the icon font loaded on the web').toContain('loaded');
  expect(glyph.ariaHidden, 'the button speaks its label, not the glyph').toBe('true');
  expect(glyph.width).toBeGreaterThan(10);
  return codePoint;
}

/**
 * A control found by role and accessible name, with its icon inside and its caption shown: under a call control's
 * circle, beside a button's icon (the back arrow has none: the bar's title says where it is).
 */
async function expectIconControl(
  page: Page,
  { id, name, caption, role = 'button' }: { id: string; name: string; caption?: string; role?: 'button' | 'switch' },
): Promise<number> {
  const control = page.getByRole(role, { name, exact: true });
  await expect(control).toBeVisible();
  await expect(control).toHaveAttribute('data-testid', id);
  const glyph = await expectIconGlyph(control.getByTestId(`${id}-icon`));
  if (caption) await expect(byTestId(page, id).locator('xpath=..').getByText(caption, { exact: true })).toBeVisible();
  return glyph;
}

/** Nothing wider than the viewport: the document does not scroll sideways and no visible element sticks out. */
async function expectFits(page: Page, where: string) {
  const width = page.viewportSize()?.width ?? 0;
  const found = await page.evaluate(() => {
    const outside: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.left < -1 || r.right > window.innerWidth + 1) {
        const what = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30);
        outside.push(`${el.tagName.toLowerCase()} "${what}" at ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, outside: outside.slice(0, 8) };
  });
  expect(found.scrollWidth, `${where}: document scroll width`).toBeLessThanOrEqual(width);
  expect(found.outside, `${where}: elements past the viewport's edges`).toEqual([]);
}

/** A text's colour and the first opaque background behind it (and the page body's), as computed. */
function shownColours(text: Locator) {
  return text.evaluate((el) => {
    const opaque = (c: string) => c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c);
    let node: Element | null = el;
    let background = '';
    while (node && !background) {
      const c = getComputedStyle(node).backgroundColor;
      if (opaque(c)) background = c;
      node = node.parentElement;
    }
    return { color: getComputedStyle(el).color, background, body: getComputedStyle(document.body).backgroundColor };
  });
}

const rgb = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

/**
 * In `scheme`: the palette's background behind the page, and on it a dark background with light text (or the
 * opposite); `subtle` lines (dates, hints) need only read (contrast), not be as light or dark as the text.
 */
async function expectScheme(page: Page, scheme: Scheme, where: string, text: Locator, subtle?: Locator) {
  await page.emulateMedia({ colorScheme: scheme });
  await expect
    .poll(async () => (await shownColours(text)).body, `${where}: the page body`)
    .toBe(rgb(palettes[scheme].background));
  const c = await shownColours(text);
  if (scheme === 'dark') {
    expect(luminance(c.background), `${where}: background ${c.background}`).toBeLessThan(0.1);
    expect(luminance(c.color), `${where}: text ${c.color}`).toBeGreaterThan(0.7);
  } else {
    expect(luminance(c.background), `${where}: background ${c.background}`).toBeGreaterThan(0.8);
    expect(luminance(c.color), `${where}: text ${c.color}`).toBeLessThan(0.1);
  }
  expect(contrastRatio(c.color, c.background), `${where}: text contrast`).toBeGreaterThanOrEqual(7);
  if (subtle) {
    const l = await shownColours(subtle);
    expect(contrastRatio(l.color, l.background), `${where}: secondary line contrast`).toBeGreaterThanOrEqual(4.5);
  }
}

async function bothSchemes(page: Page, where: string, text: Locator, subtle?: Locator) {
  for (const scheme of ['dark', 'light'] as const)
    await expectScheme(page, scheme, `${where} (${scheme})`, text, subtle);
}

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
  for (const [app, account] of [
    ['user', pair.customer],
    ['provider', pair.provider],
  ] as const) {
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
  await byTestId(s.customer.page, 'call-button').click();
  await expect(byTestId(s.provider.page, 'call-accept')).toBeVisible();
  await expectFits(s.provider.page, 'incoming call');
  await expectFits(s.customer.page, 'outgoing call');
  await byTestId(s.provider.page, 'call-accept').click();
  await expectCallState(s.customer.page, 'connected');
  await byTestId(s.customer.page, 'call-mute').click();
  await expectFits(s.customer.page, 'call in progress, muted');
  await expectFits(s.provider.page, 'call in progress');
  await byTestId(s.customer.page, 'call-end').click();
  await s.close();
});

test('dark and light follow the system, live: the page background and text of every screen', async ({ browser }) => {
  const pair = await bookedPair('schemes');
  for (const [app, account] of [
    ['user', pair.customer],
    ['provider', pair.provider],
  ] as const) {
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

const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** The README's pictures of one screen: 320 and 1280 px wide, light and dark. */
async function shoot(page: Page, name: string) {
  for (const [size, label] of [
    [PHONE, '320'],
    [DESKTOP, '1280'],
  ] as const) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect
        .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
        .toBe(rgb(palettes[scheme].background));
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, `${name}-${label}-${scheme}.png`) });
    }
  }
}

test('screenshots for the README (SCREENSHOTS=1)', async ({ browser }) => {
  test.skip(!process.env.SCREENSHOTS, 'SCREENSHOTS=1 writes docs/screenshots/');
  mkdirSync(SHOTS, { recursive: true });
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
    await shoot(page, `${app}-bookings`);
    await openBooking(page, s.bookingId);
  }
  await byTestId(s.customer.page, 'call-button').click();
  await expect(byTestId(s.provider.page, 'call-accept')).toBeVisible();
  await shoot(s.provider.page, 'provider-call');
  await byTestId(s.provider.page, 'call-accept').click();
  await expectCallState(s.customer.page, 'connected');
  await shoot(s.customer.page, 'user-call');
  await byTestId(s.customer.page, 'call-end').click();
  await s.close();
});
