import { randomUUID } from 'node:crypto';
import type { Me, PublicUser, Role } from '@calling/protocol';
import type { Queryable } from './db';

/** An account as the server knows it. */
export interface Account {
  id: string;
  name: string;
  /** Null for an account the host provisioned: it signs in with the host's tokens, never by phone. */
  phone: string | null;
  role: Role;
  passwordHash: string | null;
  serviceName: string | null;
  relayOnly: boolean;
}
/** What a sign-up (or the demo) brings to create an account that logs in by phone and password. */
export interface NewAccount {
  name: string;
  phone: string;
  role: Role;
  passwordHash: string;
  serviceName: string | null;
}
/** What the host says of one of its users (PUT /api/host/users/:id). */
export interface HostAccount {
  id: string;
  name: string;
  role: Role;
  serviceName: string | null;
}
interface UserRow {
  id: string;
  name: string;
  phone: string | null;
  role: Role;
  password_hash: string | null;
  service_name: string | null;
  relay_only: boolean;
}
const toAccount = (r: UserRow): Account => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  role: r.role,
  passwordHash: r.password_hash,
  serviceName: r.service_name,
  relayOnly: r.relay_only,
});

export const toPublicUser = (u: Account): PublicUser => ({ id: u.id, name: u.name, role: u.role });
export const toMe = (u: Account): Me => ({
  ...toPublicUser(u),
  phone: u.phone,
  serviceName: u.serviceName,
  relayOnly: u.relayOnly,
});

export function usersRepo(db: Queryable) {
  const one = async (sql: string, params: unknown[]) => {
    const row = (await db.query<UserRow>(sql, params)).rows[0];
    return row ? toAccount(row) : null;
  };
  return {
    create(u: NewAccount): Promise<Account | null> {
      return one(
        `insert into users (id, name, phone, role, password_hash, service_name) values ($1,$2,$3,$4,$5,$6)
         on conflict (phone) do nothing returning *`,
        [randomUUID(), u.name, u.phone, u.role, u.passwordHash, u.serviceName],
      );
    },
    byId: (id: string) => one('select * from users where id = $1 and deleted_at is null', [id]),
    byPhone: (phone: string) => one('select * from users where phone = $1 and deleted_at is null', [phone]),
    /**
     * Creates or updates (and undeletes) a host's user; `role_changed` when it exists on the other side: a
     * person's side of its bookings never changes under them. `renamed`: the person existed under another name
     * (the other party of each booking sees the name).
     */
    async upsertFromHost(
      u: HostAccount,
    ): Promise<{ account: Account; created: boolean; renamed: boolean } | 'role_changed'> {
      // The CTE reads the row as it was before this statement's upsert.
      const { rows } = await db.query<UserRow & { created: boolean; renamed: boolean }>(
        `with before as (select name from users where id = $1)
         insert into users (id, name, phone, role, password_hash, service_name) values ($1,$2,null,$3,null,$4)
         on conflict (id) do update set name = $2, service_name = $4, deleted_at = null
           where users.role = $3
         returning *, (xmax = 0) as created,
           (xmax <> 0 and (select name from before) is distinct from $2) as renamed`,
        [u.id, u.name, u.role, u.serviceName],
      );
      const row = rows[0];
      return row ? { account: toAccount(row), created: row.created, renamed: row.renamed } : 'role_changed';
    },
    /** Marks a host's user deleted (its id stays for the history it appears in); false if there was none. */
    async markDeleted(id: string): Promise<boolean> {
      const { rows } = await db.query(
        'update users set deleted_at = now() where id = $1 and deleted_at is null returning id',
        [id],
      );
      return rows.length === 1;
    },
    async providers(): Promise<{ id: string; name: string; serviceName: string | null }[]> {
      const { rows } = await db.query<UserRow>(
        `select id, name, service_name from users where role = 'provider' and deleted_at is null order by name`,
      );
      return rows.map((r) => ({ id: r.id, name: r.name, serviceName: r.service_name }));
    },
    setRelayOnly: (id: string, relayOnly: boolean) =>
      one('update users set relay_only = $2 where id = $1 returning *', [id, relayOnly]),
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
