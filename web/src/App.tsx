import { useCallback, useMemo, useState } from 'react';
import { CommunityClient, userFromAccessToken } from '@community/client';
import { CommunityProvider } from '@community/client/react';
import { CommunityContext } from './hooks/useCommunity';
import { LoungePage } from './pages/LoungePage';
import { SignIn } from './components/Lounge/SignIn';
import { storeToken, takeHostToken } from './services/session';

/** Signs the page in with the token the host handed over (or a development sign-in), then shows the Lounge. */
export function App() {
  const [token, setToken] = useState<string | null>(() => {
    const t = takeHostToken();
    const me = t ? userFromAccessToken(t) : null;
    return me && (me.expiresAt == null || me.expiresAt > Date.now()) ? t : null;
  });
  const [expired, setExpired] = useState(false);
  const tokenRef = useMemo(() => ({ current: token }), []); // eslint-disable-line react-hooks/exhaustive-deps
  tokenRef.current = token;

  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
  }, []);

  const me = token ? userFromAccessToken(token) : null;
  // One client per signed-in user; a new token for the same user is picked up by getAccessToken.
  const client = useMemo(() => new CommunityClient({
    getAccessToken: () => tokenRef.current,
    onUnauthorized: () => {
      storeToken(null);
      setExpired(true);
      setToken(null);
    },
    user: me ? { id: me.id, username: me.username } : undefined,
  }), [tokenRef, me?.id, me?.username]); // eslint-disable-line react-hooks/exhaustive-deps
  const context = useMemo(() => (me ? { client, api: client.api, me, signOut } : null),
    [client, me?.id, me?.username, me?.staff, signOut]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!token || !context) {
    return (
      <SignIn api={client.api} expired={expired} onToken={(t) => {
        storeToken(t);
        setExpired(false);
        setToken(t);
      }} />
    );
  }
  return (
    <CommunityContext.Provider value={context}>
      <CommunityProvider client={client}>
        <LoungePage />
      </CommunityProvider>
    </CommunityContext.Provider>
  );
}
