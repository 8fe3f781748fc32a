import { CallingError, type Role, type TokenClaims } from '@calling/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { ApiKey } from '../auth/api-key';
import type { TokenService } from '../auth/tokens';

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B extends Schema, P extends Schema, Q extends Schema> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /**
   * false: public; true: any signed-in account; a role: only that role; 'host': the host marketplace's backend
   * with HOST_API_KEY; 'operator': the operators' dashboard and tools with OPERATOR_API_KEY (never a user's token).
   */
  auth: boolean | Role | 'host' | 'operator';
  body?: B;
  params?: P;
  query?: Q;
  /** Per-route rate limit (requests per minute per IP), e.g. stricter on login. */
  rateLimitPerMin?: number;
  /**
   * For `navigator.sendBeacon`, which can set no header: the token may come as the body's `token`, and a
   * text/plain body is read as JSON.
   */
  beacon?: boolean;
  handler(ctx: {
    body: Out<B>;
    params: Out<P>;
    query: Out<Q>;
    me: TokenClaims;
    req: FastifyRequest;
    reply: FastifyReply;
  }): Promise<unknown>;
}

/** Fastify routes declared with their zod schemas; the handler's value becomes `{status:'success', data}`. */
export function defineRoute<B extends Schema = undefined, P extends Schema = undefined, Q extends Schema = undefined>(
  spec: RouteSpec<B, P, Q>,
) {
  return spec as unknown as RouteSpec<Schema, Schema, Schema>;
}

function parse<S extends Schema>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data as Out<S>;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new CallingError('invalid_payload', `${where}: ${path}${issue?.message ?? 'invalid'}`);
}

function beaconBody(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new CallingError('invalid_payload', 'body: not JSON');
  }
}

export function registerRoutes(
  app: FastifyInstance,
  auth: { tokens: TokenService; hostKey: ApiKey; operatorKey: ApiKey },
  routes: RouteSpec<Schema, Schema, Schema>[],
) {
  for (const spec of routes) {
    const options: RouteOptions = {
      method: spec.method,
      url: spec.url,
      ...(spec.rateLimitPerMin ? { config: { rateLimit: { max: spec.rateLimitPerMin, timeWindow: 60_000 } } } : {}),
      handler: async (req, reply) => {
        let me = undefined as unknown as TokenClaims;
        const body = spec.beacon ? beaconBody(req.body) : req.body;
        const header = req.headers.authorization;
        const bearer = header?.startsWith('Bearer ') ? header.slice(7) : null;
        if (spec.auth === 'host') auth.hostKey.check(bearer);
        else if (spec.auth === 'operator') auth.operatorKey.check(bearer);
        else if (spec.auth) {
          const bodyToken = spec.beacon ? (body as { token?: unknown } | undefined)?.token : undefined;
          const token = bearer ?? (typeof bodyToken === 'string' ? bodyToken : null);
          me = await auth.tokens.verify(token);
          if (spec.auth !== true && me.role !== spec.auth) {
            throw new CallingError('forbidden', `only a ${spec.auth} can do this`);
          }
        }
        const data = await spec.handler({
          body: parse(spec.body, body, 'body'),
          params: parse(spec.params, req.params, 'params'),
          query: parse(spec.query, req.query, 'query'),
          me,
          req,
          reply,
        });
        return { status: 'success', data };
      },
    };
    app.route(options);
  }
}
