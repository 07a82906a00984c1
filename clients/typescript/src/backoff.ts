/** How long to wait before reconnect attempt `attempt` (1, 2, …): exponential, capped, with jitter. */
export interface BackoffOptions {
  /** The ceiling of the first pause. 500 ms by default. */
  initialMs?: number;
  /** The largest ceiling. 15 s by default. */
  maxMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, maxMs: 15_000 };

/**
 * A pause between half the ceiling and the ceiling, the ceiling doubling with each attempt up to `maxMs`
 * ("equal jitter"): clients cut off together by a restart do not all come back in the same instant, and none
 * waits much less than the schedule says.
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const { initialMs, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Tries again after backoffDelay's pauses, counting the failed tries until one succeeds: a socket's reconnects
 * (KeptSocket) and a refused subscribe's (StreamClient) keep the one schedule this way.
 */
export class Retry {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly random: () => number = Math.random, private readonly options?: BackoffOptions) {}

  /** Counts a failed try, tells `onPause` its number and pause, then runs `again` after that pause. */
  schedule(again: () => void, onPause: (attempt: number, delayMs: number) => void): void {
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.random, this.options);
    onPause(this.attempt, delay);
    this.timer = setTimeout(() => {
      this.timer = null;
      again();
    }, delay);
  }

  /** A try succeeded: the next failure pauses as the first did. */
  succeeded(): void {
    this.attempt = 0;
  }

  /** True while a pause runs. */
  isWaiting(): boolean {
    return this.timer != null;
  }

  /** Ends the pause that runs, without its try. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
