/**
 * The end-to-end harness: the real server jar on a free loopback port with its own temporary data directory (the
 * embedded store) and a known JWT secret, so the tests mint access tokens themselves. Restarting keeps the port
 * and the data, as a deployment's restart would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { CommunityClient, type CommunityClientOptions } from '../src/client.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const JAR = process.env.TSCLIENT_SERVER_JAR ?? join(here, '../../../server/target/community-server.jar');
const SECRET = 'e2e-secret-for-the-typescript-client-0123456789';

/** What is missing to run the suite here; under CI=true a missing piece fails the run instead of skipping it. */
export function missingPieces(): string[] {
  const missing: string[] = [];
  if (!existsSync(JAR)) missing.push(`the server jar ${JAR} (mvn -DskipTests -pl server -am package)`);
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
  /** The default forums' ids by slug (general, random, …), from the start-up log. */
  forums: Record<string, string> = {};

  private constructor(readonly port: number, readonly dataDir: string, private readonly extra: string[]) {}

  static async start(extra: string[] = []): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'tsclient-e2e-')), extra);
    await server.start();
    return server;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.output = '';
    const args = [
      '-Xmx384m', '-XX:TieredStopAtLevel=1', '-jar', JAR,
      '--server.host=127.0.0.1', `--server.port=${this.port}`, '--admin.port=0',
      `--data.dir=${this.dataDir}`, `--auth.jwt.secret=${SECRET}`, '--server.shutdown_grace_seconds=1',
      ...this.extra,
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
      if (Date.now() > deadline) throw new Error(`the server did not start in time:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const match of this.output.matchAll(/forum (\S+) id=([0-9a-f-]{36})/g)) this.forums[match[1]] = match[2];
  }

  /** SIGTERM, as an operator's restart: the server closes its sockets with 1001 and exits. */
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

  /** A client of this server signed in as `user`, with short pauses between reconnects (a restart costs little). */
  client(user: string, options: Partial<CommunityClientOptions> = {}): CommunityClient {
    return new CommunityClient({
      baseUrl: this.baseUrl,
      getAccessToken: () => accessToken(user),
      WebSocket,
      backoff: { initialMs: 200, maxMs: 1000 },
      ...options,
    });
  }
}

/** An HS256 access JWT for `sub`, signed with the test server's secret, as a host application would issue it. */
export function accessToken(sub: string, options: { username?: string; staff?: boolean; expiresInSeconds?: number } = {}): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    sub,
    username: options.username ?? sub,
    exp: Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600),
    ...(options.staff ? { staff: true } : {}),
  };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}
