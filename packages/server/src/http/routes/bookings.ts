import {
  BookingActionParams,
  BookingParams,
  CALLABLE_BOOKING_STATUSES,
  CallingError,
  CreateBookingBody,
} from '@calling/protocol';
import { sideOf } from '../../bookings/parties';
import { bookingMove } from '../../bookings/transitions';
import { toBooking } from '../../store/bookings';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

export const bookingRoutes = ({ users, bookings, calls, bookingNews }: HttpDeps) => {
  /** A booking only its two parties may see; strangers get not_found, not a hint that it exists. */
  async function ownBooking(id: string, personId: string) {
    const b = await bookings.byId(id);
    const side = b && sideOf(b, personId);
    if (!b || !side) throw new CallingError('not_found', 'no such booking');
    return { booking: b, side };
  }
  return [
    defineRoute({
      method: 'GET',
      url: '/api/providers',
      auth: true,
      async handler() {
        return (await users.providers()).map((p) => ({ id: p.id, name: p.name, serviceName: p.serviceName ?? '' }));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/bookings',
      auth: 'user',
      body: CreateBookingBody,
      async handler({ me, body, reply }) {
        // The account must really be a customer, whatever the token's role claim says.
        if ((await users.byId(me.sub))?.role !== 'user') throw new CallingError('forbidden', 'only a user can book');
        const provider = await users.byId(body.providerId);
        if (provider?.role !== 'provider') throw new CallingError('not_found', 'no such provider');
        const id = await bookings.create({ userId: me.sub, providerId: provider.id, serviceName: body.serviceName });
        const { booking } = await ownBooking(id, me.sub);
        bookingNews.told(booking);
        reply.status(201);
        return toBooking(booking, me.sub);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/bookings',
      auth: true,
      async handler({ me }) {
        return (await bookings.forParty(me.sub)).map((b) => toBooking(b, me.sub));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/bookings/:id',
      auth: true,
      params: BookingParams,
      async handler({ me, params }) {
        return toBooking((await ownBooking(params.id, me.sub)).booking, me.sub);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/bookings/:id/:action',
      auth: true,
      params: BookingActionParams,
      async handler({ me, params }) {
        // The side comes from the booking, not the token: a token's role claim alone moves nothing.
        const { booking: b, side } = await ownBooking(params.id, me.sub);
        if (side !== me.role)
          throw new CallingError('forbidden', 'token role does not match your side of this booking');
        const move = bookingMove(params.action, b.status, side);
        if (!move.ok) throw new CallingError(move.code, move.message);
        if (!(await bookings.setStatus(b.id, move.from, move.to))) {
          throw new CallingError('conflict', 'the booking changed meanwhile; reload it');
        }
        if (!CALLABLE_BOOKING_STATUSES.includes(move.to)) await calls.bookingClosed(b.id, me.sub);
        const { booking: moved } = await ownBooking(b.id, me.sub);
        bookingNews.told(moved);
        return toBooking(moved, me.sub);
      },
    }),
  ];
};
