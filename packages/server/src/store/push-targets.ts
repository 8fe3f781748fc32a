import type { PushTarget as PublicPushTarget, PushKind, WebPushSubscription } from '@calling/protocol';
import type { Queryable } from './db';

/** Where one device of a person is woken: a web push subscription, an APNs VoIP token or an FCM token. */
export type PushAddress =
  | { kind: 'web'; subscription: Pick<WebPushSubscription, 'endpoint' | 'keys'> }
  | { kind: 'apns'; token: string; dataToken: string | null }
  | { kind: 'fcm'; token: string };

export type StoredPushTarget = PushAddress & {
  userId: string;
  deviceId: string;
  showCallerName: boolean;
  createdAt: Date;
  updatedAt: Date;
};

interface Row {
  user_id: string;
  device_id: string;
  kind: PushKind;
  address: string;
  web_keys: WebPushSubscription['keys'] | string | null;
  data_address: string | null;
  show_caller_name: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const addressOf = (a: PushAddress) => (a.kind === 'web' ? a.subscription.endpoint : a.token);

function toTarget(r: Row): StoredPushTarget {
  const common = {
    userId: r.user_id,
    deviceId: r.device_id,
    showCallerName: r.show_caller_name,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
  if (r.kind === 'web') {
    const keys = typeof r.web_keys === 'string' ? JSON.parse(r.web_keys) : r.web_keys;
    return { ...common, kind: 'web', subscription: { endpoint: r.address, keys } };
  }
  if (r.kind === 'apns') return { ...common, kind: 'apns', token: r.address, dataToken: r.data_address };
  return { ...common, kind: 'fcm', token: r.address };
}

/** What the target's owner is shown: never the token or the subscription. */
export const toPublicTarget = (t: StoredPushTarget): PublicPushTarget => ({
  deviceId: t.deviceId,
  kind: t.kind,
  showCallerName: t.showCallerName,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const columns = 'user_id, device_id, kind, address, web_keys, data_address, show_caller_name, created_at, updated_at';

/** Push targets per person and device. */
export function pushTargetsRepo(db: Queryable) {
  return {
    /** This device's target, replacing its previous one and taking the address from any other account. */
    async register(userId: string, deviceId: string, address: PushAddress, showCallerName: boolean) {
      const keys = address.kind === 'web' ? JSON.stringify(address.subscription.keys) : null;
      const dataAddress = address.kind === 'apns' ? address.dataToken : null;
      await db.query('delete from push_targets where kind = $1 and address = $2 and (user_id, device_id) <> ($3, $4)', [
        address.kind,
        addressOf(address),
        userId,
        deviceId,
      ]);
      const { rows } = await db.query<Row>(
        `insert into push_targets (user_id, device_id, kind, address, web_keys, data_address, show_caller_name)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (user_id, device_id) do update
           set kind = $3, address = $4, web_keys = $5, data_address = $6, show_caller_name = $7, updated_at = now()
         returning ${columns}`,
        [userId, deviceId, address.kind, addressOf(address), keys, dataAddress, showCallerName],
      );
      return toTarget(rows[0] as Row);
    },
    async remove(userId: string, deviceId: string): Promise<boolean> {
      const { rows } = await db.query('delete from push_targets where user_id = $1 and device_id = $2 returning 1', [
        userId,
        deviceId,
      ]);
      return rows.length > 0;
    },
    /** The push service said this address is gone (404/410, Unregistered): it never wakes anything again. */
    async removeAddress(kind: PushKind, address: string): Promise<void> {
      await db.query('delete from push_targets where kind = $1 and address = $2', [kind, address]);
    },
    async ofUser(userId: string): Promise<StoredPushTarget[]> {
      const { rows } = await db.query<Row>(
        `select ${columns} from push_targets where user_id = $1 order by created_at`,
        [userId],
      );
      return rows.map(toTarget);
    },
  };
}
export type PushTargetsRepo = ReturnType<typeof pushTargetsRepo>;
export { addressOf as pushAddressOf };
