import { describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../src/emitter';

type Events = {
  change: (value: number) => void;
  pair: (a: string, b: boolean) => void;
};

describe('Emitter', () => {
  it('calls every listener of the event, in order, with the arguments', () => {
    const e = new Emitter<Events>();
    const calls: string[] = [];
    e.on('change', (v) => calls.push(`a${v}`));
    e.on('change', (v) => calls.push(`b${v}`));
    const pair = vi.fn();
    e.on('pair', pair);
    e.emit('change', 1);
    e.emit('pair', 'x', true);
    expect(calls).toEqual(['a1', 'b1']);
    expect(pair).toHaveBeenCalledExactlyOnceWith('x', true);
  });

  it('emitting an event without listeners is a no-op', () => {
    const e = new Emitter<Events>();
    expect(() => e.emit('change', 1)).not.toThrow();
    expect(e.listenerCount()).toBe(0);
  });

  it('on() returns an unsubscribe that removes only that listener', () => {
    const e = new Emitter<Events>();
    const a = vi.fn();
    const b = vi.fn();
    const offA = e.on('change', a);
    e.on('change', b);
    offA();
    offA(); // twice is harmless
    e.emit('change', 2);
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith(2);
    expect(e.listenerCount()).toBe(1);
  });

  it('the same function registered twice is called once and counted once', () => {
    const e = new Emitter<Events>();
    const fn = vi.fn();
    e.on('change', fn);
    e.on('change', fn);
    e.emit('change', 3);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(e.listenerCount()).toBe(1);
  });

  it('a listener removed during an emit still gets that emit; one added during it does not', () => {
    const e = new Emitter<Events>();
    const late = vi.fn();
    const second = vi.fn();
    let offSecond = () => {};
    e.on('change', () => {
      offSecond();
      e.on('change', late);
    });
    offSecond = e.on('change', second);
    e.emit('change', 4);
    expect(second).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
    e.emit('change', 5);
    expect(second).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledWith(5);
  });

  it('listenerCount counts across events; clear() drops them all', () => {
    const e = new Emitter<Events>();
    const fn = vi.fn();
    e.on('change', fn);
    e.on('change', vi.fn());
    const off = e.on('pair', vi.fn());
    expect(e.listenerCount()).toBe(3);
    e.clear();
    expect(e.listenerCount()).toBe(0);
    e.emit('change', 6);
    expect(fn).not.toHaveBeenCalled();
    off(); // an old unsubscribe after clear() is harmless
    e.on('pair', vi.fn());
    expect(e.listenerCount()).toBe(1);
  });

  it('a throwing listener propagates to the emitter`s caller', () => {
    const e = new Emitter<Events>();
    e.on('change', () => {
      throw new Error('listener failed');
    });
    expect(() => e.emit('change', 7)).toThrow('listener failed');
  });
});
