import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, Retry } from '../src/backoff.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the retry schedule a socket and a subscribe share', () => {
  it('counts failed tries on the backoff schedule until one succeeds, and runs each try after its pause', () => {
    const retry = new Retry(() => 0.5, { initialMs: 100, maxMs: 1000 });
    const pauses: [number, number][] = [];
    const again = vi.fn();
    const onPause = (attempt: number, delayMs: number) => pauses.push([attempt, delayMs]);
    retry.schedule(again, onPause);
    expect(retry.isWaiting()).toBe(true);
    vi.advanceTimersByTime(backoffDelay(1, () => 0.5, { initialMs: 100 }) - 1);
    expect(again).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(again).toHaveBeenCalledTimes(1);
    expect(retry.isWaiting()).toBe(false);
    retry.schedule(again, onPause);
    vi.runOnlyPendingTimers();
    retry.succeeded();
    retry.schedule(again, onPause);
    expect(pauses).toEqual([[1, 75], [2, 150], [1, 75]]);
  });

  it('drops the try of a cancelled pause', () => {
    const retry = new Retry(() => 0);
    const again = vi.fn();
    retry.schedule(again, () => undefined);
    retry.cancel();
    expect(retry.isWaiting()).toBe(false);
    vi.runAllTimers();
    expect(again).not.toHaveBeenCalled();
  });
});
