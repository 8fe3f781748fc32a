import {
  type BookingStatus,
  CALLABLE_BOOKING_STATUSES,
  CallingError,
  HostBookingBody,
  HostBookingStatusBody,
  HostIdParams,
  HostUserBody,
} from '@calling/protocol';
import type { BookingRecord } from '../../store/bookings';
import type { Account } from '../../store/users';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

const hostUser = (a: Account) => ({ id: a.id, name: a.name, role: a.role, serviceName: a.serviceName });
const hostBooking = (b: BookingRecord) => ({
  id: b.id,
  userId: b.userId,
  providerId: b.providerId,
  serviceName: b.serviceName,
  status: b.status,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
});

/**
 * The provisioning API: the host's backend upserts its users and bookings and moves bookings, all idempotent
 * (a repeated request changes nothing more, and tells nobody). A booking that stops being callable ends its live
 * call as `not_permitted`, as when a party closes it here; its parties hear of each change (`booking:changed`),
 * a rename of either party too, on the bookings not over yet.
 */
export const hostRoutes = ({ users, bookings, calls, bookingNews }: HttpDeps) => {
  async function closedIfNotCallable(bookingId: string, status: BookingStatus) {
    if (!CALLABLE_BOOKING_STATUSES.includes(status)) await calls.bookingClosed(bookingId, null);
  }
  async function booking(id: string, changed: boolean) {
    const b = await bookings.byId(id);
    if (!b) throw new CallingError('not_found', 'no such booking');
    if (changed) bookingNews.told(b);
    return hostBooking(b);
  }
  return [
    defineRoute({
      method: 'PUT',
      url: '/api/host/users/:id',
      auth: 'host',
      params: HostIdParams,
      body: HostUserBody,
      async handler({ params, body, reply }) {
        const result = await users.upsertFromHost({
          id: params.id,
          name: body.name,
          role: body.role,
          serviceName: body.role === 'provider' ? (body.serviceName ?? null) : null,
        });
        if (result === 'role_changed') {
          throw new CallingError('conflict', 'this user exists with the other role; a role never changes');
        }
        // The other party of each open booking sees this person's name on it: their screens follow.
        if (result.renamed) for (const b of await bookings.openOf(params.id)) bookingNews.told(b);
        reply.status(result.created ? 201 : 200);
        return hostUser(result.account);
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/host/users/:id',
      auth: 'host',
      params: HostIdParams,
      async handler({ params, reply }) {
        // Their open bookings are cancelled first, so no call can start on one after the account is gone.
        for (const bookingId of await bookings.cancelOpenOf(params.id)) {
          await calls.bookingClosed(bookingId, null);
          await bookingNews.changed(bookingId);
        }
        if (!(await users.markDeleted(params.id))) throw new CallingError('not_found', 'no such user');
        reply.status(204);
        return undefined;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/host/bookings/:id',
      auth: 'host',
      params: HostIdParams,
      body: HostBookingBody,
      async handler({ params, body, reply }) {
        const [customer, provider] = await Promise.all([users.byId(body.userId), users.byId(body.providerId)]);
        if (customer?.role !== 'user') throw new CallingError('not_found', 'userId: no such customer');
        if (provider?.role !== 'provider') throw new CallingError('not_found', 'providerId: no such provider');
        const result = await bookings.upsertFromHost({ id: params.id, ...body });
        if (result === 'parties_changed') {
          throw new CallingError(
            'conflict',
            "this booking exists with other parties; a booking's parties never change",
          );
        }
        await closedIfNotCallable(params.id, body.status);
        reply.status(result.created ? 201 : 200);
        return booking(params.id, result.changed);
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/host/bookings/:id',
      auth: 'host',
      params: HostIdParams,
      body: HostBookingStatusBody,
      async handler({ params, body }) {
        const result = await bookings.setStatusFromHost(params.id, body.status);
        if (!result) throw new CallingError('not_found', 'no such booking');
        await closedIfNotCallable(params.id, body.status);
        return booking(params.id, result.changed);
      },
    }),
  ];
};
