import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, httpStatusOf } from '@calling/protocol';

/**
 * What the HTTP server answers before Fastify sees a request (Node's parser, its timeouts, Expect) is the same
 * envelope as every route's: `{status:'error', code, message}`, with the right status and no body on HEAD.
 */

export type Refusal = { status: number; code: ErrorCode; message: string };

export const envelope = (r: Refusal) => JSON.stringify({ status: 'error', code: r.code, message: r.message });

/** A whole HTTP response written straight to a socket, then the connection closes. */
export function rawResponse(r: Refusal, head = false): string {
  const body = head ? '' : envelope(r);
  const reason = STATUS_TEXT[r.status] ?? 'Error';
  return (
    `HTTP/1.1 ${r.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(envelope(r))}\r\nConnection: close\r\n\r\n${body}`
  );
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  417: 'Expectation Failed',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
};

function refusalFor(err: { code?: string }): Refusal {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: httpStatusOf.request_timeout, code: 'request_timeout', message: 'the request took too long' };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'invalid_payload', message: 'request headers too large' };
  }
  return { status: 400, code: 'invalid_payload', message: 'malformed request' };
}

/** Fastify's clientErrorHandler: a request the parser refused, or one that timed out. */
export function clientErrorReply(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // The parser's packet starts with the request line, when there is one: a HEAD gets the status alone.
  const packet = err.rawPacket;
  const head = Buffer.isBuffer(packet) && packet.subarray(0, 5).toString('latin1') === 'HEAD ';
  if (socket.writable) socket.end(rawResponse(refusalFor(err), head));
  socket.destroySoon?.();
}

/** `Expect` other than 100-continue: 417 with the envelope (Node's own 417 has no body). */
export function answerExpectations(server: Server): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const body = envelope({ status: 417, code: 'invalid_payload', message: 'unsupported Expect header' });
    res.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
