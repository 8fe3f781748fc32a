import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http2';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { type Http2Service, type Reply, startHttp2Service } from './http2-service';
import type { TestTls } from './tls';

export interface ReceivedFcmMessage {
  token: string;
  data: Record<string, string>;
  android: { priority?: string; ttl?: string; collapse_key?: string };
  /** Epoch ms the request arrived (before it was checked). */
  arrivedAt: number;
}

/** FCM's limit on a message's data (bytes of keys and values). */
const MAX_DATA_BYTES = 4096;

/**
 * A local FCM HTTP v1 endpoint that checks a send as Google does: the service account's JWT (RS256, its key id,
 * iss = sub = its email, the firebase.messaging scope, not expired), the project, string-only data within
 * 4 KB; a token marked gone gets 404 UNREGISTERED.
 */
export class LocalFcm {
  readonly received: ReceivedFcmMessage[] = [];
  readonly refused: { status: number; reason: string }[] = [];
  readonly gone = new Set<string>();
  /** The service account key file's content, as FCM_SERVICE_ACCOUNT_FILE holds it. */
  readonly serviceAccount: { project_id: string; client_email: string; private_key: string; private_key_id: string };
  private readonly publicKey: KeyObject;

  private constructor(
    private readonly service: Http2Service,
    projectId: string,
    keys: { privateKey: KeyObject; publicKey: KeyObject },
  ) {
    this.serviceAccount = {
      project_id: projectId,
      client_email: `calls@${projectId}.iam.gserviceaccount.com`,
      private_key: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      private_key_id: 'test-key-1',
    };
    this.publicKey = keys.publicKey;
  }

  get origin() {
    return this.service.origin;
  }

  static async start(tls: TestTls, projectId: string): Promise<LocalFcm> {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let fcm: LocalFcm | null = null;
    const service = await startHttp2Service(tls, (path, h, body, arrivedAt) =>
      (fcm as LocalFcm).handle(path, h, body, arrivedAt),
    );
    fcm = new LocalFcm(service, projectId, keys);
    return fcm;
  }

  private async handle(path: string, h: IncomingHttpHeaders, body: Buffer, arrivedAt: number): Promise<Reply> {
    const refuse = (status: number, reason: string): Reply => {
      this.refused.push({ status, reason });
      return { status, body: { error: { code: status, message: reason, status: reason } } };
    };
    if (path !== `/v1/projects/${this.serviceAccount.project_id}/messages:send`) return refuse(404, 'NOT_FOUND');
    const bearer = /^Bearer (.+)$/.exec(String(h.authorization ?? ''))?.[1];
    if (!bearer) return refuse(401, 'UNAUTHENTICATED');
    try {
      const header = decodeProtectedHeader(bearer);
      if (header.alg !== 'RS256' || header.kid !== this.serviceAccount.private_key_id) {
        return refuse(401, 'UNAUTHENTICATED');
      }
      const { payload } = await jwtVerify(bearer, this.publicKey, {
        issuer: this.serviceAccount.client_email,
        subject: this.serviceAccount.client_email,
      });
      const scopes = String(payload.scope ?? '').split(' ');
      if (!scopes.includes('https://www.googleapis.com/auth/firebase.messaging')) {
        return refuse(403, 'PERMISSION_DENIED');
      }
    } catch {
      return refuse(401, 'UNAUTHENTICATED');
    }
    const { message } = JSON.parse(body.toString('utf8')) as {
      message?: { token?: string; data?: Record<string, unknown>; android?: ReceivedFcmMessage['android'] };
    };
    if (!message?.token) return refuse(400, 'INVALID_ARGUMENT');
    const data = message.data ?? {};
    if (Object.values(data).some((v) => typeof v !== 'string')) return refuse(400, 'INVALID_ARGUMENT');
    const size = Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
    if (size > MAX_DATA_BYTES) return refuse(400, 'INVALID_ARGUMENT');
    if (this.gone.has(message.token)) {
      return {
        status: 404,
        body: {
          error: {
            code: 404,
            status: 'NOT_FOUND',
            details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }],
          },
        },
      };
    }
    this.received.push({
      token: message.token,
      data: data as Record<string, string>,
      android: message.android ?? {},
      arrivedAt,
    });
    return { status: 200, body: { name: `projects/${this.serviceAccount.project_id}/messages/${Date.now()}` } };
  }

  close() {
    return this.service.close();
  }
}
