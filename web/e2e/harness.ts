/**
 * The end-to-end harness: the real server jar on a free loopback port with its own data directory, serving this
 * build of the Lounge with development sign-in on, and Debian's Chromium driven by playwright-core (never a
 * browser of Playwright's own). Restarting keeps the port and the data, as a deployment's restart would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
export const JAR = process.env.LOUNGE_SERVER_JAR ?? join(here, '../../server/target/community-server.jar');
export const DIST = join(here, '../dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SECRET = 'e2e-secret-for-the-lounge-0123456789abcdef';

/** What is missing to run the suite here; under CI=true a missing piece fails the run instead of skipping it. */
export function missingPieces(): string[] {
  const missing: string[] = [];
  if (!existsSync(JAR)) missing.push(`the server jar ${JAR} (mvn -DskipTests -pl server -am package)`);
  if (!existsSync(join(DIST, 'index.html'))) missing.push(`the built client ${DIST} (npm run build)`);
  if (!existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (apt-get install chromium)`);
  if (missing.length && process.env.CI === 'true') {
    throw new Error(`end-to-end tests cannot run under CI: missing ${missing.join('; ')}`);
  }
  if (missing.length) console.warn(`skipping the end-to-end tests: missing ${missing.join('; ')}`);
  return missing;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export class ServerProcess {
  private proc: ChildProcess | null = null;
  private output = '';
  forums: Record<string, string> = {};

  private constructor(readonly port: number, readonly dataDir: string, private readonly extra: string[]) {}

  static async start(extra: string[] = []): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'lounge-e2e-')), extra);
    await server.start();
    return server;
  }

  url(path: string): string {
    // With a certificate configured (tls.cert_file) the port speaks https.
    const scheme = this.extra.some((arg) => arg.startsWith('--tls.cert_file=')) ? 'https' : 'http';
    return `${scheme}://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    this.output = '';
    const args = [
      '-Xmx512m', '-XX:TieredStopAtLevel=1', '-jar', JAR,
      '--server.host=127.0.0.1', `--server.port=${this.port}`, '--admin.port=0',
      `--data.dir=${this.dataDir}`, `--auth.jwt.secret=${SECRET}`, `--web.dir=${DIST}`,
      '--web.dev_sign_in=true', '--server.shutdown_grace_seconds=2', ...this.extra,
    ];
    // The server refuses unknown COMMUNITY_* variables: start it with none of the caller's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('COMMUNITY_')));
    const proc = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.proc = proc;
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const deadline = Date.now() + 45_000;
    while (!/listening on/.test(this.output)) {
      if (proc.exitCode != null) throw new Error(`the server exited with ${proc.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) {
        // No ServerProcess reaches the caller's afterAll: stop this one here, or it outlives the run.
        proc.kill('SIGKILL');
        throw new Error(`the server did not start in time:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const match of this.output.matchAll(/forum (\S+) id=([0-9a-f-]{36})/g)) this.forums[match[1]] = match[2];
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode != null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  log(): string {
    return this.output;
  }
}

/**
 * An access token signed with the suite's JWT secret, as a host application would mint it: for tests that bring
 * many people in without a browser (or a development sign-in, which spends the anonymous budget) each.
 */
export function accessToken(sub: string, username = sub): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, username, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

export async function launchChromium(): Promise<Browser> {
  // playwright-core gives every launch a fresh temporary --user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets',
    ],
  });
}

export interface Suite {
  readonly server: ServerProcess;
  readonly browser: Browser;
}

/**
 * The server and the browser that a describe block's tests share. Both start before its first test, side by side
 * as each takes seconds; they are read through the getters because they exist only once beforeAll has run.
 */
export function serverAndBrowser(extra: string[] = []): Suite {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([ServerProcess.start(extra), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
  };
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function newUser(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
}

export interface SignInOptions {
  staff?: boolean;
  waitForRoom?: boolean;
}

/** Opens `path` in a fresh page, signs in with the development sign-in and waits for the room. */
export async function signIn(context: BrowserContext, server: ServerProcess, username: string, path: string,
  options: SignInOptions = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url(path));
  await page.getByTestId('username').fill(username);
  if (options.staff) await page.getByText('Sign in as staff').click();
  await page.getByTestId('sign-in').click();
  if (options.waitForRoom !== false) {
    await page.locator('.status-dot.status-open').waitFor();
  }
  return page;
}

/**
 * Two people on `path`, each in a browser context of their own (a session each). Both contexts are made before
 * either signs in, and the first signs in first: the stories that use it were written in that order.
 */
export async function signInPair(suite: Suite, path: string,
  [first, firstOptions]: [string, SignInOptions?], [second, secondOptions]: [string, SignInOptions?],
): Promise<[[BrowserContext, Page], [BrowserContext, Page]]> {
  const firstContext = await newUser(suite.browser);
  const secondContext = await newUser(suite.browser);
  const firstPage = await signIn(firstContext, suite.server, first, path, firstOptions);
  const secondPage = await signIn(secondContext, suite.server, second, path, secondOptions);
  return [[firstContext, firstPage], [secondContext, secondPage]];
}

/** The subscribe frames the page sends from now on, as sent: what a resume asked the server for. */
export function subscribesSent(page: Page): string[] {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => {
    if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"')) sent.push(frame.payload);
  }));
  return sent;
}

/**
 * Holds the page's way back after an outage (its connection token) until the returned function is called, so a
 * test can make it catch up on what others posted meanwhile instead of seeing it live.
 */
export async function holdReconnection(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/auth/ws-connection-token/', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Types and sends a message; waits until the server acknowledged it (no longer pending). */
export async function send(page: Page, text: string, { acked = true } = {}): Promise<void> {
  const input = page.getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
  if (acked) await confirmed(page, text).waitFor();
}

/** A stored (not pending) message with exactly this text. */
export function confirmed(page: Page, text: string) {
  return page.locator('[data-testid="message"]:not([data-pending])', {
    has: page.getByTestId('message-content').getByText(text, { exact: true }),
  });
}

/** How many rows, stored or pending, show exactly this text. */
export async function countMessages(page: Page, text: string): Promise<number> {
  return page.getByTestId('message-content').getByText(text, { exact: true }).count();
}
