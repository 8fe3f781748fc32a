import type { Redis } from 'ioredis';
import { guarded } from '../../cluster/redis';
import type { TakenSlot } from '../engine/admission';
import type { Call } from '../engine/call';
import { COMMIT, CREATE, DISCARD, GET_VIA } from './redis-scripts';
import type { CreateOutcome, LiveCallStore, Versioned } from './store';

type Scripted = Redis & {
  callCreate(...args: string[]): Promise<string>;
  callCommit(...args: string[]): Promise<number>;
  callDiscard(...args: string[]): Promise<number>;
  callGetVia(key: string, prefix: string): Promise<[string | null, string | null] | null>;
};

const keysFor = (P: string) => ({
  call: (id: string) => `${P}call:${id}`,
  booking: (id: string) => `${P}booking:${id}`,
  user: (id: string) => `${P}user:${id}`,
  deadlines: `${P}deadlines`,
  states: `${P}states`,
  finishing: `${P}finishing`,
});
const at = (deadline: number | null) => (deadline === null ? '' : String(deadline));
const versioned = (v: string | null | undefined, data: string | null | undefined): Versioned | null =>
  v && data ? { version: Number(v), call: JSON.parse(data) as Call } : null;

/** Live calls in Redis, shared by every node: each change is one atomic script (see redis-scripts.ts). */
export class RedisLiveCalls implements LiveCallStore {
  readonly kind = 'redis';
  private readonly redis: Scripted;
  private readonly key: ReturnType<typeof keysFor>;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    this.key = keysFor(prefix);
    redis.defineCommand('callCreate', { numberOfKeys: 6, lua: CREATE });
    redis.defineCommand('callCommit', { numberOfKeys: 7, lua: COMMIT });
    redis.defineCommand('callDiscard', { numberOfKeys: 6, lua: DISCARD });
    redis.defineCommand('callGetVia', { numberOfKeys: 1, lua: GET_VIA });
    this.redis = redis as Scripted;
  }

  private keysOf(c: Call) {
    const k = this.key;
    return [k.call(c.id), k.booking(c.bookingId), k.user(c.callerId), k.user(c.receiverId), k.deadlines, k.states];
  }

  create(call: Call, deadline: number | null): Promise<CreateOutcome> {
    return guarded('create call', async () => {
      const out = await this.redis.callCreate(
        ...this.keysOf(call),
        call.id,
        JSON.stringify(call),
        at(deadline),
        call.state,
        this.prefix,
      );
      return out === 'ok' ? { ok: true, version: 1 } : { ok: false, taken: out as TakenSlot };
    });
  }
  get(callId: string) {
    return guarded('read call', async () => {
      const [v, data] = await this.redis.hmget(this.key.call(callId), 'v', 'data');
      return versioned(v, data);
    });
  }
  ofBooking(bookingId: string) {
    return this.via(this.key.booking(bookingId));
  }
  ofUser(userId: string) {
    return this.via(this.key.user(userId));
  }
  commit(next: Call, expected: number, deadline: number | null) {
    return guarded('update call', async () => {
      const written = await this.redis.callCommit(
        ...this.keysOf(next),
        this.key.finishing,
        next.id,
        String(expected),
        JSON.stringify(next),
        at(deadline),
        next.state,
      );
      return written === 1;
    });
  }
  discard(call: Call) {
    return guarded('discard call', async () => void (await this.redis.callDiscard(...this.keysOf(call), call.id)));
  }
  due(now: number, limit: number) {
    return guarded('read deadlines', () =>
      this.redis.zrangebyscore(this.key.deadlines, '-inf', now, 'LIMIT', 0, limit),
    );
  }
  reschedule(callId: string, deadline: number | null) {
    return guarded('schedule deadline', async () => {
      if (deadline === null) await this.redis.zrem(this.key.deadlines, callId);
      else await this.redis.zadd(this.key.deadlines, deadline, callId);
    });
  }
  finishing() {
    return guarded('read finishing calls', async () =>
      Object.values(await this.redis.hgetall(this.key.finishing)).map((d) => JSON.parse(d) as Call),
    );
  }
  finishWritten(callId: string) {
    return guarded('clear finishing call', async () => void (await this.redis.hdel(this.key.finishing, callId)));
  }
  countByState() {
    return guarded('count calls', async () => {
      const raw = await this.redis.hgetall(this.key.states);
      return Object.fromEntries(Object.entries(raw).map(([s, n]) => [s, Number(n)]));
    });
  }
  all() {
    return guarded('list calls', async () => {
      const out: Call[] = [];
      for await (const keys of this.redis.scanStream({ match: `${this.prefix}call:*`, count: 500 })) {
        for (const k of keys as string[]) {
          const data = await this.redis.hget(k, 'data');
          if (data) out.push(JSON.parse(data) as Call);
        }
      }
      return out;
    });
  }
  async close() {}

  private via(indexKey: string) {
    return guarded('read call', async () => {
      const found = await this.redis.callGetVia(indexKey, this.prefix);
      return found ? versioned(found[0], found[1]) : null;
    });
  }
}
