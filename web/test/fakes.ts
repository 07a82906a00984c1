import { CommunityClient, type SocketLike } from '@community/client';
import type { ServerEvent } from '@community/client';

/** A WebSocket the test drives: it records frames and delivers events and closes on command. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => unknown) | null = null;
  onmessage: ((event: { data: unknown }) => unknown) | null = null;
  onclose: ((event: { code: number }) => unknown) | null = null;
  onerror: ((event: unknown) => unknown) | null = null;
  closedByClient: number | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code = 1000): void {
    this.closedByClient = code;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  emit(event: ServerEvent): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }

  frames(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type);
  }
}

/**
 * A client on `createSocket` whose every REST call answers from `routes` ("METHOD /path" → [status, body]); the
 * connection-token exchange answers ct-1, ct-2, … unless a route says otherwise.
 */
export function fakeClient(createSocket: (url: string) => SocketLike, routes: Record<string, [number, unknown]> = {},
  user = { id: 'alice', username: 'Alice' }): { client: CommunityClient; calls: string[]; bodies: Record<string, unknown[]> } {
  const calls: string[] = [];
  /** The JSON bodies sent, by "METHOD /path", in order. */
  const bodies: Record<string, unknown[]> = {};
  let tokens = 0;
  const client = new CommunityClient({
    baseUrl: 'http://lounge.test',
    getAccessToken: () => 'access-token',
    user,
    createSocket,
    fetch: async (url, init) => {
      const path = url.replace('http://lounge.test', '');
      const key = `${init.method} ${path}`;
      calls.push(key);
      if (typeof init.body === 'string') (bodies[key] ??= []).push(JSON.parse(init.body));
      if (key === 'POST /auth/ws-connection-token/' && !routes[key]) {
        tokens += 1;
        return new Response(JSON.stringify({ connection_token: `ct-${tokens}`, expires_in: 60 }), { status: 200 });
      }
      const [status, body] = routes[key] ?? [404, { error: { code: 'not_found', message: 'no such endpoint' } }];
      return new Response(body === undefined ? null : JSON.stringify(body), { status });
    },
  });
  return { client, calls, bodies };
}
