import { CallingError, type ErrorCode, httpStatusOf } from '@calling/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Fastify's own refusals keep their more precise status (body too large, path parameter too long). */
const KEPT_STATUSES = new Set([413, 414]);
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body too large',
  FST_ERR_MAX_PARAM_LENGTH: 'path parameter too long',
  FST_ERR_BAD_URL: 'malformed path',
};

/** Any failure as `{status:'error', code, message}` with the code's HTTP status. */
export function errorReply(err: FastifyError | CallingError, req: FastifyRequest, reply: FastifyReply) {
  let code: ErrorCode;
  let message: string;
  const statusCode = 'statusCode' in err ? err.statusCode : undefined;
  if (err instanceof CallingError) {
    code = err.code;
    message = err.message;
  } else if (statusCode === 429) {
    code = 'rate_limited';
    message = 'too many requests; slow down';
  } else if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals: unparsable JSON, body too large, unsupported media type, bad or overlong path.
    code = 'invalid_payload';
    message = FASTIFY_MESSAGES[err.code] ?? 'malformed request';
  } else {
    req.log.error({ err: err.message }, 'request failed');
    code = 'internal';
    message = 'internal error';
  }
  const status =
    code === 'invalid_payload' && statusCode && KEPT_STATUSES.has(statusCode) ? statusCode : httpStatusOf[code];
  return reply.status(status).send({ status: 'error', code, message });
}

/** Every failure, including those Fastify raises before routing (`frameworkErrors`), goes through errorReply. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(errorReply);
  // Node's own check answers an empty 400; ours is off (requireHostHeader: false) so the envelope goes instead.
  app.addHook('onRequest', async (req) => {
    if (req.raw.httpVersion === '1.1' && !req.headers.host) {
      throw new CallingError('invalid_payload', 'a Host header is required');
    }
  });
}
