import { createHmac } from 'node:crypto';
import type { IceServer } from '@calling/protocol';

export interface IceConfig {
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | null;
  turnTtlS: number;
}

/**
 * coturn's TURN REST API scheme (use-auth-secret): username `<unix-expiry>:<userId>`,
 * credential base64(HMAC-SHA1(secret, username)). Short-lived, so a leaked one soon stops working.
 */
export function turnCredential(secret: string, userId: string, expiresAtS: number) {
  const username = `${expiresAtS}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

export function iceServersFor(
  cfg: IceConfig,
  userId: string,
  nowMs: number,
): { iceServers: IceServer[]; ttlSeconds: number | null } {
  const iceServers: IceServer[] = cfg.stunUrls.length ? [{ urls: cfg.stunUrls }] : [];
  if (cfg.turnUrls.length && cfg.turnSecret) {
    const expiresAtS = Math.floor(nowMs / 1000) + cfg.turnTtlS;
    iceServers.push({ urls: cfg.turnUrls, ...turnCredential(cfg.turnSecret, userId, expiresAtS) });
    return { iceServers, ttlSeconds: cfg.turnTtlS };
  }
  return { iceServers, ttlSeconds: null };
}

export const turnConfigured = (cfg: IceConfig) => cfg.turnUrls.length > 0 && cfg.turnSecret !== null;
