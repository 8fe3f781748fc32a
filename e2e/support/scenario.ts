import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, expect, type Page } from '@playwright/test';
import { byTestId, expectCallState, login, openBooking } from './app';
import { bookedPair, httpApiAt, type InitScript, openApp, serverUrl } from './world';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');

/**
 * Both apps open and signed in, each on the booking's detail screen (of the run's server, or the one at `origin`);
 * the provider's in `providerBrowser` when given (a browser launched differently).
 */
export async function bothOnBooking(
  browser: Browser,
  tag: string,
  initScripts: InitScript[] = [],
  origin = serverUrl(),
  providerBrowser = browser,
) {
  const pair = await bookedPair(tag, httpApiAt(origin));
  const customerApp = await openApp(browser, 'user', origin, initScripts);
  const providerApp = await openApp(providerBrowser, 'provider', origin, initScripts);
  await login(customerApp.page, pair.customer);
  await login(providerApp.page, pair.provider);
  await openBooking(customerApp.page, pair.bookingId);
  await openBooking(providerApp.page, pair.bookingId);
  return {
    ...pair,
    customer: { ...pair.customer, page: customerApp.page, context: customerApp.context },
    provider: { ...pair.provider, page: providerApp.page, context: providerApp.context },
    async close() {
      await customerApp.context.close();
      await providerApp.context.close();
    },
  };
}

/** Caller presses the call button, the receiver sees the incoming call and accepts; both reach connected. */
export async function placeAndAnswer(caller: Page, receiver: Page, callerName: string) {
  await byTestId(caller, 'call-button').click();
  await expect(byTestId(receiver, 'call-accept')).toBeVisible({ timeout: 15_000 });
  await expect(receiver.getByText(callerName).first()).toBeVisible();
  await byTestId(receiver, 'call-accept').click();
  await expectCallState(caller, 'connected');
  await expectCallState(receiver, 'connected');
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** "01:05" or "1:05" (or "1:02:03") in seconds. */
export function timerSeconds(text: string): number {
  const parts = (/(\d+:)?\d+:\d{2}/.exec(text)?.[0] ?? '').split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}
