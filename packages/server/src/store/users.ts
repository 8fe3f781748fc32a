import { randomUUID } from 'node:crypto';
import type { Me, PublicUser, Role } from '@calling/protocol';
import type { Queryable } from './db';

export interface UserRow {
  id: string;
  name: string;
  phone: string;
  role: Role;
  password_hash: string;
  service_name: string | null;
  relay_only: boolean;
}

export const toPublicUser = (u: UserRow): PublicUser => ({ id: u.id, name: u.name, role: u.role });
export const toMe = (u: UserRow): Me => ({
  ...toPublicUser(u),
  phone: u.phone,
  serviceName: u.service_name,
  relayOnly: u.relay_only,
});

export function usersRepo(db: Queryable) {
  return {
    async create(u: Omit<UserRow, 'id' | 'relay_only'>): Promise<UserRow | null> {
      const { rows } = await db.query<UserRow>(
        `insert into users (id, name, phone, role, password_hash, service_name) values ($1,$2,$3,$4,$5,$6)
         on conflict (phone) do nothing returning *`,
        [randomUUID(), u.name, u.phone, u.role, u.password_hash, u.service_name],
      );
      return rows[0] ?? null;
    },
    async byId(id: string): Promise<UserRow | null> {
      return (await db.query<UserRow>('select * from users where id = $1', [id])).rows[0] ?? null;
    },
    async byPhone(phone: string): Promise<UserRow | null> {
      return (await db.query<UserRow>('select * from users where phone = $1', [phone])).rows[0] ?? null;
    },
    async providers(): Promise<{ id: string; name: string; service_name: string | null }[]> {
      return (await db.query<UserRow>(`select id, name, service_name from users where role = 'provider' order by name`))
        .rows;
    },
    async setRelayOnly(id: string, relayOnly: boolean): Promise<UserRow | null> {
      return (
        (await db.query<UserRow>('update users set relay_only = $2 where id = $1 returning *', [id, relayOnly]))
          .rows[0] ?? null
      );
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
