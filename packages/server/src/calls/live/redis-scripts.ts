/**
 * Lua scripts: each runs atomically in Redis, which is what makes a transition a compare-and-set and keeps
 * the indexes and the deadline schedule in step with the call. KEYS: call, booking index, caller index,
 * receiver index, deadlines (zset), state counts (hash), finishing (hash).
 */

const holderLive = `
local function holds(indexKey, prefix)
  local id = redis.call('get', indexKey)
  return id and redis.call('exists', prefix .. 'call:' .. id) == 1
end`;

/** ARGV: callId, json, deadline ('' for none), state, key prefix. */
export const CREATE = `${holderLive}
if holds(KEYS[2], ARGV[5]) then return 'booking' end
if holds(KEYS[3], ARGV[5]) then return 'caller' end
if holds(KEYS[4], ARGV[5]) then return 'receiver' end
redis.call('hset', KEYS[1], 'v', 1, 'data', ARGV[2], 'state', ARGV[4])
redis.call('set', KEYS[2], ARGV[1])
redis.call('set', KEYS[3], ARGV[1])
redis.call('set', KEYS[4], ARGV[1])
if ARGV[3] ~= '' then redis.call('zadd', KEYS[5], ARGV[3], ARGV[1]) end
redis.call('hincrby', KEYS[6], ARGV[4], 1)
return 'ok'`;

/** ARGV: callId, expected version, json, deadline ('' for none), new state. Returns 1 if written. */
export const COMMIT = `
local v = redis.call('hget', KEYS[1], 'v')
if not v or tonumber(v) ~= tonumber(ARGV[2]) then return 0 end
local old = redis.call('hget', KEYS[1], 'state')
redis.call('hincrby', KEYS[6], old, -1)
if ARGV[5] == 'ended' then
  redis.call('del', KEYS[1])
  for i = 2, 4 do
    if redis.call('get', KEYS[i]) == ARGV[1] then redis.call('del', KEYS[i]) end
  end
  redis.call('zrem', KEYS[5], ARGV[1])
  redis.call('hset', KEYS[7], ARGV[1], ARGV[3])
else
  redis.call('hset', KEYS[1], 'v', tonumber(v) + 1, 'data', ARGV[3], 'state', ARGV[5])
  redis.call('hincrby', KEYS[6], ARGV[5], 1)
  if ARGV[4] == '' then redis.call('zrem', KEYS[5], ARGV[1]) else redis.call('zadd', KEYS[5], ARGV[4], ARGV[1]) end
end
return 1`;

/** KEYS: call, booking index, caller index, receiver index, deadlines, state counts. ARGV: callId. */
export const DISCARD = `
local state = redis.call('hget', KEYS[1], 'state')
if not state then return 0 end
redis.call('hincrby', KEYS[6], state, -1)
redis.call('del', KEYS[1])
for i = 2, 4 do
  if redis.call('get', KEYS[i]) == ARGV[1] then redis.call('del', KEYS[i]) end
end
redis.call('zrem', KEYS[5], ARGV[1])
return 1`;

/** KEYS: an index key. ARGV: key prefix. The indexed call's version and data, in one round trip. */
export const GET_VIA = `
local id = redis.call('get', KEYS[1])
if not id then return nil end
return redis.call('hmget', ARGV[1] .. 'call:' .. id, 'v', 'data')`;
