/**
 * KeptSocket with Node's real `ws` package, where the browser's WebSocket and the test fakes differ: stopping a
 * socket whose upgrade has not finished.
 */
import { createServer, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommunityApi } from '../src/api.js';
import { KeptSocket, type SocketLike } from '../src/connection.js';

describe('a kept socket on Node', () => {
  let server: Server | null = null;
  const accepted: Socket[] = [];

  afterEach(async () => {
    for (const s of accepted) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('stops while its upgrade is still unanswered without an uncaught error', async () => {
    // A server that accepts the TCP connection and never answers the upgrade: the socket stays CONNECTING.
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', record);
    try {
      const sockets: WebSocket[] = [];
      const api = { connectionToken: async () => ({ connection_token: 'ct-1' }) } as unknown as CommunityApi;
      const kept = new KeptSocket({
        api,
        createSocket: (url) => {
          const ws = new WebSocket(url);
          sockets.push(ws);
          return ws as unknown as SocketLike;
        },
        onEvent: () => {},
        onReconnecting: () => {},
        onFatal: () => {},
      }, {
        url: (token) => `ws://127.0.0.1:${port}/ws/community/stream?token=${token}`,
        welcome: 'ready',
        whyRefused: async () => null,
      });
      kept.start();
      await vi.waitFor(() => expect(accepted).toHaveLength(1), { timeout: 10_000, interval: 10 });
      expect(sockets[0].readyState).toBe(WebSocket.CONNECTING);

      kept.stop();

      // Without a listener, ws's abort error is thrown from its tick and the close event never follows.
      await vi.waitFor(() => expect(uncaught.length > 0 || sockets[0].readyState === WebSocket.CLOSED).toBe(true),
        { timeout: 10_000, interval: 10 });
      expect(uncaught).toEqual([]);
      expect(sockets[0].readyState).toBe(WebSocket.CLOSED);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
