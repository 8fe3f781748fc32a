import type { Queryable } from './db';
import type { NewAccount } from './users';

/** The account a verified sign-up creates once its code comes back. */
export type PendingAccount = NewAccount;

/** Sign-ups waiting for their phone's code (REGISTRATION=verified): one per phone, the latest wins. */
export function registrationCodesRepo(db: Queryable) {
  return {
    async put(account: PendingAccount, codeHash: string, expiresAt: Date): Promise<void> {
      await db.query('delete from registration_codes where expires_at < now()');
      await db.query(
        `insert into registration_codes (phone, code_hash, account, attempts, expires_at) values ($1,$2,$3,0,$4)
         on conflict (phone) do update set code_hash = $2, account = $3, attempts = 0, expires_at = $4`,
        [account.phone, codeHash, JSON.stringify(account), expiresAt.toISOString()],
      );
    },
    /**
     * The account whose code this is, taken once; null for a wrong, used, expired or exhausted code. Every
     * guess spends one of the code's attempts before it is compared, so parallel guesses cannot exceed them.
     */
    async redeem(phone: string, codeHash: string, maxAttempts: number): Promise<PendingAccount | null> {
      const spent = await db.query<{ code_hash: string }>(
        `update registration_codes set attempts = attempts + 1
         where phone = $1 and expires_at > now() and attempts < $2 returning code_hash`,
        [phone, maxAttempts],
      );
      if (spent.rows[0]?.code_hash !== codeHash) return null;
      const taken = await db.query<{ account: PendingAccount | string }>(
        'delete from registration_codes where phone = $1 and code_hash = $2 returning account',
        [phone, codeHash],
      );
      const account = taken.rows[0]?.account;
      if (account === undefined) return null;
      return typeof account === 'string' ? (JSON.parse(account) as PendingAccount) : account;
    },
  };
}
export type RegistrationCodesRepo = ReturnType<typeof registrationCodesRepo>;
