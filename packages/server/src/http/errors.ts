import { CallingError, type ErrorCode, httpStatusOf } from '@calling/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';

/** Every failure becomes `{status:'error', code, message}` with the code's HTTP status. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | CallingError, req, reply) => {
    let code: ErrorCode;
    let message: string;
    if (err instanceof CallingError) {
      code = err.code;
      message = err.message;
    } else if (err.statusCode === 429) {
      code = 'rate_limited';
      message = 'too many requests; slow down';
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own refusals: unparsable JSON, body too large, unsupported media type.
      code = 'invalid_payload';
      message = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body too large' : 'malformed request';
    } else {
      req.log.error({ err: err.message }, 'request failed');
      code = 'internal';
      message = 'internal error';
    }
    const status =
      code === 'invalid_payload' && err instanceof Error && 'statusCode' in err && err.statusCode === 413
        ? 413
        : httpStatusOf[code];
    reply.status(status).send({ status: 'error', code, message });
  });
}
