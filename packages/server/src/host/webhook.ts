import { randomUUID } from 'node:crypto';
import { CallingError } from '@calling/protocol';
import { Webhook } from 'standardwebhooks';

/** Where the host marketplace's backend hears from this server, and the secret it checks our signature with. */
export interface HostWebhookConfig {
  url: string;
  /** Standard Webhooks secret (`whsec_` + base64), shared with the host. */
  secret: string;
  timeoutMs: number;
}

/** What a host's backend receives: one envelope for every event type. */
export interface HostEvent<T extends string = string, D = unknown> {
  type: T;
  timestamp: string;
  data: D;
}

export interface HostWebhook {
  /**
   * Delivers one event and resolves once the host answered 2xx; `unavailable` when it did not. `id` is the
   * webhook-id, the same on every attempt of one event, so the host can drop a repeat.
   */
  deliver<T extends string, D>(type: T, data: D, id?: string): Promise<void>;
}

/**
 * Posts events to the host signed by the Standard Webhooks scheme (webhook-id, webhook-timestamp and
 * webhook-signature headers), so a host verifies them with that project's library in any language and
 * refuses replays by id and timestamp.
 */
export function hostWebhook(config: HostWebhookConfig): HostWebhook {
  const signer = new Webhook(config.secret);
  return {
    async deliver(type, data, id = `msg_${randomUUID()}`) {
      const at = new Date();
      const body = JSON.stringify({ type, timestamp: at.toISOString(), data } satisfies HostEvent);
      let status: number;
      try {
        const res = await fetch(config.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signer.sign(id, at, body),
          },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        status = res.status;
        await res.body?.cancel();
      } catch {
        throw new CallingError('unavailable', 'the marketplace could not be reached; try again');
      }
      if (status < 200 || status > 299) {
        throw new CallingError('unavailable', 'the marketplace did not take the message; try again');
      }
    },
  };
}
