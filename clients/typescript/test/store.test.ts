import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientStore, type Settled } from '../src/store.js';

type Event = { event: 'a' | 'b'; n: number };

let store: ClientStore<{ count: number; done?: boolean; failed?: string }, Event>;

beforeEach(() => {
  vi.useFakeTimers();
  store = new ClientStore({ count: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the observable store both clients keep', () => {
  it('hands out its snapshot and tells subscribers on notify, not on replace', () => {
    const { getState, subscribe } = store; // handed on unbound, as useSyncExternalStore takes them
    const changes = vi.fn();
    const unsubscribe = subscribe(changes);
    const next = { count: 1 };
    store.replace(next);
    expect(getState()).toBe(next);
    expect(changes).not.toHaveBeenCalled();
    store.notify();
    expect(changes).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.notify();
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('does not tell a listener subscribed while it notifies until the next change', () => {
    const late = vi.fn();
    store.subscribe(() => store.subscribe(late));
    store.notify();
    expect(late).not.toHaveBeenCalled();
    store.notify();
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('delivers an event to the listeners of its name only, past a listener that throws', () => {
    const heard: string[] = [];
    store.on('a', () => {
      throw new Error('a listener bug');
    });
    const off = store.on('a', (e) => heard.push(`a${e.n}`));
    store.on('b', (e) => heard.push(`b${e.n}`));
    store.deliver({ event: 'a', n: 1 });
    store.deliver({ event: 'b', n: 2 });
    off();
    store.deliver({ event: 'a', n: 3 });
    expect(heard).toEqual(['a1', 'b2']);
    // the bug still surfaces, as an uncaught error of its own
    expect(() => vi.runOnlyPendingTimers()).toThrow('a listener bug');
  });

  it('settles on the first change its check answers, or at once, and then stops listening', async () => {
    const check = vi.fn((): Settled<number> | null => {
      const { count, done, failed } = store.getState();
      if (done) return { value: count };
      if (failed) return { error: failed };
      return null;
    });
    const later = store.settle(check);
    store.replace({ count: 1 });
    store.notify();
    store.replace({ count: 2, done: true });
    store.notify();
    await expect(later).resolves.toBe(2);
    expect(check).toHaveBeenCalledTimes(3);
    store.notify();
    expect(check).toHaveBeenCalledTimes(3);
    store.replace({ count: 3, failed: 'stopped' });
    await expect(store.settle(check)).rejects.toThrow('stopped');
  });
});
