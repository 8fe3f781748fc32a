import { Notification, Provider } from '@parse/node-apn';
import type { ApnsTarget, PushDelivery, PushOutcome, PushSender } from './sender';
import { visibleMessage } from './sender';

export interface ApnsSettings {
  /** The .p8 signing key (PEM) of the team's APNs auth key. */
  key: string;
  keyId: string;
  teamId: string;
  /** The app's bundle id: VoIP pushes go to `<bundleId>.voip`. */
  bundleId: string;
  production: boolean;
  /** host[:port] instead of Apple's (a proxy, or a test's endpoint). */
  address: string | null;
  ca: string | undefined;
}

/** Apple's reasons that mean the token will never work again. */
const GONE_REASONS = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic']);

/**
 * APNs over HTTP/2 with token (JWT) auth. A ring is a VoIP push (PushKit), which the app must report to CallKit
 * at once; a stop is a background data push to the app's own device token, because iOS ends apps that get a
 * VoIP push they do not report as a call.
 */
export class ApnsSender implements PushSender<ApnsTarget> {
  private readonly provider: Provider;

  constructor(private readonly settings: ApnsSettings) {
    const [host, port] = settings.address ? settings.address.split(':') : [];
    this.provider = new Provider({
      token: { key: settings.key, keyId: settings.keyId, teamId: settings.teamId },
      production: settings.production,
      ...(host ? { address: host } : {}),
      ...(port ? { port: Number(port) } : {}),
      ...(settings.ca ? { ca: [settings.ca] } : {}),
    });
  }

  async send(delivery: PushDelivery<ApnsTarget>): Promise<PushOutcome> {
    const message = visibleMessage(delivery);
    const note = new Notification();
    note.expiry = Math.floor(delivery.expiresAt / 1000);
    if (message.type === 'call_ringing') {
      note.pushType = 'voip';
      note.topic = `${this.settings.bundleId}.voip`;
      note.priority = 10;
    } else {
      note.pushType = 'background';
      note.topic = this.settings.bundleId;
      note.priority = 5;
      note.contentAvailable = true;
    }
    note.collapseId = message.callId;
    note.payload = message;
    const to = message.type === 'call_ringing' ? delivery.target.token : delivery.target.dataToken;
    // No data token: the woken app hears the stop over its socket.
    if (!to) return { result: 'skipped' };
    const { failed } = await this.provider.send(note, to);
    const failure = failed[0];
    if (!failure) return { result: 'sent' };
    const reason = failure.response?.reason ?? failure.error?.message ?? 'unknown';
    if (failure.status === 410 || GONE_REASONS.has(reason)) return { result: 'gone' };
    return { result: 'failed', reason: `apns ${failure.status ?? ''}: ${reason}` };
  }

  async close() {
    await this.provider.shutdown();
  }
}
