import { useCallback, useEffect, useState } from 'react';

/** The Lounge's routes: `/lounge/` (no room), `/lounge/:roomId` (a room by id or slug), `/lounge/dm/:threadId`. */
export type Route = { kind: 'home' } | { kind: 'room'; id: string } | { kind: 'dm'; id: string };

export const BASE = '/lounge/';

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : '';
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'dm' && parts[1]) return { kind: 'dm', id: parts[1] };
  if (parts[0] && parts[0] !== 'dm') return { kind: 'room', id: parts[0] };
  return { kind: 'home' };
}

export function routePath(route: Route): string {
  if (route.kind === 'room') return `${BASE}${encodeURIComponent(route.id)}`;
  if (route.kind === 'dm') return `${BASE}dm/${encodeURIComponent(route.id)}`;
  return BASE;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The current route, following the browser's back and forward buttons. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route) => {
    const path = routePath(next);
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    setRoute(next);
  }, []);
  return [route, navigate];
}
