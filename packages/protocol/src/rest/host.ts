import { z } from 'zod';
import { BookingStatus, Id, Name, Role } from '../domain';

/**
 * The provisioning API (`/api/host/...`): the host marketplace's backend tells this server who its users are
 * and which bookings exist, server to server, with HOST_API_KEY. Ids are the host's own (UUIDs). No phone
 * number is ever asked for: provisioned accounts sign in with the host's tokens (JWT_JWKS_URL).
 */
/** `:id` of every provisioning route: the host's own id of the user or booking. */
export const HostIdParams = z.object({ id: Id });
export const HostUserBody = z.object({ name: Name, role: Role, serviceName: Name.nullable().optional() }).strict();
export type HostUserBody = z.infer<typeof HostUserBody>;
export const HostUser = z.object({ id: Id, name: Name, role: Role, serviceName: z.string().nullable() });
export type HostUser = z.infer<typeof HostUser>;

export const HostBookingBody = z
  .object({ userId: Id, providerId: Id, serviceName: Name, status: BookingStatus })
  .strict();
export type HostBookingBody = z.infer<typeof HostBookingBody>;
export const HostBookingStatusBody = z.object({ status: BookingStatus }).strict();
export type HostBookingStatusBody = z.infer<typeof HostBookingStatusBody>;
export const HostBooking = z.object({
  id: Id,
  userId: Id,
  providerId: Id,
  serviceName: z.string(),
  status: BookingStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HostBooking = z.infer<typeof HostBooking>;
