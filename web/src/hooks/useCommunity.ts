import { createContext, useContext } from 'react';
import type { CommunityApi, CommunityClient, StreamClient } from '@community/client';
import type { Me } from '../services/session';

/** What every part of the Lounge shares: the client (its REST API as `api`) and the signed-in user. */
export interface CommunityContextValue {
  client: CommunityClient;
  api: CommunityApi;
  me: Me;
  signOut: () => void;
}

export const CommunityContext = createContext<CommunityContextValue | null>(null);

export function useCommunity(): CommunityContextValue {
  const value = useContext(CommunityContext);
  if (!value) throw new Error('useCommunity must be used inside <CommunityContext.Provider>');
  return value;
}

/**
 * The tab's one user stream (null while it opens): rooms shown live are subscriptions on it. Left undefined (no
 * provider, as in unit tests of a single room) a room opens on a socket of its own.
 */
export const StreamContext = createContext<StreamClient | null | undefined>(undefined);

export function useLoungeStream(): StreamClient | null | undefined {
  return useContext(StreamContext);
}
