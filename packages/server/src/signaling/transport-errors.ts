import type { IncomingMessage, ServerResponse } from 'node:http';
import { envelope, type Refusal, rawResponse } from '../http/client-errors';

/**
 * engine.io refuses a bad transport request itself (unknown sid or transport, a handshake that is not a GET,
 * an old protocol revision) with its own `{code: 3, message}` body, or a text/html 400 on an upgrade. Its
 * `connection_error` event comes just before that reply: answering there with our envelope leaves engine.io
 * a response already sent (it then only ends it) or a socket already ended (it then only destroys it).
 */

// engine.io's Server.errors: 4 is FORBIDDEN (its allowRequest refused); every other one is a malformed request.
const FORBIDDEN = 4;

const MESSAGES: Record<number, string> = {
  0: 'unknown transport',
  1: 'unknown or expired session id',
  2: 'a handshake must be a GET',
  3: 'malformed transport request',
  4: 'the connection was refused',
  5: 'unsupported engine.io protocol revision',
};

type EngineRequest = IncomingMessage & { res?: ServerResponse };
interface ConnectionError {
  req: EngineRequest;
  code: number;
}

/** The part of engine.io's server this needs (engine.io is socket.io's dependency, not ours). */
interface Engine {
  on(event: 'connection_error', listener: (err: ConnectionError) => void): unknown;
}

export function envelopeTransportErrors(engine: Engine): void {
  engine.on('connection_error', ({ req, code }) => {
    const status = code === FORBIDDEN ? 403 : 400;
    const refusal: Refusal = {
      status,
      code: code === FORBIDDEN ? 'forbidden' : 'invalid_payload',
      message: MESSAGES[code] ?? 'malformed transport request',
    };
    const res = req.res;
    if (res) {
      if (res.headersSent) return;
      const body = envelope(refusal);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      // Node itself sends no body on a HEAD.
      res.end(body);
      return;
    }
    // An upgrade: no response object, only the socket.
    if (req.socket.writable) req.socket.end(rawResponse(refusal));
  });
}
