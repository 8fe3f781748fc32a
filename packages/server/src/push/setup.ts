import type { PushConfig, PushKind } from '@calling/protocol';
import webpush from 'web-push';
import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import type { Queryable } from '../store/db';
import { pushTargetsRepo } from '../store/push-targets';
import { ApnsSender } from './apns-sender';
import { FcmSender } from './fcm-sender';
import { PushRinger } from './ringer';
import type { PushSender } from './sender';
import type { PushSettings } from './settings';
import { WebPushSender } from './web-push-sender';

/** What the rest of the server sees of push: the ringer (null: nothing can be pushed) and what apps may use. */
export interface Push {
  ringer: PushRinger | null;
  config: PushConfig;
  /** Where web push subscriptions may point (null: web push is off). */
  webEndpoints: string[] | null;
}

/** The VAPID key pair: configured, or made by the first node that needed one and kept for every node. */
async function vapidKeys(db: Queryable, configured: { publicKey: string; privateKey: string } | null) {
  if (configured) return configured;
  const made = webpush.generateVAPIDKeys();
  await db.query(
    'insert into web_push_keys (id, public_key, private_key) values (1, $1, $2) on conflict (id) do nothing',
    [made.publicKey, made.privateKey],
  );
  const { rows } = await db.query<{ public_key: string; private_key: string }>(
    'select public_key, private_key from web_push_keys where id = 1',
  );
  const row = rows[0] as { public_key: string; private_key: string };
  return { publicKey: row.public_key, privateKey: row.private_key };
}

/** The push services this server has credentials for. Nothing is sent to one without them. */
export async function createPush(deps: {
  settings: PushSettings;
  db: Queryable;
  logger: Logger;
  metrics: Metrics;
}): Promise<Push> {
  const { settings } = deps;
  const senders: Partial<Record<PushKind, PushSender>> = {};
  let webPushPublicKey: string | null = null;
  if (settings.web.mode === 'auto') {
    const keys = await vapidKeys(deps.db, settings.web.keys);
    webPushPublicKey = keys.publicKey;
    senders.web = new WebPushSender(
      { ...keys, subject: settings.web.subject },
      { ca: settings.ca, timeoutMs: settings.timeoutMs },
    ) as PushSender;
  }
  if (settings.apns) senders.apns = new ApnsSender(settings.apns) as PushSender;
  if (settings.fcm) {
    senders.fcm = new FcmSender({ ...settings.fcm, ca: settings.ca, timeoutMs: settings.timeoutMs }) as PushSender;
  }
  const any = Object.keys(senders).length > 0;
  return {
    ringer: any
      ? new PushRinger({ targets: pushTargetsRepo(deps.db), senders, logger: deps.logger, metrics: deps.metrics })
      : null,
    config: { webPushPublicKey, apns: Boolean(senders.apns), fcm: Boolean(senders.fcm) },
    webEndpoints: settings.web.mode === 'auto' ? settings.web.endpoints : null,
  };
}
