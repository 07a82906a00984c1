import { useCallback, useMemo, useState } from 'react';
import { CommunityContext } from './hooks/useCommunity';
import { LoungePage } from './pages/LoungePage';
import { SignIn } from './components/Lounge/SignIn';
import { CommunityApi, meFromToken, storeToken, takeHostToken } from './services/community';

/** Signs the page in with the token the host handed over (or a development sign-in), then shows the Lounge. */
export function App() {
  const [token, setToken] = useState<string | null>(() => {
    const t = takeHostToken();
    const me = t ? meFromToken(t) : null;
    return me && (me.expiresAt == null || me.expiresAt > Date.now()) ? t : null;
  });
  const [expired, setExpired] = useState(false);
  const tokenRef = useMemo(() => ({ current: token }), []); // eslint-disable-line react-hooks/exhaustive-deps
  tokenRef.current = token;

  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
  }, []);

  const api = useMemo(() => new CommunityApi({
    token: () => tokenRef.current,
    onUnauthorized: () => {
      storeToken(null);
      setExpired(true);
      setToken(null);
    },
  }), [tokenRef]);

  const me = token ? meFromToken(token) : null;
  const context = useMemo(() => (me ? { api, me, signOut } : null), [api, me?.id, me?.username, me?.staff, signOut]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!token || !context) {
    return (
      <SignIn api={api} expired={expired} onToken={(t) => {
        storeToken(t);
        setExpired(false);
        setToken(t);
      }} />
    );
  }
  return (
    <CommunityContext.Provider value={context}>
      <LoungePage />
    </CommunityContext.Provider>
  );
}
