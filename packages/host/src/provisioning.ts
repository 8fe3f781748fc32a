import {
  type BookingStatus,
  ErrorResponse,
  HostBooking,
  type HostBookingBody,
  HostUser,
  type HostUserBody,
} from '@calling/protocol';
import type { z } from 'zod';

/** A refusal by the calling server's provisioning API, with its stable error code. */
export class HostApiError extends Error {
  constructor(
    readonly code: ErrorResponse['code'],
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'HostApiError';
  }
}

export interface HostClientOptions {
  /** The calling server, e.g. https://calls.example.com */
  baseUrl: string;
  /** The server's HOST_API_KEY. Keep it on the host's backend only. */
  apiKey: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/**
 * The host backend's typed client of the provisioning API (docs/API.md): every request idempotent, every
 * answer checked against the protocol's schema.
 */
export function createHostClient(opts: HostClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  async function send<S extends z.ZodType>(method: string, path: string, schema: S | null, body?: unknown) {
    const res = await fetch(`${base}/api/host${path}`, {
      method,
      headers: {
        authorization: `Bearer ${opts.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const error = ErrorResponse.safeParse(json);
      if (error.success) throw new HostApiError(error.data.code, res.status, error.data.message);
      throw new HostApiError('internal', res.status, `unexpected answer ${res.status}`);
    }
    return (schema ? schema.parse((json as { data: unknown }).data) : undefined) as S extends z.ZodType
      ? z.output<S>
      : undefined;
  }
  const id = (value: string) => encodeURIComponent(value);
  return {
    upsertUser: (userId: string, user: HostUserBody) => send('PUT', `/users/${id(userId)}`, HostUser, user),
    deleteUser: (userId: string) => send('DELETE', `/users/${id(userId)}`, null),
    upsertBooking: (bookingId: string, booking: HostBookingBody) =>
      send('PUT', `/bookings/${id(bookingId)}`, HostBooking, booking),
    setBookingStatus: (bookingId: string, status: BookingStatus) =>
      send('PATCH', `/bookings/${id(bookingId)}`, HostBooking, { status }),
  };
}
export type HostClient = ReturnType<typeof createHostClient>;
