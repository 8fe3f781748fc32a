/// <reference path="./http-ece.d.ts" />
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { WebPushSubscription } from '@calling/protocol';
import ece from 'http_ece';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { TestTls } from './tls';

/** A push that the local push service accepted: checked and decrypted, as a browser's push service would. */
export interface ReceivedWebPush {
  subscriptionId: string;
  /** The plaintext, decrypted with the subscription's private key and auth secret (RFC 8291). */
  payload: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  vapid: { aud: string; sub: string; exp: number; publicKey: string };
  /** Epoch ms the request arrived (before it was checked). */
  arrivedAt: number;
}

/** A subscription as a browser makes it, with the private half that only the browser (here: the test) holds. */
export interface TestSubscription {
  id: string;
  subscription: WebPushSubscription;
  /** Base64url of the raw P-256 private key and of the auth secret, for delivering into a browser. */
  privateKey: string;
}

const b64 = (b: Buffer) => b.toString('base64url');

/** The VAPID public key (uncompressed P-256, base64url) as a JWK jose can verify with. */
function vapidJwk(publicKey: string) {
  const raw = Buffer.from(publicKey, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('VAPID key is not an uncompressed P-256 point');
  return { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33)) };
}

/**
 * A local web push service (RFC 8030): each subscription's endpoint is here; a push must carry a valid VAPID
 * JWT for this origin signed by the expected key (RFC 8292) and an aes128gcm body it decrypts (RFC 8291).
 */
export class LocalWebPushService {
  readonly received: ReceivedWebPush[] = [];
  readonly refused: { subscriptionId: string; status: number; why: string }[] = [];
  private readonly subs = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer; gone: boolean }>();
  private waiters: (() => void)[] = [];
  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly expectVapidKey: () => string | null,
  ) {}

  static async start(tls: TestTls, expectVapidKey: () => string | null): Promise<LocalWebPushService> {
    let service: LocalWebPushService | null = null;
    const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      const arrivedAt = Date.now();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void service?.handle(req.url ?? '', req.headers, Buffer.concat(chunks), arrivedAt).then(([status, why]) => {
          res.writeHead(status, { 'content-type': 'text/plain' }).end(why);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    service = new LocalWebPushService(server, `https://127.0.0.1:${port}`, expectVapidKey);
    return service;
  }

  /** A new subscription, as `pushManager.subscribe()` would return it. */
  subscribe(): TestSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const id = b64(randomBytes(12));
    this.subs.set(id, { ecdh, auth, gone: false });
    return {
      id,
      subscription: {
        endpoint: `${this.origin}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: b64(ecdh.getPublicKey()), auth: b64(auth) },
      },
      privateKey: b64(ecdh.getPrivateKey()),
    };
  }

  /** The subscription expired (the browser unsubscribed): its pushes get 410 Gone. */
  expire(id: string) {
    const s = this.subs.get(id);
    if (s) s.gone = true;
  }

  /** Resolves when `count` pushes have been accepted in all (or rejects after timeoutMs). */
  async waitFor(count: number, timeoutMs = 5000): Promise<ReceivedWebPush[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} web pushes, got ${this.received.length}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.received;
  }

  private async handle(
    url: string,
    headers: NodeJS.Dict<string | string[]>,
    body: Buffer,
    arrivedAt: number,
  ): Promise<[number, string]> {
    const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(url)?.[1] ?? '';
    const refuse = (status: number, why: string): [number, string] => {
      this.refused.push({ subscriptionId: id, status, why });
      return [status, why];
    };
    const sub = this.subs.get(id);
    if (!sub) return refuse(404, 'no such subscription');
    if (sub.gone) return refuse(410, 'subscription expired');
    const auth = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(headers.authorization ?? ''));
    if (!auth?.[1] || !auth[2]) return refuse(401, 'no VAPID authorization');
    const [jwt, publicKey] = [auth[1], auth[2]];
    const expected = this.expectVapidKey();
    if (expected && publicKey !== expected) return refuse(403, 'signed with another VAPID key');
    try {
      if (decodeProtectedHeader(jwt).alg !== 'ES256') return refuse(403, 'VAPID JWT is not ES256');
      await jwtVerify(jwt, await importJWK(vapidJwk(publicKey), 'ES256'), { audience: this.origin });
    } catch (err) {
      return refuse(403, `VAPID JWT: ${(err as Error).message}`);
    }
    const claims = decodeJwt(jwt);
    const exp = Number(claims.exp);
    if (!(exp > Date.now() / 1000 && exp <= Date.now() / 1000 + 24 * 3600)) return refuse(403, 'VAPID exp not in 24 h');
    if (!/^(mailto:|https:\/\/)/.test(String(claims.sub))) return refuse(403, 'VAPID sub is not mailto:/https:');
    if (headers['content-encoding'] !== 'aes128gcm') return refuse(415, 'not aes128gcm');
    const ttl = Number(headers.ttl);
    if (!Number.isInteger(ttl) || ttl < 0) return refuse(400, 'no TTL');
    let payload: string;
    try {
      payload = ece
        .decrypt(body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: b64(sub.auth) })
        .toString('utf8');
    } catch (err) {
      return refuse(400, `cannot decrypt: ${(err as Error).message}`);
    }
    this.received.push({
      subscriptionId: id,
      payload,
      ttl,
      urgency: (headers.urgency as string | undefined) ?? null,
      topic: (headers.topic as string | undefined) ?? null,
      vapid: { aud: String(claims.aud), sub: String(claims.sub), exp, publicKey },
      arrivedAt,
    });
    for (const w of this.waiters.splice(0)) w();
    return [201, 'created'];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
