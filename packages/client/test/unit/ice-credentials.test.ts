import type { IceServer } from '@calling/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { credentialsExpireAt, IceServerSource, USABLE_MARGIN_MS } from '../../src/ice-credentials';

const stun: IceServer = { urls: 'stun:stun.example.org:3478' };
const turn = (expirySec: number, user = 'user-1'): IceServer => ({
  urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
  username: `${expirySec}:${user}`,
  credential: 'secret',
});

const MARGIN = 60_000;

describe('credentialsExpireAt', () => {
  it('reads the unix expiry (seconds) from a coturn REST username, in epoch ms', () => {
    expect(credentialsExpireAt([turn(1_700_000_000)])).toBe(1_700_000_000_000);
  });

  it('takes the earliest expiry across servers, wherever it is in the list', () => {
    expect(credentialsExpireAt([turn(2000), turn(1000), turn(3000)])).toBe(1_000_000);
    expect(credentialsExpireAt([turn(1000), turn(3000)])).toBe(1_000_000);
    expect(credentialsExpireAt([turn(3000), turn(1000)])).toBe(1_000_000);
  });

  it('is null for STUN only, and for no servers', () => {
    expect(credentialsExpireAt([stun])).toBeNull();
    expect(credentialsExpireAt([])).toBeNull();
  });

  it('ignores STUN entries next to TURN ones', () => {
    expect(credentialsExpireAt([stun, turn(5000), stun])).toBe(5_000_000);
  });

  it('accepts a username that is only the timestamp', () => {
    expect(credentialsExpireAt([{ urls: 'turn:x', username: '1234', credential: 'c' }])).toBe(1_234_000);
  });

  it.each([
    ['non-numeric username', 'alice'],
    ['non-numeric expiry', 'soon:alice'],
    ['empty username', ''],
    ['zero expiry', '0:alice'],
    ['negative expiry', '-5:alice'],
    ['empty expiry', ':alice'],
    ['infinite expiry', 'Infinity:alice'],
  ])('ignores a %s (static credentials)', (_label, username) => {
    expect(credentialsExpireAt([{ urls: 'turn:x', username, credential: 'c' }])).toBeNull();
    expect(credentialsExpireAt([{ urls: 'turn:x', username, credential: 'c' }, turn(7)])).toBe(7000);
  });
});

describe('IceServerSource', () => {
  const NOW = 1_700_000_000_000;
  const nowSec = NOW / 1000;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('current is the servers it was given', () => {
    const servers = [stun, turn(nowSec + 3600)];
    const src = new IceServerSource(servers, vi.fn());
    expect(src.current).toBe(servers);
  });

  describe('fresh()', () => {
    it('returns the current servers without fetching while they are valid beyond the margin', async () => {
      const servers = [turn(nowSec + 3600)];
      const fetch = vi.fn(async () => [turn(nowSec + 7200)]);
      const src = new IceServerSource(servers, fetch, () => NOW);
      await expect(src.fresh()).resolves.toBe(servers);
      expect(fetch).not.toHaveBeenCalled();
    });

    it('does not fetch at exactly the usable margin, fetches just inside it', async () => {
      const expiresAt = NOW + 3600_000;
      let now = expiresAt - USABLE_MARGIN_MS;
      const fresh = [turn(nowSec + 7200)];
      const fetch = vi.fn(async () => fresh);
      const src = new IceServerSource([turn(expiresAt / 1000)], fetch, () => now);
      await src.fresh();
      expect(fetch).not.toHaveBeenCalled();
      now += 1;
      await expect(src.fresh()).resolves.toBe(fresh);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(src.current).toBe(fresh);
    });

    it('refetches already-expired credentials', async () => {
      const fresh = [turn(nowSec + 7200)];
      const fetch = vi.fn(async () => fresh);
      const src = new IceServerSource([turn(nowSec - 10)], fetch, () => NOW);
      await expect(src.fresh()).resolves.toBe(fresh);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('uses the earliest expiry: one soon-expiring server triggers the refresh', async () => {
      const fetch = vi.fn(async () => [turn(nowSec + 7200)]);
      const src = new IceServerSource([turn(nowSec + 7200), turn(nowSec + 10)], fetch, () => NOW);
      await src.fresh();
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('never fetches for STUN only', async () => {
      const fetch = vi.fn(async () => [stun]);
      const servers = [stun];
      const src = new IceServerSource(servers, fetch, () => NOW);
      await expect(src.fresh()).resolves.toBe(servers);
      expect(fetch).not.toHaveBeenCalled();
    });

    it('a failed refresh keeps the old servers', async () => {
      const old = [turn(nowSec + 10)];
      const fetch = vi.fn(async (): Promise<IceServer[]> => {
        throw new Error('offline');
      });
      const src = new IceServerSource(old, fetch, () => NOW);
      await expect(src.fresh()).resolves.toBe(old);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(src.current).toBe(old);
    });

    it('defaults `now` to Date.now', async () => {
      const fetch = vi.fn(async () => [turn(nowSec + 7200)]);
      const src = new IceServerSource([turn(nowSec + 120)], fetch);
      await src.fresh();
      expect(fetch).not.toHaveBeenCalled();
      vi.setSystemTime(NOW + 106_000);
      await src.fresh();
      expect(fetch).toHaveBeenCalledTimes(1);
    });
  });

  describe('keepFresh()', () => {
    it('schedules the refresh MARGIN before the expiry and hands over the new servers', async () => {
      const first = [turn(nowSec + 3600)];
      const second = [turn(nowSec + 7200)];
      const fetch = vi.fn(async () => second);
      const onRefreshed = vi.fn();
      const src = new IceServerSource(first, fetch);
      src.keepFresh(onRefreshed);
      expect(vi.getTimerCount()).toBe(1);

      await vi.advanceTimersByTimeAsync(3600_000 - MARGIN - 1);
      expect(fetch).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(onRefreshed).toHaveBeenCalledTimes(1);
      expect(onRefreshed).toHaveBeenCalledWith(second);
      expect(src.current).toBe(second);
      expect(Date.now()).toBeLessThan(NOW + 3600_000);
    });

    it('keeps going for as long as the call lasts, each time before the new expiry', async () => {
      let n = 0;
      const fetch = vi.fn(async () => [turn(nowSec + 600 * ++n + 600)]); // each set lives 10 min longer
      const onRefreshed = vi.fn();
      const src = new IceServerSource([turn(nowSec + 600)], fetch);
      src.keepFresh(onRefreshed);
      await vi.advanceTimersByTimeAsync(600_000 - MARGIN);
      expect(onRefreshed).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(600_000);
      expect(onRefreshed).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(600_000);
      expect(onRefreshed).toHaveBeenCalledTimes(3);
      expect(vi.getTimerCount()).toBe(1);
      src.stop();
    });

    it('waits at least 5 s even when the credentials are (almost) expired', async () => {
      const fetch = vi.fn(async () => [turn(nowSec + 3600)]);
      const src = new IceServerSource([turn(nowSec + 10)], fetch);
      src.keepFresh(vi.fn());
      await vi.advanceTimersByTimeAsync(4999);
      expect(fetch).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(fetch).toHaveBeenCalledTimes(1);
      src.stop();
    });

    it('after a failed refresh keeps the old servers, does not report, and retries', async () => {
      const old = [turn(nowSec + 120)];
      const fresh = [turn(nowSec + 7200)];
      const fetch = vi
        .fn<() => Promise<IceServer[]>>()
        .mockRejectedValueOnce(new Error('offline'))
        .mockResolvedValueOnce(fresh);
      const onRefreshed = vi.fn();
      const src = new IceServerSource(old, fetch);
      src.keepFresh(onRefreshed);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(onRefreshed).not.toHaveBeenCalled();
      expect(src.current).toBe(old);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(5000); // now inside the margin: the 5 s floor applies
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(onRefreshed).toHaveBeenCalledWith(fresh);
      expect(src.current).toBe(fresh);
      src.stop();
    });

    it('schedules nothing for STUN only', () => {
      const src = new IceServerSource([stun], vi.fn());
      src.keepFresh(vi.fn());
      expect(vi.getTimerCount()).toBe(0);
    });

    it('stops scheduling if the refreshed servers are STUN only', async () => {
      const fetch = vi.fn(async () => [stun]);
      const onRefreshed = vi.fn();
      const src = new IceServerSource([turn(nowSec + 120)], fetch);
      src.keepFresh(onRefreshed);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(onRefreshed).toHaveBeenCalledWith([stun]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('calling it again replaces the previous schedule', async () => {
      const fetch = vi.fn(async () => [turn(nowSec + 7200)]);
      const a = vi.fn();
      const b = vi.fn();
      const src = new IceServerSource([turn(nowSec + 3600)], fetch);
      src.keepFresh(a);
      src.keepFresh(b);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(3600_000 - MARGIN);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(a).not.toHaveBeenCalled();
      expect(b).toHaveBeenCalledTimes(1);
      src.stop();
    });

    it('stop() cancels the scheduled refresh', async () => {
      const fetch = vi.fn(async () => [turn(nowSec + 7200)]);
      const onRefreshed = vi.fn();
      const src = new IceServerSource([turn(nowSec + 3600)], fetch);
      src.keepFresh(onRefreshed);
      src.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(7200_000);
      expect(fetch).not.toHaveBeenCalled();
      expect(onRefreshed).not.toHaveBeenCalled();
      src.stop(); // idempotent
      expect(vi.getTimerCount()).toBe(0);
    });

    it('stop() while a refresh is in flight: no report and nothing re-armed afterwards', async () => {
      let resolve!: (s: IceServer[]) => void;
      const fetch = vi.fn(() => new Promise<IceServer[]>((r) => (resolve = r)));
      const onRefreshed = vi.fn();
      const src = new IceServerSource([turn(nowSec + 120)], fetch);
      src.keepFresh(onRefreshed);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fetch).toHaveBeenCalledTimes(1);
      src.stop(); // the call ended while the fetch was still out
      resolve([turn(nowSec + 7200)]);
      await vi.advanceTimersByTimeAsync(0);
      expect(onRefreshed).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(7200_000);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('keepFresh() again while a refresh is in flight: only the new schedule survives', async () => {
      let resolve!: (s: IceServer[]) => void;
      const fetch = vi.fn(() => new Promise<IceServer[]>((r) => (resolve = r)));
      const a = vi.fn();
      const b = vi.fn();
      const src = new IceServerSource([turn(nowSec + 120)], fetch);
      src.keepFresh(a);
      await vi.advanceTimersByTimeAsync(60_000);
      src.keepFresh(b); // e.g. a new session took over
      resolve([turn(nowSec + 7200)]);
      await vi.advanceTimersByTimeAsync(0);
      expect(a).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetch).toHaveBeenCalledTimes(2);
      resolve([turn(nowSec + 7200)]);
      await vi.advanceTimersByTimeAsync(0);
      expect(b).toHaveBeenCalledTimes(1);
      expect(a).not.toHaveBeenCalled();
      src.stop();
    });
  });
});
