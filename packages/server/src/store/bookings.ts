import { randomUUID } from 'node:crypto';
import { type Booking, type BookingStatus, CALLABLE_BOOKING_STATUSES, OPEN_BOOKING_STATUSES } from '@calling/protocol';
import { type BookingParties, sideOf } from '../bookings/parties';
import type { Queryable } from './db';
import { GroupCommit } from './group-commit';

/** A booking as the server knows it, with its two parties' display names. */
export interface BookingRecord extends BookingParties {
  id: string;
  serviceName: string;
  status: BookingStatus;
  userName: string;
  providerName: string;
  /** Each party's "hide my IP address" setting: a call on this booking is relayed if either asks. */
  userRelayOnly: boolean;
  providerRelayOnly: boolean;
  createdAt: Date;
  updatedAt: Date;
}
interface BookingRow {
  id: string;
  user_id: string;
  provider_id: string;
  service_name: string;
  status: BookingStatus;
  created_at: Date;
  updated_at: Date;
  user_name: string;
  provider_name: string;
  user_relay_only: boolean;
  provider_relay_only: boolean;
}
const toRecord = (r: BookingRow): BookingRecord => ({
  id: r.id,
  userId: r.user_id,
  providerId: r.provider_id,
  serviceName: r.service_name,
  status: r.status,
  userName: r.user_name,
  providerName: r.provider_name,
  userRelayOnly: r.user_relay_only,
  providerRelayOnly: r.provider_relay_only,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT = `select b.*, u.name as user_name, p.name as provider_name,
    u.relay_only as user_relay_only, p.relay_only as provider_relay_only
  from bookings b join users u on u.id = b.user_id join users p on p.id = b.provider_id`;

/** A booking as `viewerId` (one of its parties) sees it. */
export function toBooking(b: BookingRecord, viewerId: string): Booking {
  const viewerIsUser = sideOf(b, viewerId) === 'user';
  return {
    id: b.id,
    userId: b.userId,
    providerId: b.providerId,
    userName: b.userName,
    providerName: b.providerName,
    otherPartyId: viewerIsUser ? b.providerId : b.userId,
    otherPartyName: viewerIsUser ? b.providerName : b.userName,
    serviceName: b.serviceName,
    status: b.status,
    callable: CALLABLE_BOOKING_STATUSES.includes(b.status),
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function bookingsRepo(db: Queryable) {
  // Every call:initiate reads its booking: under load many such reads share one statement.
  const reads = new GroupCommit<string, BookingRecord | null>(async (ids) => {
    // One malformed id must not fail the others' statement: it simply matches nothing.
    const valid = ids.filter((id) => UUID.test(id));
    const { rows } = valid.length
      ? await db.query<BookingRow>(`${SELECT} where b.id = any($1::uuid[])`, [valid])
      : { rows: [] };
    const found = new Map(rows.map((r) => [r.id, toRecord(r)]));
    return ids.map((id) => found.get(id) ?? null);
  });
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
    byId: (id: string): Promise<BookingRecord | null> => reads.run(id),
    async forParty(personId: string): Promise<BookingRecord[]> {
      const { rows } = await db.query<BookingRow>(
        `${SELECT} where b.user_id = $1 or b.provider_id = $1 order by b.created_at desc`,
        [personId],
      );
      return rows.map(toRecord);
    },
    /**
     * The host's booking as it says (its parties never change once set): 'parties_changed' when the id
     * exists with other parties. The host's status is the truth, whatever our own transition rules say.
     * `changed`: created, or its status or service differ from before (a repeated request changes nothing).
     */
    async upsertFromHost(b: {
      id: string;
      userId: string;
      providerId: string;
      serviceName: string;
      status: BookingStatus;
    }): Promise<{ created: boolean; changed: boolean } | 'parties_changed'> {
      // now() is the statement's own time: a row it touched has it as updated_at, an unchanged row an older one.
      const { rows } = await db.query<{ created: boolean; changed: boolean }>(
        `insert into bookings (id, user_id, provider_id, service_name, status) values ($1,$2,$3,$4,$5)
         on conflict (id) do update set service_name = $4, status = $5,
           updated_at = case when bookings.status = $5 and bookings.service_name = $4 then bookings.updated_at
                        else now() end
           where bookings.user_id = $2 and bookings.provider_id = $3
         returning (xmax = 0) as created, (updated_at = now()) as changed`,
        [b.id, b.userId, b.providerId, b.serviceName, b.status],
      );
      const row = rows[0];
      return row ? { created: row.created, changed: row.changed } : 'parties_changed';
    },
    /** The host moved a booking; null when there is no such booking, `changed` false when it was so already. */
    async setStatusFromHost(id: string, status: BookingStatus): Promise<{ changed: boolean } | null> {
      const { rows } = await db.query<{ changed: boolean }>(
        `update bookings set status = $2, updated_at = case when status = $2 then updated_at else now() end
         where id = $1 returning (updated_at = now()) as changed`,
        [id, status],
      );
      return rows[0] ?? null;
    },
    /** Cancels every booking of this person that is not over yet; their ids. */
    async cancelOpenOf(personId: string): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `update bookings set status = 'cancelled', updated_at = now()
         where (user_id = $1 or provider_id = $1) and status = any($2::text[]) returning id`,
        [personId, OPEN_BOOKING_STATUSES],
      );
      return rows.map((r) => r.id);
    },
    /** This person's bookings that are not over yet, newest first. */
    async openOf(personId: string): Promise<BookingRecord[]> {
      const { rows } = await db.query<BookingRow>(
        `${SELECT} where (b.user_id = $1 or b.provider_id = $1) and b.status = any($2::text[])
         order by b.created_at desc`,
        [personId, OPEN_BOOKING_STATUSES],
      );
      return rows.map(toRecord);
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
