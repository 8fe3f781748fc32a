import { createHash, randomInt } from 'node:crypto';
import {
  CallingError,
  hostEventTypes,
  type RegisterBody,
  type RegistrationCodeRequested,
  type RegistrationPending,
  type VerifyRegistrationBody,
} from '@calling/protocol';
import type { HostWebhook } from '../host/webhook';
import type { RegistrationCodesRepo } from '../store/registration-codes';
import type { Account, UsersRepo } from '../store/users';
import { hashPassword } from './passwords';

/** Guesses one code allows; with six digits, a guesser's chance per code is 5 in a million. */
export const CODE_ATTEMPTS = 5;

const WRONG_CODE = () =>
  new CallingError('unauthorized', 'this code is wrong or has expired: sign up again for a new one');
const codeHash = (phone: string, code: string) => createHash('sha256').update(`${phone}\n${code}`).digest('hex');

export interface VerifiedRegistrationDeps {
  users: UsersRepo;
  codes: RegistrationCodesRepo;
  webhook: HostWebhook;
  codeTtlS: number;
}

/**
 * Sign-up that proves the phone (REGISTRATION=verified): the server asks the host to text a one-time code and
 * creates the account only when it comes back. Both steps answer a phone with an account exactly as one
 * without, and do the same work for both, so neither reveals who is registered.
 */
export function verifiedRegistration({ users, codes, webhook, codeTtlS }: VerifiedRegistrationDeps) {
  return {
    async start(body: RegisterBody): Promise<RegistrationPending> {
      const passwordHash = await hashPassword(body.password);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(Date.now() + codeTtlS * 1000);
      const accountExists = (await users.byPhone(body.phone)) !== null;
      // Kept for a registered phone too (its code is never sent, and its account could not be created): the
      // same statements either way.
      const serviceName = body.role === 'provider' ? (body.serviceName ?? null) : null;
      const account = { name: body.name, phone: body.phone, role: body.role, passwordHash, serviceName };
      await codes.put(account, codeHash(body.phone, code), expiresAt);
      const event: RegistrationCodeRequested = {
        phone: body.phone,
        accountExists,
        code: accountExists ? null : code,
        expiresAt: accountExists ? null : expiresAt.toISOString(),
      };
      await webhook.deliver(hostEventTypes.registrationCodeRequested, event);
      return { status: 'code_sent', expiresInS: codeTtlS };
    },

    async verify(body: VerifyRegistrationBody): Promise<Account> {
      const pending = await codes.redeem(body.phone, codeHash(body.phone, body.code), CODE_ATTEMPTS);
      if (!pending) throw WRONG_CODE();
      // Someone else's verified sign-up (or the host's provisioning) may have taken the phone meanwhile.
      const user = await users.create(pending);
      if (!user) throw WRONG_CODE();
      return user;
    },
  };
}
export type VerifiedRegistration = ReturnType<typeof verifiedRegistration>;
