import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ApnsSettings } from './apns-sender';
import type { FcmServiceAccount } from './fcm-sender';

/** The push services' environment variables (README, "Push ringing"). */
export const pushEnv = {
  /** off: no web push at all. auto: VAPID_* if set, else a key pair made once and kept in the database. */
  WEB_PUSH: z.enum(['auto', 'off']).default('auto'),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT: a mailto: or https:// address')
    .default('mailto:calls@example.invalid'),
  /** Origins a subscription's endpoint may be on (the browsers' push services); anything else is refused. */
  WEB_PUSH_ENDPOINTS: z.string().optional(),
  APNS_KEY_FILE: z.string().optional(),
  APNS_KEY_ID: z.string().optional(),
  APNS_TEAM_ID: z.string().optional(),
  APNS_BUNDLE_ID: z.string().optional(),
  APNS_ENV: z.enum(['production', 'sandbox']).default('production'),
  APNS_ADDRESS: z.string().optional(),
  FCM_SERVICE_ACCOUNT_FILE: z.string().optional(),
  FCM_ENDPOINT: z.url().default('https://fcm.googleapis.com'),
  /** An extra CA the push services' TLS certificates are checked against (a proxy's). */
  PUSH_CA_FILE: z.string().optional(),
  PUSH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
};

/** Chrome (FCM), Firefox (Mozilla autopush), Edge (WNS) and Safari (Apple). */
const KNOWN_PUSH_SERVICES = [
  'https://fcm.googleapis.com',
  'https://updates.push.services.mozilla.com',
  'https://*.notify.windows.com',
  'https://web.push.apple.com',
];

export interface PushSettings {
  web:
    | { mode: 'off' }
    | { mode: 'auto'; keys: { publicKey: string; privateKey: string } | null; subject: string; endpoints: string[] };
  apns: ApnsSettings | null;
  fcm: { account: FcmServiceAccount; endpoint: string } | null;
  ca: string | undefined;
  timeoutMs: number;
}

const PushEnv = z.object(pushEnv);
type PushEnv = z.output<typeof PushEnv>;

export function pushSettings(e: PushEnv): PushSettings {
  const ca = e.PUSH_CA_FILE ? readFileSync(e.PUSH_CA_FILE, 'utf8') : undefined;
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    throw new Error('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together');
  }
  const web: PushSettings['web'] =
    e.WEB_PUSH === 'off'
      ? { mode: 'off' }
      : {
          mode: 'auto',
          keys:
            e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
              ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
              : null,
          subject: e.VAPID_SUBJECT,
          endpoints: e.WEB_PUSH_ENDPOINTS
            ? e.WEB_PUSH_ENDPOINTS.split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : KNOWN_PUSH_SERVICES,
        };
  const apnsParts = [e.APNS_KEY_FILE, e.APNS_KEY_ID, e.APNS_TEAM_ID, e.APNS_BUNDLE_ID];
  if (apnsParts.some(Boolean) && !apnsParts.every(Boolean)) {
    throw new Error('APNs needs all of APNS_KEY_FILE, APNS_KEY_ID, APNS_TEAM_ID and APNS_BUNDLE_ID');
  }
  const apns =
    e.APNS_KEY_FILE && e.APNS_KEY_ID && e.APNS_TEAM_ID && e.APNS_BUNDLE_ID
      ? {
          key: readFileSync(e.APNS_KEY_FILE, 'utf8'),
          keyId: e.APNS_KEY_ID,
          teamId: e.APNS_TEAM_ID,
          bundleId: e.APNS_BUNDLE_ID,
          production: e.APNS_ENV === 'production',
          address: e.APNS_ADDRESS ?? null,
          ca,
        }
      : null;
  const fcm = e.FCM_SERVICE_ACCOUNT_FILE
    ? { account: serviceAccount(e.FCM_SERVICE_ACCOUNT_FILE), endpoint: e.FCM_ENDPOINT }
    : null;
  return { web, apns, fcm, ca, timeoutMs: e.PUSH_TIMEOUT_MS };
}

const ServiceAccount = z.object({
  project_id: z.string().min(1),
  client_email: z.string().min(3),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
});

function serviceAccount(file: string): FcmServiceAccount {
  const parsed = ServiceAccount.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`FCM_SERVICE_ACCOUNT_FILE: not a service account key (${parsed.error.message})`);
  return parsed.data;
}

/** Whether a web push endpoint is on an allowed push service (`*.` matches one or more subdomains). */
export function allowedEndpoint(endpoint: string, allowed: string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return allowed.some((pattern) => {
    const p = new URL(pattern.replace('*.', 'wildcard.'));
    if (p.protocol !== url.protocol || p.port !== url.port) return false;
    if (!pattern.includes('*.')) return p.hostname === url.hostname;
    return url.hostname.endsWith(p.hostname.slice('wildcard'.length));
  });
}
