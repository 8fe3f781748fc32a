import { Agent } from 'node:https';
import webpush, { WebPushError } from 'web-push';
import type { PushOutcome, PushSender, WebTarget } from './sender';
import { ttlSeconds, visibleMessage } from './sender';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: address the push service can reach the operator at (RFC 8292). */
  subject: string;
}

/**
 * Web push (RFC 8030) with VAPID (RFC 8292), the payload encrypted to the subscription's keys (RFC 8291,
 * aes128gcm): the push service carries it without being able to read it.
 */
export class WebPushSender implements PushSender<WebTarget> {
  private readonly agent: Agent | undefined;

  constructor(
    private readonly vapid: VapidKeys,
    private readonly opts: { ca?: string | undefined; timeoutMs: number; now?: () => number },
  ) {
    this.agent = opts.ca ? new Agent({ ca: opts.ca, keepAlive: true }) : undefined;
  }

  async send({ target, message, expiresAt }: Parameters<PushSender<WebTarget>['send']>[0]): Promise<PushOutcome> {
    const now = this.opts.now?.() ?? Date.now();
    try {
      await webpush.sendNotification(
        target.subscription,
        JSON.stringify(visibleMessage({ target, message, expiresAt })),
        {
          vapidDetails: this.vapid,
          TTL: ttlSeconds(expiresAt, now),
          urgency: 'high',
          // A stop replaces a ring of the same call still waiting in the push service (RFC 8030 topic, <= 32).
          topic: message.callId.replaceAll('-', ''),
          contentEncoding: 'aes128gcm',
          timeout: this.opts.timeoutMs,
          ...(this.agent ? { agent: this.agent } : {}),
        },
      );
      return { result: 'sent' };
    } catch (err) {
      if (err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410)) return { result: 'gone' };
      const status = err instanceof WebPushError ? ` ${err.statusCode}` : '';
      return { result: 'failed', reason: `web push${status}: ${(err as Error).message}` };
    }
  }

  async close() {
    this.agent?.destroy();
  }
}
