import type { Browser, BrowserContext, Page } from '@playwright/test';
import { instrumentWebRtc } from './instrument';

export const serverUrl = () => {
  const url = process.env.E2E_SERVER_URL;
  if (!url) throw new Error('E2E_SERVER_URL is not set (global setup did not run)');
  return url;
};

let counter = Math.floor(Math.random() * 1e6);
export interface Account {
  id: string;
  name: string;
  phone: string;
  password: string;
  token: string;
}

export type ApiInit = { method?: string; token?: string; body?: unknown };
/** How a test reaches the server's REST API: over HTTP here, or through a process in the server's namespace. */
export type Api = <T>(path: string, init?: ApiInit) => Promise<T>;

export const unwrap = <T>(path: string, json: { status: string; data: T; message?: string }): T => {
  if (json.status !== 'success') throw new Error(`${path}: ${json.message}`);
  return json.data;
};

/** The REST API of the server at `origin` over HTTP (by default the run's server, from the global setup). */
export const httpApiAt =
  (origin?: string): Api =>
  async <T>(path: string, init: ApiInit = {}) => {
    const res = await fetch(`${origin ?? serverUrl()}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return unwrap<T>(path, (await res.json()) as { status: string; data: T; message?: string });
  };

export const httpApi: Api = httpApiAt();

export async function register(role: 'user' | 'provider', name: string, api: Api = httpApi): Promise<Account> {
  counter += 1;
  const phone = `+1777${String(counter).padStart(7, '0')}`;
  const password = 'e2e-password-1';
  const data = await api<{ token: string; user: { id: string } }>('/api/auth/register', {
    method: 'POST',
    body: { name, phone, password, role, ...(role === 'provider' ? { serviceName: 'Plumbing' } : {}) },
  });
  return { id: data.user.id, name, phone, password, token: data.token };
}

/** A customer and a provider with an accepted booking between them. */
export async function bookedPair(tag: string, api: Api = httpApi) {
  const customer = await register('user', `Cara ${tag}`, api);
  const provider = await register('provider', `Pete ${tag}`, api);
  const booking = await api<{ id: string }>('/api/bookings', {
    method: 'POST',
    token: customer.token,
    body: { providerId: provider.id, serviceName: 'Plumbing' },
  });
  await api(`/api/bookings/${booking.id}/accept`, { method: 'POST', token: provider.token });
  return { customer, provider, bookingId: booking.id };
}

export async function setRelayOnly(account: Account, relayOnly: boolean) {
  await httpApi('/api/me', { method: 'PATCH', token: account.token, body: { relayOnly } });
}

export async function callHistory(account: Account, bookingId: string, api: Api = httpApi) {
  return (
    await api<{
      calls: {
        id: string;
        duration: number;
        call_status: string;
        end_reason: string;
        ringing_at: string | null;
        ended_at: string | null;
      }[];
    }>(`/api/calls/history/${bookingId}`, { token: account.token })
  ).calls;
}

/** A script run in every page before the app, after instrumentWebRtc (Playwright passes `arg` to it). */
export type InitScript = { fn: (arg: never) => void; arg?: unknown };

/** One app in its own browser context (its own storage: two people on one machine). */
export async function openApp(
  browser: Browser,
  app: 'user' | 'provider',
  origin = serverUrl(),
  initScripts: InitScript[] = [],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    permissions: ['microphone', 'camera'],
    viewport: { width: 430, height: 860 },
  });
  await context.addInitScript(instrumentWebRtc);
  for (const s of initScripts) await context.addInitScript(s.fn as (arg: unknown) => void, s.arg);
  const page = await context.newPage();
  await page.goto(`${origin}/${app}/`);
  return { context, page };
}
