import {
  type Ack,
  CallingError,
  type ClientAckResults,
  type ClientEventName,
  clientEventSchemas,
} from '@calling/protocol';
import type { z } from 'zod';
import type { HandlerContext } from './context';

export interface EventHandler<E extends ClientEventName = ClientEventName> {
  event: E;
  /** Parses a raw payload with the event's schema (or throws `invalid_payload`); the result runs the handler. */
  prepare(raw: unknown): (ctx: HandlerContext) => Promise<ClientAckResults[E]>;
}

/** A handler per client event, each with its payload parsed by the protocol's schema before it runs. */
export function defineHandler<E extends ClientEventName>(
  event: E,
  run: (payload: z.output<(typeof clientEventSchemas)[E]>, ctx: HandlerContext) => Promise<ClientAckResults[E]>,
): EventHandler<E> {
  return {
    event,
    prepare(raw) {
      const payload = parsePayload(event, raw);
      return (ctx) => run(payload, ctx);
    },
  };
}

export function parsePayload<E extends ClientEventName>(event: E, raw: unknown) {
  const parsed = clientEventSchemas[event].safeParse(raw);
  if (parsed.success) return parsed.data as z.output<(typeof clientEventSchemas)[E]>;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new CallingError('invalid_payload', `${event}: ${where}${issue?.message ?? 'invalid payload'}`);
}

export function errorAck(err: unknown): Ack {
  if (err instanceof CallingError) return { ok: false, error: err.toBody() };
  return { ok: false, error: { code: 'internal', message: 'internal error' } };
}
