/**
 * The observable half that RoomClient and StreamClient share, beside the socket they share (KeptSocket): an immutable
 * snapshot with its change listeners (the getState/subscribe pair React's useSyncExternalStore takes), listeners by
 * event name that hear each server event after the snapshot took it in, and the `ready()` promise that settles on the
 * first snapshot that answers it. What the snapshot holds and when it changes stay each client's own.
 */

/** What a `settle` check found: the value to resolve with, or the message to reject with. */
export type Settled<T> = { value: T } | { error: string };

export class ClientStore<S, E extends { event: string }> {
  private readonly stateListeners = new Set<() => void>();
  private readonly eventListeners = new Map<string, Set<(event: E) => void>>();

  constructor(private snapshot: S) {}

  /** The current snapshot. Bound, so that a client can hand it on as its own `getState`. */
  readonly getState = (): S => this.snapshot;

  /** Calls `listener` after every change; returns the unsubscribe function. Bound, as `getState`. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /**
   * Takes a new snapshot without telling the listeners yet: a client may have follow-ups to run on it first (a
   * RoomClient writes its outbox), and `notify` tells them after.
   */
  replace(next: S): void {
    this.snapshot = next;
  }

  /** Tells every state listener, those subscribed while it runs excepted. */
  notify(): void {
    for (const listener of [...this.stateListeners]) listener();
  }

  /** Calls `listener` with every event of this name `deliver` is given; returns the unsubscribe function. */
  on(name: string, listener: (event: E) => void): () => void {
    let listeners = this.eventListeners.get(name);
    if (!listeners) {
      listeners = new Set();
      this.eventListeners.set(name, listeners);
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Hands a server event to the listeners of its name. */
  deliver(event: E): void {
    for (const listener of this.eventListeners.get(event.event) ?? []) {
      try {
        listener(event);
      } catch (e) {
        // A listener's bug must not stop the client; it still surfaces as an uncaught error.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  /**
   * Resolves or rejects as `check` says, now or after the first change it answers (null: not yet), and stops
   * listening then.
   */
  settle<T>(check: () => Settled<T> | null): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (): boolean => {
        const outcome = check();
        if (!outcome) return false;
        if ('value' in outcome) resolve(outcome.value);
        else reject(new Error(outcome.error));
        return true;
      };
      if (done()) return;
      const unsubscribe = this.subscribe(() => {
        if (done()) unsubscribe();
      });
    });
  }
}
