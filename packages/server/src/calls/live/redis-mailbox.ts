import type { Redis } from 'ioredis';
import { guarded } from '../../cluster/redis';
import { MAILBOX_LIMIT, type Relayed, type RelayMailbox } from './mailbox';

// Append unless full, and (re)arm the box's expiry: one round trip, atomic.
const PUT = `
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Many nodes: each box is a Redis list, so the node a party resumes on finds what was sent on any other. */
export class RedisMailbox implements RelayMailbox {
  private readonly redis: Redis & { mailboxPut(key: string, ...args: string[]): Promise<number> };

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly keepMs: number,
  ) {
    redis.defineCommand('mailboxPut', { numberOfKeys: 1, lua: PUT });
    this.redis = redis as RedisMailbox['redis'];
  }

  private key(callId: string, userId: string) {
    return `${this.prefix}mailbox:${callId}:${userId}`;
  }

  put(callId: string, userId: string, message: Relayed) {
    return guarded('mailbox put', async () => {
      const added = await this.redis.mailboxPut(
        this.key(callId, userId),
        JSON.stringify(message),
        String(MAILBOX_LIMIT),
        String(this.keepMs),
      );
      return added === 1;
    });
  }

  take(callId: string, userId: string) {
    return guarded('mailbox take', async () => {
      const key = this.key(callId, userId);
      const replies = await this.redis.multi().lrange(key, 0, -1).del(key).exec();
      const items = (replies?.[0]?.[1] as string[] | undefined) ?? [];
      return items.map((m) => JSON.parse(m) as Relayed);
    });
  }
}
