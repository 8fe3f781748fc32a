/// <reference lib="webworker" />
// The apps' service worker (built to <app>/sw.js by scripts/build-apps.mjs): shows a ring pushed while the
// app is closed, with Answer and Decline, and takes it down when the call stops ringing.
import { type PushMessage as Message, PushMessage } from '@calling/protocol';
import { declineRequest } from '../decline-request';
import { pushActionUrl, ringWords, stoppedWords } from '../ring-words';
import { type PushSession, SW_MESSAGE } from './sw-messages';

declare const self: ServiceWorkerGlobalScope;

const SESSION_CACHE = 'calling-push';
const SESSION_KEY = 'session';

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data: unknown = null;
  try {
    data = event.data?.json();
  } catch {}
  const parsed = PushMessage.safeParse(data);
  if (parsed.success) event.waitUntil(onPush(parsed.data));
});

async function onPush(m: Message) {
  const reg = self.registration;
  if (m.type === 'call_ringing') {
    const { title, body } = ringWords(m);
    await reg.showNotification(title, {
      body,
      tag: m.callId,
      requireInteraction: true,
      actions: [
        { action: 'answer', title: 'Answer' },
        { action: 'decline', title: 'Decline' },
      ],
      data: { callId: m.callId, bookingId: m.bookingId, callerName: m.callerName, ringing: true },
    } as NotificationOptions);
    return;
  }
  const open = await reg.getNotifications({ tag: m.callId });
  const callerName = (open[0]?.data?.callerName as string | null | undefined) ?? null;
  await tell({ type: SW_MESSAGE.ringStopped, callId: m.callId });
  // A push must leave something to see (userVisibleOnly): what happened to the call. Shown with the ring's
  // tag, it replaces the ring in place (closing the ring first could race it: both have the one tag).
  const { title, body } = stoppedWords(m, callerName);
  await reg.showNotification(title, { body, tag: m.callId, silent: true, data: { callId: m.callId, ringing: false } });
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { callId?: string; ringing?: boolean } | null;
  const action = event.action === 'answer' || event.action === 'decline' ? event.action : 'open';
  event.waitUntil(onClick(data?.ringing && data.callId ? action : 'open', data?.callId ?? null));
});

/** Decline goes to the server from here (the app stays closed); answer and open bring the app up. */
async function onClick(action: 'answer' | 'decline' | 'open', callId: string | null) {
  if (action === 'decline' && callId && (await declineOverRest(callId))) return;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const app = windows.find((c) => c.url.startsWith(self.registration.scope));
  if (app) {
    if (callId && action !== 'open') app.postMessage({ type: SW_MESSAGE.action, action, callId });
    await app.focus().catch(() => {});
    return;
  }
  await self.clients.openWindow(pushActionUrl(self.registration.scope, callId ? action : 'open', callId ?? ''));
}

async function declineOverRest(callId: string): Promise<boolean> {
  const session = await readSession();
  return session ? declineRequest(session, callId) : false;
}

self.addEventListener('message', (event) => {
  const m = event.data as { type?: string; session?: PushSession | null } | null;
  if (m?.type === SW_MESSAGE.session) event.waitUntil(writeSession(m.session ?? null));
});

async function writeSession(session: PushSession | null) {
  const cache = await caches.open(SESSION_CACHE);
  if (session) await cache.put(SESSION_KEY, new Response(JSON.stringify(session)));
  else await cache.delete(SESSION_KEY);
}
async function readSession(): Promise<PushSession | null> {
  const res = await (await caches.open(SESSION_CACHE)).match(SESSION_KEY);
  return res ? ((await res.json()) as PushSession) : null;
}

async function tell(message: { type: string; callId: string }) {
  for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage(message);
}
