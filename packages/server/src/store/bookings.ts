import { randomUUID } from 'node:crypto';
import { type Booking, type BookingStatus, CALLABLE_BOOKING_STATUSES } from '@calling/protocol';
import type { Queryable } from './db';

export interface BookingRow {
  id: string;
  user_id: string;
  provider_id: string;
  service_name: string;
  status: BookingStatus;
  created_at: Date;
  updated_at: Date;
  user_name: string;
  provider_name: string;
}

const SELECT = `select b.*, u.name as user_name, p.name as provider_name
  from bookings b join users u on u.id = b.user_id join users p on p.id = b.provider_id`;

/** A booking as `viewerId` (one of its parties) sees it. */
export function toBooking(row: BookingRow, viewerId: string): Booking {
  const viewerIsUser = viewerId === row.user_id;
  return {
    id: row.id,
    userId: row.user_id,
    providerId: row.provider_id,
    userName: row.user_name,
    providerName: row.provider_name,
    otherPartyId: viewerIsUser ? row.provider_id : row.user_id,
    otherPartyName: viewerIsUser ? row.provider_name : row.user_name,
    serviceName: row.service_name,
    status: row.status,
    callable: CALLABLE_BOOKING_STATUSES.includes(row.status),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function bookingsRepo(db: Queryable) {
  return {
    async create(b: { userId: string; providerId: string; serviceName: string; status?: BookingStatus }) {
      const id = randomUUID();
      await db.query('insert into bookings (id, user_id, provider_id, service_name, status) values ($1,$2,$3,$4,$5)', [
        id,
        b.userId,
        b.providerId,
        b.serviceName,
        b.status ?? 'pending',
      ]);
      return id;
    },
    async byId(id: string): Promise<BookingRow | null> {
      return (await db.query<BookingRow>(`${SELECT} where b.id = $1`, [id])).rows[0] ?? null;
    },
    async forParty(userId: string): Promise<BookingRow[]> {
      return (
        await db.query<BookingRow>(`${SELECT} where b.user_id = $1 or b.provider_id = $1 order by b.created_at desc`, [
          userId,
        ])
      ).rows;
    },
    /** Compare-and-set, so two concurrent actions cannot both pass the transition check. */
    async setStatus(id: string, from: BookingStatus, to: BookingStatus): Promise<boolean> {
      const { rows } = await db.query(
        'update bookings set status = $3, updated_at = now() where id = $1 and status = $2 returning id',
        [id, from, to],
      );
      return rows.length === 1;
    },
  };
}
export type BookingsRepo = ReturnType<typeof bookingsRepo>;
