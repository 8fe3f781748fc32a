import { type ClientHttp2Session, connect, constants } from 'node:http2';
import { JWT } from 'google-auth-library';
import type { FcmTarget, PushDelivery, PushOutcome, PushSender } from './sender';
import { ttlSeconds, visibleMessage } from './sender';

/** The fields of a Firebase service account's key file that sending needs. */
export interface FcmServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
}
export interface FcmSettings {
  account: FcmServiceAccount;
  /** https://fcm.googleapis.com, or a proxy's or a test's endpoint. */
  endpoint: string;
  ca: string | undefined;
  timeoutMs: number;
  now?: () => number;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * FCM HTTP v1 over HTTP/2. Authorized by google-auth-library with a self-signed service-account JWT scoped to
 * firebase.messaging (Google APIs take it directly: no token exchange on the path of a ring). Both the ring
 * and the stop are high-priority data messages: the app shows its own full-screen call notification.
 */
export class FcmSender implements PushSender<FcmTarget> {
  private readonly auth: JWT;
  private session: ClientHttp2Session | null = null;

  constructor(private readonly settings: FcmSettings) {
    this.auth = new JWT({
      email: settings.account.client_email,
      key: settings.account.private_key,
      keyId: settings.account.private_key_id,
      scopes: [SCOPE],
    });
    this.auth.useJWTAccessWithScope = true;
  }

  async send(delivery: PushDelivery<FcmTarget>): Promise<PushOutcome> {
    const message = visibleMessage(delivery);
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(message)) if (v !== null) data[k] = String(v);
    const now = this.settings.now?.() ?? Date.now();
    const body = JSON.stringify({
      message: {
        token: delivery.target.token,
        data,
        android: { priority: 'high', ttl: `${ttlSeconds(delivery.expiresAt, now)}s`, collapse_key: message.callId },
      },
    });
    const path = `/v1/projects/${encodeURIComponent(this.settings.account.project_id)}/messages:send`;
    try {
      const headers = await this.auth.getRequestHeaders();
      const { status, text } = await this.post(path, body, headers.get('authorization') ?? '');
      if (status === 200) return { result: 'sent' };
      // FCM's UNREGISTERED (404), or a token for another sender/project: it will never be delivered.
      if (status === 404 || /UNREGISTERED|SENDER_ID_MISMATCH/.test(text)) return { result: 'gone' };
      return { result: 'failed', reason: `fcm ${status}: ${text.slice(0, 200)}` };
    } catch (err) {
      return { result: 'failed', reason: `fcm: ${(err as Error).message}` };
    }
  }

  private post(path: string, body: string, authorization: string): Promise<{ status: number; text: string }> {
    const session = this.connection();
    return new Promise((resolve, reject) => {
      const req = session.request({
        [constants.HTTP2_HEADER_METHOD]: 'POST',
        [constants.HTTP2_HEADER_PATH]: path,
        'content-type': 'application/json; charset=utf-8',
        authorization,
      });
      req.setTimeout(this.settings.timeoutMs, () => req.close(constants.NGHTTP2_CANCEL));
      let status = 0;
      let text = '';
      req.setEncoding('utf8');
      req.on('response', (h) => {
        status = Number(h[constants.HTTP2_HEADER_STATUS]);
      });
      req.on('data', (chunk: string) => {
        text += chunk;
      });
      req.on('end', () => (status ? resolve({ status, text }) : reject(new Error('no response (timed out)'))));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** One HTTP/2 connection for every push, opened again when it closed or failed. */
  private connection(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = connect(this.settings.endpoint, this.settings.ca ? { ca: this.settings.ca } : {});
    session.on('error', () => session.destroy());
    session.on('close', () => {
      if (this.session === session) this.session = null;
    });
    session.unref();
    this.session = session;
    return session;
  }

  async close() {
    this.session?.close();
    this.session = null;
  }
}
