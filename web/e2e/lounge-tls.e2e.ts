import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { confirmed, DESKTOP, launchChromium, missingPieces, send, ServerProcess, signIn } from './harness';

const missing = missingPieces();

/** A self-signed certificate for 127.0.0.1, made with the machine's openssl for this run only. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  { stdio: 'ignore' });
  return { cert, key };
}

describe.skipIf(missing.length > 0)('The Lounge over https', () => {
  let server: ServerProcess;
  let browser: Browser;
  let certDir: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'lounge-tls-'));
    const { cert, key } = selfSigned(certDir);
    [server, browser] = await Promise.all([
      ServerProcess.start([`--tls.cert_file=${cert}`, `--tls.key_file=${key}`, '--ws.compression=true']),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  it('serves the page with HSTS, chats over wss:// and negotiates permessage-deflate', async () => {
    const room = `/lounge/${server.forums.general}`;
    // The certificate is self-signed: the browser is told to accept it, as a user would click through.
    const aliceContext = await browser.newContext({ viewport: DESKTOP, ignoreHTTPSErrors: true });
    const bobContext = await browser.newContext({ viewport: DESKTOP, ignoreHTTPSErrors: true });
    const probe = await aliceContext.newPage();
    const response = await probe.goto(server.url(room));
    expect(response?.headers()['strict-transport-security']).toBe('max-age=31536000');
    await probe.close();

    const alice = await aliceContext.newPage();
    const cdp = await aliceContext.newCDPSession(alice);
    await cdp.send('Network.enable');
    const extensions: string[] = [];
    cdp.on('Network.webSocketHandshakeResponseReceived', (event) => {
      const headers = event.response.headers as Record<string, string>;
      const key = Object.keys(headers).find((name) => name.toLowerCase() === 'sec-websocket-extensions');
      extensions.push(key ? headers[key] : '');
    });
    const sockets: string[] = [];
    alice.on('websocket', (ws) => sockets.push(ws.url()));
    await alice.goto(server.url(room));
    await alice.getByTestId('username').fill('alice');
    await alice.getByTestId('sign-in').click();
    await alice.locator('.status-dot.status-open').waitFor();
    const bob = await signIn(bobContext, server, 'bob', room);

    await send(bob, 'hello over https');
    await confirmed(alice, 'hello over https').waitFor();
    await send(alice, 'and back, compressed');
    await confirmed(bob, 'and back, compressed').waitFor();

    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.every((url) => url.startsWith(`wss://127.0.0.1:${server.port}/ws/community/stream/`))).toBe(true);
    expect(extensions[0]).toContain('permessage-deflate');
    expect(extensions[0]).toContain('server_no_context_takeover');
    await aliceContext.close();
    await bobContext.close();
  });
});
