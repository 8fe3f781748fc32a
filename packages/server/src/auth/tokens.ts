import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CallingError, TokenClaims } from '@calling/protocol';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';

export interface TokenService {
  sign(claims: TokenClaims): Promise<string>;
  /**
   * Verified claims, or a CallingError: 'unauthorized' for a bad or expired token, 'unavailable' when the
   * host's keys cannot be fetched right now (the token may be fine: try again).
   */
  verify(token: string | undefined | null): Promise<TokenClaims>;
}

/**
 * HS256 tokens signed with JWT_SECRET (ours), and, when JWT_JWKS_URL is set, asymmetric tokens issued by
 * the host marketplace, verified against its published keys.
 */
export function createTokenService(opts: {
  secret: string;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  ttlS: number;
}): TokenService {
  const key = new TextEncoder().encode(opts.secret);
  const jwks: JWTVerifyGetKey | null = opts.jwksUrl ? hostKeys(opts.jwksUrl) : null;
  const issuerOpt = opts.issuer ? { issuer: opts.issuer } : {};
  // Every token must expire; a host's tokens must also be meant for us.
  const hostOpts = { ...issuerOpt, requiredClaims: ['exp'], ...(opts.audience ? { audience: opts.audience } : {}) };
  return {
    async sign(claims) {
      const jwt = new SignJWT({ role: claims.role, name: claims.name })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.sub)
        .setIssuedAt()
        .setExpirationTime(`${opts.ttlS}s`);
      if (opts.issuer) jwt.setIssuer(opts.issuer);
      return jwt.sign(key);
    },
    async verify(token) {
      if (!token) throw new CallingError('unauthorized', 'a token is required');
      try {
        const alg = decodeProtectedHeader(token).alg;
        if (alg !== 'HS256' && !jwks) throw new Error('unsupported alg');
        const { payload } =
          alg === 'HS256' || !jwks
            ? await jwtVerify(token, key, { algorithms: ['HS256'], ...issuerOpt, requiredClaims: ['exp'] })
            : await jwtVerify(token, jwks, { algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'], ...hostOpts });
        const claims = TokenClaims.safeParse(payload);
        if (!claims.success) throw new Error('claims');
        return claims.data;
      } catch (err) {
        if (err instanceof KeysUnreachable)
          throw new CallingError('unavailable', 'token keys cannot be fetched now; try again');
        const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
        throw new CallingError('unauthorized', expired ? 'token expired' : 'invalid token');
      }
    },
  };
}

/** The host's key set could not be fetched (timeout, refused, not a JWKS): not the token's fault. */
class KeysUnreachable extends Error {}

/** The host's keys, with a failed fetch told apart from a token whose key is not among them. */
function hostKeys(url: string): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url));
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
      throw new KeysUnreachable((err as Error).message);
    }
  };
}

/** JWT_SECRET if given; otherwise one generated on first start and kept in the data directory. */
export async function resolveJwtSecret(configured: string | null, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = join(dataDir, 'jwt-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {}
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
