import { randomUUID } from 'node:crypto';
import type { Me, PublicUser, Role } from '@calling/protocol';
import type { Queryable } from './db';

/** An account as the server knows it. */
export interface Account {
  id: string;
  name: string;
  phone: string;
  role: Role;
  passwordHash: string;
  serviceName: string | null;
  relayOnly: boolean;
}
interface UserRow {
  id: string;
  name: string;
  phone: string;
  role: Role;
  password_hash: string;
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
    create(u: Omit<Account, 'id' | 'relayOnly'>): Promise<Account | null> {
      return one(
        `insert into users (id, name, phone, role, password_hash, service_name) values ($1,$2,$3,$4,$5,$6)
         on conflict (phone) do nothing returning *`,
        [randomUUID(), u.name, u.phone, u.role, u.passwordHash, u.serviceName],
      );
    },
    byId: (id: string) => one('select * from users where id = $1', [id]),
    byPhone: (phone: string) => one('select * from users where phone = $1', [phone]),
    async providers(): Promise<{ id: string; name: string; serviceName: string | null }[]> {
      const { rows } = await db.query<UserRow>(
        `select id, name, service_name from users where role = 'provider' order by name`,
      );
      return rows.map((r) => ({ id: r.id, name: r.name, serviceName: r.service_name }));
    },
    setRelayOnly: (id: string, relayOnly: boolean) =>
      one('update users set relay_only = $2 where id = $1 returning *', [id, relayOnly]),
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
