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
