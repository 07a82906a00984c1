import type { BlockedUser, CommunityApi, User } from '@community/client';
import { messageOf } from './format';

export interface BlockListSnapshot {
  /** My blocks, newest first, as the server lists them (and as changed from here since). */
  blocked: BlockedUser[];
  /** The ids of `blocked`, for the per-message check. */
  ids: ReadonlySet<string>;
  loaded: boolean;
  error: string | null;
}

const EMPTY: BlockListSnapshot = { blocked: [], ids: new Set(), loaded: false, error: null };

/**
 * My block list, shared by every part of the page that asks "is this author blocked?" (the collapsed messages)
 * and the list that unblocks. The server is the authority: each change is the server's answer, applied here only
 * once it succeeded, so the page never shows a block the server does not hold.
 */
export class BlockListStore {
  private snapshot: BlockListSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: CommunityApi) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): BlockListSnapshot => this.snapshot;

  /** Reads the whole list again (every page). */
  async load(): Promise<void> {
    try {
      this.set(await this.api.all((page) => this.api.listBlocks(page)), null);
    } catch (e) {
      this.set(this.snapshot.blocked, messageOf(e, 'Your blocked users could not be loaded.'));
    }
  }

  /** Blocks `user`; rejects with the server's error and changes nothing when it refuses. */
  async block(user: User): Promise<void> {
    const answer = await this.api.block(user.id);
    const rest = this.snapshot.blocked.filter((b) => b.user.id !== user.id);
    this.set([answer, ...rest], null);
  }

  /** Unblocks `userId` (the server answers 204 whether or not they were blocked). */
  async unblock(userId: string): Promise<void> {
    await this.api.unblock(userId);
    this.set(this.snapshot.blocked.filter((b) => b.user.id !== userId), null);
  }

  private set(blocked: BlockedUser[], error: string | null): void {
    this.snapshot = { blocked, ids: new Set(blocked.map((b) => b.user.id)), loaded: true, error };
    for (const listener of [...this.listeners]) listener();
  }
}
