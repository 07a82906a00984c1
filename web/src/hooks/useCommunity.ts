import { createContext, useContext } from 'react';
import type { CommunityApi, Me } from '../services/community';
import type { SocketFactory } from '../services/roomSocket';

/** What every part of the Lounge shares: the REST client, the signed-in user, and how sockets are made. */
export interface CommunityContextValue {
  api: CommunityApi;
  me: Me;
  createSocket?: SocketFactory;
  signOut: () => void;
}

export const CommunityContext = createContext<CommunityContextValue | null>(null);

export function useCommunity(): CommunityContextValue {
  const value = useContext(CommunityContext);
  if (!value) throw new Error('useCommunity must be used inside <CommunityContext.Provider>');
  return value;
}
