import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http2';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { type Http2Service, type Reply, startHttp2Service } from './http2-service';
import type { TestTls } from './tls';

export interface ReceivedApnsPush {
  token: string;
  pushType: string;
  topic: string;
  priority: number;
  expiration: number;
  collapseId: string | null;
  payload: Record<string, unknown>;
  /** Epoch ms the request arrived (before it was checked). */
  arrivedAt: number;
}

/** Apple's limits: a VoIP push carries at most 5 KB, any other 4 KB (bytes of JSON). */
const MAX_PAYLOAD = { voip: 5120, other: 4096 };

/**
 * A local APNs (HTTP/2, /3/device/<token>) that checks a push as Apple does: the provider JWT (ES256, the
 * team's key id, iss = team, iat within the hour), topic, push type and priority that go together, expiration,
 * payload size; a token marked gone gets 410 Unregistered.
 */
export class LocalApns {
  readonly received: ReceivedApnsPush[] = [];
  readonly refused: { token: string; status: number; reason: string }[] = [];
  readonly gone = new Set<string>();
  /** The team's .p8 key, as a server's APNS_KEY_FILE holds it. */
  readonly signingKeyPem: string;
  private readonly publicKey: KeyObject;

  private constructor(
    private readonly service: Http2Service,
    readonly teamId: string,
    readonly keyId: string,
    readonly bundleId: string,
    keys: { privateKey: KeyObject; publicKey: KeyObject },
  ) {
    this.signingKeyPem = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    this.publicKey = keys.publicKey;
  }

  get address() {
    return this.service.address;
  }

  static async start(tls: TestTls, ids: { teamId: string; keyId: string; bundleId: string }): Promise<LocalApns> {
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    let apns: LocalApns | null = null;
    const service = await startHttp2Service(tls, (path, headers, body, arrivedAt) =>
      (apns as LocalApns).handle(path, headers, body, arrivedAt),
    );
    apns = new LocalApns(service, ids.teamId, ids.keyId, ids.bundleId, keys);
    return apns;
  }

  private async handle(path: string, h: IncomingHttpHeaders, body: Buffer, arrivedAt: number): Promise<Reply> {
    const token = /^\/3\/device\/([0-9a-f]+)$/.exec(path)?.[1] ?? '';
    const refuse = (status: number, reason: string): Reply => {
      this.refused.push({ token, status, reason });
      return { status, body: { reason } };
    };
    if (h[':method'] !== 'POST' || !token) return refuse(404, 'BadPath');
    const bearer = /^bearer (.+)$/.exec(String(h.authorization ?? ''))?.[1];
    if (!bearer) return refuse(403, 'MissingProviderToken');
    try {
      const header = decodeProtectedHeader(bearer);
      if (header.alg !== 'ES256' || header.kid !== this.keyId) return refuse(403, 'InvalidProviderToken');
      const { payload } = await jwtVerify(bearer, this.publicKey, { issuer: this.teamId });
      if (typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > 3600) {
        return refuse(403, 'ExpiredProviderToken');
      }
    } catch {
      return refuse(403, 'InvalidProviderToken');
    }
    const pushType = String(h['apns-push-type'] ?? '');
    const topic = String(h['apns-topic'] ?? '');
    const priority = Number(h['apns-priority'] ?? 10);
    if (pushType === 'voip' && topic !== `${this.bundleId}.voip`) return refuse(400, 'DeviceTokenNotForTopic');
    if (pushType === 'background' && (topic !== this.bundleId || priority !== 5)) return refuse(400, 'BadPriority');
    if (!['voip', 'background', 'alert'].includes(pushType)) return refuse(400, 'InvalidPushType');
    const expiration = Number(h['apns-expiration'] ?? 0);
    if (!Number.isInteger(expiration) || expiration < 0) return refuse(400, 'BadExpirationDate');
    if (body.length > (pushType === 'voip' ? MAX_PAYLOAD.voip : MAX_PAYLOAD.other)) {
      return refuse(413, 'PayloadTooLarge');
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(400, 'PayloadEmpty');
    }
    if (pushType === 'background' && (payload.aps as { 'content-available'?: number })?.['content-available'] !== 1) {
      return refuse(400, 'BadPayload');
    }
    if (this.gone.has(token)) return { status: 410, body: { reason: 'Unregistered', timestamp: Date.now() } };
    this.received.push({
      token,
      pushType,
      topic,
      priority,
      expiration,
      collapseId: (h['apns-collapse-id'] as string | undefined) ?? null,
      payload,
      arrivedAt,
    });
    return { status: 200, headers: { 'apns-id': crypto.randomUUID() } };
  }

  close() {
    return this.service.close();
  }
}
