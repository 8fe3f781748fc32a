import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionWatchdog, type WatchdogOptions } from '../../src/watchdog';

/** A hand-driven clock for the watchdog's injected timers. */
class FakeTimers {
  now = 0;
  private seq = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();
  cleared = 0;

  readonly api = {
    set: (fn: () => void, ms: number) => {
      const id = ++this.seq;
      this.pending.set(id, { at: this.now + ms, fn });
      return id;
    },
    clear: (h: unknown) => {
      this.cleared++;
      this.pending.delete(h as number);
    },
  };

  get count() {
    return this.pending.size;
  }

  advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.pending) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.pending.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = end;
  }
}

const RESTART = 2000;
const LOST = 30_000;
const RETRY = 5000;

function setup(over: Partial<WatchdogOptions> = {}) {
  const t = new FakeTimers();
  const o = {
    restartAfterMs: RESTART,
    lostAfterMs: LOST,
    retryEveryMs: RETRY,
    onRestart: vi.fn(),
    onDrop: vi.fn(),
    onLost: vi.fn(),
    onFailedBeforeConnect: vi.fn(),
    timers: t.api,
    ...over,
  };
  const w = new ConnectionWatchdog(o);
  return { t, o, w };
}

describe('ConnectionWatchdog before media ever flowed', () => {
  it('ICE failed → onFailedBeforeConnect, nothing else', () => {
    const { t, o, w } = setup();
    w.iceState('failed');
    expect(o.onFailedBeforeConnect).toHaveBeenCalledTimes(1);
    expect(o.onDrop).not.toHaveBeenCalled();
    expect(o.onRestart).not.toHaveBeenCalled();
    expect(t.count).toBe(0);
    expect(w.dropped).toBe(false);
  });

  it('ICE disconnected is ignored (still connecting; no timers)', () => {
    const { t, o, w } = setup();
    w.iceState('disconnected');
    t.advance(LOST * 2);
    expect(t.count).toBe(0);
    expect(o.onDrop).not.toHaveBeenCalled();
    expect(o.onRestart).not.toHaveBeenCalled();
    expect(o.onLost).not.toHaveBeenCalled();
    expect(o.onFailedBeforeConnect).not.toHaveBeenCalled();
  });

  it('restartNow restarts once (the network may have changed mid-setup), with no retry timer', () => {
    const { t, o, w } = setup();
    w.restartNow();
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    expect(t.count).toBe(0);
  });
});

describe('ConnectionWatchdog after media flowed', () => {
  it.each(['new', 'checking', 'connected', 'completed', 'closed'] as const)('ICE %s does nothing', (state) => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState(state);
    t.advance(LOST * 2);
    expect(t.count).toBe(0);
    expect(w.dropped).toBe(false);
    for (const fn of [o.onDrop, o.onRestart, o.onLost, o.onFailedBeforeConnect]) expect(fn).not.toHaveBeenCalled();
  });

  it('disconnected: drops at once, restarts only after restartAfterMs', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    expect(o.onDrop).toHaveBeenCalledTimes(1);
    expect(w.dropped).toBe(true);
    t.advance(RESTART - 1);
    expect(o.onRestart).not.toHaveBeenCalled();
    t.advance(1);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
  });

  it('a repeated disconnected does not re-drop or push the restart back', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(1500);
    w.iceState('disconnected');
    expect(o.onDrop).toHaveBeenCalledTimes(1);
    t.advance(RESTART - 1500);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
  });

  it('failed: drops and restarts immediately', () => {
    const { o, w } = setup();
    w.mediaFlowing();
    w.iceState('failed');
    expect(o.onDrop).toHaveBeenCalledTimes(1);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    expect(o.onFailedBeforeConnect).not.toHaveBeenCalled();
  });

  it('failed after disconnected restarts at once instead of waiting, without a second drop', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(500);
    w.iceState('failed');
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    expect(o.onDrop).toHaveBeenCalledTimes(1);
    // the pending disconnected-timer was replaced by the retry timer: next restart one retry later
    t.advance(RESTART);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(RETRY - RESTART);
    expect(o.onRestart).toHaveBeenCalledTimes(2);
  });

  it('repeats the restart every retryEveryMs while media stays down', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(RESTART);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(RETRY - 1);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(1);
    expect(o.onRestart).toHaveBeenCalledTimes(2);
    t.advance(RETRY * 3);
    expect(o.onRestart).toHaveBeenCalledTimes(5);
  });

  it('retryEveryMs defaults to 5000', () => {
    const { t, o, w } = setup({ retryEveryMs: undefined });
    w.mediaFlowing();
    w.iceState('failed');
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(4999);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(1);
    expect(o.onRestart).toHaveBeenCalledTimes(2);
  });

  it('gives up lostAfterMs after the drop: onLost once, all timers cleared, no more restarts', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(LOST - 1);
    expect(o.onLost).not.toHaveBeenCalled();
    const restarts = vi.mocked(o.onRestart).mock.calls.length;
    expect(restarts).toBeGreaterThan(1);
    t.advance(1);
    expect(o.onLost).toHaveBeenCalledTimes(1);
    expect(w.dropped).toBe(false);
    expect(t.count).toBe(0);
    t.advance(LOST * 2);
    expect(o.onRestart).toHaveBeenCalledTimes(restarts);
    expect(o.onLost).toHaveBeenCalledTimes(1);
  });

  it('the lost deadline counts from the first drop, not from later ICE changes', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(10_000);
    w.iceState('failed');
    t.advance(10_000);
    w.iceState('disconnected');
    t.advance(LOST - 20_000);
    expect(o.onLost).toHaveBeenCalledTimes(1);
  });

  it('media back: clears restart and lost timers; a later drop starts afresh', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(RESTART);
    w.mediaFlowing();
    expect(w.dropped).toBe(false);
    expect(t.count).toBe(0);
    t.advance(LOST * 2);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    expect(o.onLost).not.toHaveBeenCalled();

    w.iceState('disconnected');
    expect(o.onDrop).toHaveBeenCalledTimes(2);
    t.advance(LOST);
    expect(o.onLost).toHaveBeenCalledTimes(1);
  });

  it('ICE connected again cancels the pending restart but keeps the lost deadline until media flows', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(1000);
    w.iceState('connected');
    expect(w.dropped).toBe(true);
    t.advance(RESTART + RETRY);
    expect(o.onRestart).not.toHaveBeenCalled();
    t.advance(LOST);
    expect(o.onLost).toHaveBeenCalledTimes(1);
  });

  it('ICE completed also cancels the retry loop', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('failed');
    w.iceState('completed');
    t.advance(RETRY * 3);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
  });

  it('a failed after onLost does not count as failed-before-connect', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(LOST);
    expect(o.onLost).toHaveBeenCalledTimes(1);
    w.iceState('failed');
    expect(o.onFailedBeforeConnect).not.toHaveBeenCalled();
  });

  it('restartNow restarts at once and replaces a pending restart', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    t.advance(1000);
    w.restartNow();
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(RETRY - 1);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    t.advance(1);
    expect(o.onRestart).toHaveBeenCalledTimes(2);
  });

  it('stop() clears every timer: no restart, no lost', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('disconnected');
    expect(t.count).toBe(2);
    w.stop();
    expect(t.count).toBe(0);
    expect(w.dropped).toBe(false);
    t.advance(LOST * 2);
    expect(o.onRestart).not.toHaveBeenCalled();
    expect(o.onLost).not.toHaveBeenCalled();
  });

  it('stop() during the retry loop clears it', () => {
    const { t, o, w } = setup();
    w.mediaFlowing();
    w.iceState('failed');
    w.stop();
    expect(t.count).toBe(0);
    t.advance(LOST * 2);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    expect(o.onLost).not.toHaveBeenCalled();
  });

  it('stop() with nothing pending clears nothing', () => {
    const { t, w } = setup();
    w.stop();
    w.mediaFlowing();
    w.stop();
    expect(t.cleared).toBe(0);
  });
});

describe('ConnectionWatchdog with real (vitest fake) timers by default', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses setTimeout/clearTimeout when no timers are injected', () => {
    vi.useFakeTimers();
    const o = {
      restartAfterMs: 100,
      lostAfterMs: 1000,
      retryEveryMs: 300,
      onRestart: vi.fn(),
      onDrop: vi.fn(),
      onLost: vi.fn(),
      onFailedBeforeConnect: vi.fn(),
    };
    const w = new ConnectionWatchdog(o);
    w.mediaFlowing();
    w.iceState('disconnected');
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(100);
    expect(o.onRestart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(900);
    // restarts at 100, 400, 700; at 1000 the lost timer (armed first) wins and cancels the fourth
    expect(o.onRestart).toHaveBeenCalledTimes(3);
    expect(o.onLost).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    w.iceState('disconnected');
    w.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
