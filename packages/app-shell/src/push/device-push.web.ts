import type { PushConfig } from '@calling/protocol';
import { pushActionFromUrl } from './ring-words';
import type { DevicePush, PushAction, PushSetup, PushState } from './types';
import { type PushSession, SW_MESSAGE } from './web/sw-messages';

/** The app's own folder (/user/, /provider/): the service worker's script and scope. */
function appBase(): string {
  const base = process.env.EXPO_BASE_URL ?? '';
  return `${globalThis.location.origin}${base.replace(/\/$/, '')}/`;
}

const hasPush = () =>
  typeof navigator !== 'undefined' &&
  'serviceWorker' in navigator &&
  typeof globalThis.PushManager !== 'undefined' &&
  typeof globalThis.Notification !== 'undefined';

const listeners = new Set<(a: PushAction) => void>();
/** An action that came before anyone listened (the URL the app was opened with): kept for the first listener. */
let pending: PushAction | null = null;

function emit(action: PushAction) {
  if (listeners.size === 0) pending = action;
  for (const l of listeners) l(action);
}

/**
 * The URL carries a one-time choice, and the app's router keeps the URL it started with: a reload of this tab
 * must not answer again, so the tab remembers the call whose choice it took.
 */
const TAKEN_KEY = 'calling.push.takenCall';
function rememberTaken(callId: string) {
  globalThis.sessionStorage?.setItem(TAKEN_KEY, callId);
}
const takenBefore = (callId: string) => globalThis.sessionStorage?.getItem(TAKEN_KEY) === callId;

if (typeof window !== 'undefined' && hasPush()) {
  const opened = pushActionFromUrl(window.location.href);
  pending = opened && !takenBefore(opened.callId) ? opened : null;
  navigator.serviceWorker.addEventListener('message', (event) => {
    const m = event.data as { type?: string; action?: 'answer' | 'decline'; callId?: string } | null;
    if (m?.type === SW_MESSAGE.action && m.action && m.callId) emit({ action: m.action, callId: m.callId });
  });
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const base = appBase();
  const reg = await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
  await navigator.serviceWorker.ready;
  return reg;
}

async function tellWorker(reg: ServiceWorkerRegistration, session: PushSession | null) {
  const worker = reg.active ?? reg.waiting ?? reg.installing;
  worker?.postMessage({ type: SW_MESSAGE.session, session });
}

const sessionOf = (setup: PushSetup): PushSession => ({
  serverUrl: setup.serverUrl,
  token: setup.token,
  deviceId: setup.deviceId,
});

/** Web push through the app's service worker: rings in the notification area while no tab has the app. */
export const devicePush: DevicePush = {
  supported: (config: PushConfig) => hasPush() && config.webPushPublicKey !== null,

  async state(setup) {
    if (!devicePush.supported(setup.config)) return 'unsupported';
    if (Notification.permission === 'denied') return 'denied';
    const reg = await navigator.serviceWorker.getRegistration(appBase());
    const subscription = await reg?.pushManager.getSubscription();
    if (!reg || !subscription || Notification.permission !== 'granted') return 'off';
    // The session the worker declines with follows the token the app holds now.
    await tellWorker(reg, sessionOf(setup));
    return 'on';
  },

  async enable(setup): Promise<PushState> {
    if (!devicePush.supported(setup.config) || !setup.config.webPushPublicKey) return 'unsupported';
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
    const reg = await registration();
    const subscription =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: setup.config.webPushPublicKey }));
    const json = subscription.toJSON();
    await setup.api.registerPushTarget(setup.deviceId, {
      kind: 'web',
      subscription: {
        endpoint: json.endpoint ?? '',
        keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
      },
      showCallerName: setup.showCallerName,
    });
    await tellWorker(reg, sessionOf(setup));
    return 'on';
  },

  async disable(setup) {
    await setup.api.removePushTarget(setup.deviceId).catch(() => {});
    const reg = await navigator.serviceWorker.getRegistration(appBase());
    if (!reg) return;
    await tellWorker(reg, null);
    await (await reg.pushManager.getSubscription())?.unsubscribe();
  },

  onAction(listener) {
    listeners.add(listener);
    if (pending) {
      const first = pending;
      pending = null;
      rememberTaken(first.callId);
      listener(first);
    }
    return () => listeners.delete(listener);
  },

  dismiss(callId) {
    if (!hasPush()) return;
    void navigator.serviceWorker.getRegistration(appBase()).then(async (reg) => {
      for (const n of (await reg?.getNotifications({ tag: callId })) ?? []) n.close();
    });
  },
};
