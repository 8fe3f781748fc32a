import type { TestSubscription } from '@calling/server/testing';
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';

/**
 * This Chromium has no way to its push service (no network, no Google API keys), so `pushManager.subscribe()`
 * answers with the subscription the test's local push service made, as the browser's push service would: its
 * endpoint is the local service, its keys are the ones that service decrypts with. Everything else is real:
 * the app's service worker, the server's encrypted push, the delivery into the worker, its notifications.
 */
export function subscriptionFromLocalPushService(s: TestSubscription) {
  return {
    fn: (sub: TestSubscription['subscription']) => {
      const KEY = 'e2e.pushSubscribed';
      const w = window as unknown as { __pushSubscribedWith?: string };
      const fake = {
        endpoint: sub.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true },
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: async () => {
          localStorage.removeItem(KEY);
          return true;
        },
      };
      PushManager.prototype.subscribe = async function subscribe(options?: PushSubscriptionOptionsInit) {
        w.__pushSubscribedWith = String(options?.applicationServerKey ?? '');
        localStorage.setItem(KEY, '1');
        return fake as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function getSubscription() {
        return (localStorage.getItem(KEY) ? fake : null) as unknown as PushSubscription | null;
      };
    },
    arg: s.subscription,
  };
}

/** The app's service worker in this context, once it is running. */
export async function appWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Delivers a push into the service worker as Chromium does when its push service hands one over. */
export async function deliverPush(page: Page, origin: string, payload: string): Promise<void> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
      const reg = e.registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted);
      if (reg) resolve(reg.registrationId);
    });
    void cdp.send('ServiceWorker.enable');
  });
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: payload });
  await cdp.detach();
}

/** The slice of a service worker's global scope these helpers use (the e2e project has no webworker lib). */
interface WorkerScope {
  registration: { getNotifications(filter?: { tag: string }): Promise<Notification[]> };
  dispatchEvent(e: Event): boolean;
  NotificationEvent: new (
    type: string,
    init: { notification: Notification; action: string },
  ) => Event & {
    waitUntil(p: Promise<unknown>): void;
  };
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  actions: { action: string; title: string }[];
  data: Record<string, unknown>;
}

/** What the service worker shows now (its own `registration.getNotifications()`). */
export function shownNotifications(worker: Worker): Promise<ShownNotification[]> {
  return worker.evaluate(async () => {
    const sw = self as unknown as WorkerScope;
    const list = await sw.registration.getNotifications();
    return list.map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: ((n as unknown as { actions: { action: string; title: string }[] }).actions ?? []).map((a) => ({
        action: a.action,
        title: a.title,
      })),
      data: n.data as Record<string, unknown>,
    }));
  });
}

/** The person picks an action on the notification: the worker's notificationclick runs with it. */
export function clickNotification(worker: Worker, tag: string, action: string): Promise<string> {
  return worker.evaluate(
    async ({ tag, action }) => {
      const sw = self as unknown as WorkerScope;
      const [n] = await sw.registration.getNotifications({ tag });
      if (!n) return 'no notification';
      const event = new sw.NotificationEvent('notificationclick', { notification: n, action });
      // A page-made event may not extend itself (waitUntil throws on it): collect the work to wait for it here.
      const done: Promise<unknown>[] = [];
      event.waitUntil = (p: Promise<unknown>) => {
        done.push(p);
      };
      sw.dispatchEvent(event);
      try {
        await Promise.all(done);
        return 'done';
      } catch (err) {
        return `failed: ${(err as Error).message}`;
      }
    },
    { tag, action },
  );
}
