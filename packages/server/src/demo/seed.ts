import type { BookingStatus, DemoAccount } from '@calling/protocol';
import { hashPassword } from '../auth/passwords';
import type { BookingsRepo } from '../store/bookings';
import type { UsersRepo } from '../store/users';

export type { DemoAccount };

const PASSWORD = 'demo-pass-1';
const ACCOUNTS: (DemoAccount & { serviceName?: string })[] = [
  { name: 'Alice Customer', phone: '+15550000001', password: PASSWORD, role: 'user' },
  { name: 'Ben Customer', phone: '+15550000002', password: PASSWORD, role: 'user' },
  { name: 'Priya Plumber', phone: '+15550000101', password: PASSWORD, role: 'provider', serviceName: 'Plumbing' },
  { name: 'Omar Electrician', phone: '+15550000102', password: PASSWORD, role: 'provider', serviceName: 'Electrical' },
];
const BOOKINGS: [user: number, provider: number, status: BookingStatus][] = [
  [0, 2, 'accepted'],
  [0, 3, 'in_progress'],
  [0, 2, 'pending'],
  [0, 3, 'completed'],
  [0, 2, 'cancelled'],
  [1, 2, 'accepted'],
  [1, 3, 'pending'],
];

/**
 * Demo data for `npm start` on the embedded database: customers, providers and a booking in each status.
 * Idempotent: an account that already exists is left as it is.
 */
export async function seedDemo(users: UsersRepo, bookings: BookingsRepo): Promise<DemoAccount[]> {
  const ids: string[] = [];
  let created = false;
  for (const a of ACCOUNTS) {
    const existing = await users.byPhone(a.phone);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const user = await users.create({
      name: a.name,
      phone: a.phone,
      role: a.role,
      passwordHash: await hashPassword(a.password),
      serviceName: a.serviceName ?? null,
    });
    if (!user) throw new Error(`demo account ${a.name} could not be created`);
    ids.push(user.id);
    created = true;
  }
  if (created) {
    for (const [u, p, status] of BOOKINGS) {
      const provider = ACCOUNTS[p];
      await bookings.create({
        userId: ids[u] as string,
        providerId: ids[p] as string,
        serviceName: provider?.serviceName ?? 'Service',
        status,
      });
    }
  }
  return ACCOUNTS.map(({ name, phone, password, role }) => ({ name, phone, password, role }));
}
