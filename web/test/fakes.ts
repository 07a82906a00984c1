import type { SocketLike } from '../src/services/roomSocket';
import { CommunityApi } from '../src/services/community';
import type { ServerEvent } from '../src/types/community';

/** A WebSocket the test drives: it records frames and delivers events and closes on command. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
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
    this.onopen?.(new Event('open'));
  }

  emit(event: ServerEvent): void {
    this.onmessage?.({ data: JSON.stringify(event) } as MessageEvent);
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }

  frames(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type);
  }
}

/** A REST client whose every call answers from `routes` ("METHOD /path" → [status, body]). */
export function fakeApi(routes: Record<string, [number, unknown]> = {}): { api: CommunityApi; calls: string[] } {
  const calls: string[] = [];
  let tokens = 0;
  const api = new CommunityApi({
    token: () => 'access-token',
    baseUrl: 'http://lounge.test',
    fetch: async (input, init) => {
      const path = input.replace('http://lounge.test', '');
      const key = `${init?.method ?? 'GET'} ${path}`;
      calls.push(key);
      if (key === 'POST /auth/ws-connection-token/' && !routes[key]) {
        tokens += 1;
        return new Response(JSON.stringify({ connection_token: `ct-${tokens}`, expires_in: 60 }), { status: 200 });
      }
      const [status, body] = routes[key] ?? [404, { error: { code: 'not_found', message: 'no such endpoint' } }];
      return new Response(body === undefined ? null : JSON.stringify(body), { status });
    },
  });
  return { api, calls };
}
