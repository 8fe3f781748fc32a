import { z } from 'zod';
import { Id, Name, Role } from '../domain';
import { limits } from '../limits';

export const Phone = z
  .string()
  .trim()
  .min(limits.phoneChars.min)
  .max(limits.phoneChars.max)
  .regex(/^\+?[0-9 ()-]+$/, 'digits, spaces, (), - and a leading + only');
export const Password = z.string().min(limits.passwordChars.min).max(limits.passwordChars.max);

export const RegisterBody = z
  .object({
    name: Name,
    phone: Phone,
    password: Password,
    role: Role,
    serviceName: Name.optional(),
  })
  .refine((b) => b.role === 'provider' || b.serviceName === undefined, {
    message: 'serviceName is for providers only',
    path: ['serviceName'],
  });
export type RegisterBody = z.infer<typeof RegisterBody>;

/** The one-time code a sign-up proves its phone with (REGISTRATION=verified). */
export const RegistrationCode = z.string().regex(/^[0-9]{6}$/, 'six digits');
export const VerifyRegistrationBody = z.object({ phone: Phone, code: RegistrationCode }).strict();
export type VerifyRegistrationBody = z.infer<typeof VerifyRegistrationBody>;

/**
 * POST /api/auth/register when sign-ups are verified: the same answer whether or not the phone has an account
 * (the phone's owner is told which, through the host), so it never reveals who is registered.
 */
export const RegistrationPending = z.object({ status: z.literal('code_sent'), expiresInS: z.number().int() });
export type RegistrationPending = z.infer<typeof RegistrationPending>;

export const LoginBody = z.object({ phone: Phone, password: z.string().min(1).max(limits.passwordChars.max) });
export type LoginBody = z.infer<typeof LoginBody>;

/** The public face of an account: never a phone number. */
export const PublicUser = z.object({ id: Id, name: Name, role: Role });
export type PublicUser = z.infer<typeof PublicUser>;

export const AuthResult = z.object({ token: z.string(), user: PublicUser });
export type AuthResult = z.infer<typeof AuthResult>;

/** GET /api/me: the only place a phone number is returned, and only to its owner. */
export const Me = PublicUser.extend({
  /** Null for an account the host marketplace provisioned (it signs in with the host's tokens). */
  phone: z.string().nullable(),
  serviceName: z.string().nullable(),
  relayOnly: z.boolean(),
});
export type Me = z.infer<typeof Me>;

/** GET /api/demo/accounts (demo mode only): sample accounts the login screens list, with their passwords. */
export const DemoAccount = z.object({ name: z.string(), phone: z.string(), password: z.string(), role: Role });
export type DemoAccount = z.infer<typeof DemoAccount>;
export const DemoAccounts = z.object({ accounts: z.array(DemoAccount) });
export type DemoAccounts = z.infer<typeof DemoAccounts>;

export const UpdateMeBody = z.object({ relayOnly: z.boolean() }).strict();
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

/** JWT claims: `sub` is the user id. */
export const TokenClaims = z.object({ sub: Id, role: Role, name: Name });
export type TokenClaims = z.infer<typeof TokenClaims>;

/** An app instance's own id (not a secret: it tells one person's devices apart). */
export const DeviceId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'deviceId: 8-64 of A-Z a-z 0-9 _ -');

/** Socket.io handshake `auth`. protocolVersion: see PROTOCOL_VERSION; none is the seed's 1. */
export const HandshakeAuth = z.object({
  token: z.string().min(1).max(4096),
  protocolVersion: z.number().int().min(1).max(100).optional(),
  /**
   * A stable id of this app instance (random, kept across its reconnects). A call is bound to the device that
   * placed or answered it: only that device (or any, once it is away) may resume, report media or hang up,
   * and a reconnect under the same id takes the call back before the server noticed the old socket drop.
   */
  deviceId: DeviceId.optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;
/**
 * 1: the seed. 2: clients report `call:connected`. 3: the caller's offer rings with the call, the receiver
 * answers in its accept, candidates travel in batches (`call:ice-candidates`).
 */
export const PROTOCOL_VERSION = 3;
