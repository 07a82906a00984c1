import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { CommunityApi, User } from '@community/client';
import { BlockListStore, type BlockListSnapshot } from './blockList';

const BlockListContext = createContext<BlockListStore | null>(null);

/** One block list for the signed-in user, read once when the Lounge opens, for everything below. */
export function BlockListProvider({ api, children }: { api: CommunityApi; children?: ReactNode }) {
  const store = useMemo(() => new BlockListStore(api), [api]);
  useEffect(() => {
    void store.load();
  }, [store]);
  return <BlockListContext.Provider value={store}>{children}</BlockListContext.Provider>;
}

export interface BlockList extends BlockListSnapshot {
  /** False outside a BlockListProvider: nothing is collapsed and nothing can be blocked there. */
  available: boolean;
  isBlocked: (userId: string) => boolean;
  block: (user: User) => Promise<void>;
  unblock: (userId: string) => Promise<void>;
  reload: () => Promise<void>;
}

const NO_STORE_SNAPSHOT: BlockListSnapshot = { blocked: [], ids: new Set(), loaded: true, error: null };
const noSubscription = () => () => undefined;
const noSnapshot = () => NO_STORE_SNAPSHOT;
const unavailable = () => Promise.reject(new Error('Blocking is not available here.'));

/** My block list and its changes; re-renders when it changes. */
export function useBlockList(): BlockList {
  const store = useContext(BlockListContext);
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscription, store?.getSnapshot ?? noSnapshot,
    store?.getSnapshot ?? noSnapshot);
  // The operations depend on the store alone, so effects that use them (reload on opening) run once.
  const operations = useMemo(() => ({
    available: store != null,
    block: store ? (user: User) => store.block(user) : unavailable,
    unblock: store ? (userId: string) => store.unblock(userId) : unavailable,
    reload: store ? () => store.load() : () => Promise.resolve(),
  }), [store]);
  return useMemo(() => ({
    ...snapshot,
    ...operations,
    isBlocked: (userId: string) => snapshot.ids.has(userId),
  }), [snapshot, operations]);
}
