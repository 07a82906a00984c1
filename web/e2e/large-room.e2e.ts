import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { accessToken, launchChromium, missingPieces, newUser, ServerProcess, signIn } from './harness';

const missing = missingPieces();

const HISTORY = 10_000;
const MEMBERS_ONLINE = 1_000;
/** Connections opened at once while the room fills: bounded, so the server's accept queue and this process stay calm. */
const CONNECT_BATCH = 50;
/** Where the measured figures are written (besides the test log), for docs and comparisons between builds. */
const REPORT = process.env.LOUNGE_PERF_REPORT;

/** Posts `count` messages over REST, `parallel` at a time, as one seeding user. */
async function seed(server: ServerProcess, roomId: string, count: number, parallel = 16): Promise<void> {
  const signIn = await fetch(server.url('/lounge/dev-sign-in'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'seeder' }),
  });
  const { access_token: token } = await signIn.json() as { access_token: string };
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const n = next++;
      // every 7th message is longer, so rows differ in height as in a real conversation
      const content = n === 1 ? 'the very first message' : n % 7 === 0
        ? `history ${n}: ${'a longer line that wraps on a narrow screen, '.repeat(4)}with \`code\` and **bold**`
        : `history ${n}`;
      const response = await fetch(server.url(`/community/rooms/${roomId}/messages/`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ content, client_id: `seed-${n}` }),
      });
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(`seeding message ${n}: ${response.status} ${await response.text()}`);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

describe.skipIf(missing.length > 0)('The Lounge in a large room', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      ServerProcess.start([
        '--limits.rate_messages=1000000', '--limits.rest_requests_per_second=100000',
        '--limits.rest_requests_burst=100000', '--limits.rest_concurrent_requests=64',
        '--limits.ws_requests_per_second=1000', '--limits.ws_requests_burst=1000',
        // room_state lists everyone online up to this many (the default lists 200 and counts the rest)
        `--ws.presence_list_limit=${MEMBERS_ONLINE + 100}`,
      ]),
      launchChromium(),
    ]);
    await seed(server, server.forums.random, HISTORY);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('scrolls 10,000 messages of history with a bounded DOM, pages back, and jumps to the oldest from search', async () => {
    const context = await newUser(browser);
    const page = await signIn(context, server, 'reader', `/lounge/${server.forums.random}`);
    await page.locator('[data-testid="message"]', { hasText: `history ${HISTORY}` }).first().waitFor();

    // scrolling up pages older history in (request_history), the reading position kept
    const scroller = page.locator('.message-scroller');
    const oldestShown = () => page.locator('[data-testid="message"][data-seq]').evaluateAll(
      (rows) => Math.min(...rows.map((r) => Number((r as HTMLElement).dataset.seq))));
    const newestAtStart = await oldestShown();
    // Held at the top as a reader's thumb would be: a list that lays itself out late (a slow machine) scrolls to its
    // newest message once more, and a single scrollTo made before that would be undone.
    await page.waitForFunction((seq) => {
      document.querySelector('.message-scroller')?.scrollTo({ top: 0 });
      return [...document.querySelectorAll<HTMLElement>('[data-testid="message"][data-seq]')]
        .some((r) => Number(r.dataset.seq) < seq - 50);
    }, newestAtStart, { polling: 250 });

    // "jump to message" from search: the oldest message is paged in (about 200 pages) and centred
    await page.getByTestId('search-input').fill('very first');
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('search-results').getByTestId('found-hit').getByText('the very first message').click();
    await page.locator('.message.focused').getByText('the very first message', { exact: true })
      .waitFor({ timeout: 120_000 });
    await page.getByText('This is the beginning of the conversation.').waitFor();

    // all 10,000 are held now; the page holds only what is on screen and a margin
    const rendered = await page.locator('[data-testid="message"]').count();
    expect(rendered).toBeLessThan(120);

    // scroll the whole history from the oldest to the newest, a screen a frame, and measure it
    const figures = await scroller.evaluate(async (el) => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      const frames: number[] = [];
      let maxRendered = 0;
      await new Promise<void>((resolve) => {
        let last = performance.now();
        const step = (now: number) => {
          frames.push(now - last);
          last = now;
          maxRendered = Math.max(maxRendered, el.querySelectorAll('[data-testid="message"]').length);
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) {
            resolve();
            return;
          }
          el.scrollTop += el.clientHeight * 0.9;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      await new Promise((r) => setTimeout(r, 0));
      observer.disconnect();
      const sorted = [...frames.slice(1)].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
      return {
        frames: sorted.length,
        frameMsP50: at(0.5),
        frameMsP95: at(0.95),
        frameMsMax: at(1),
        longTasks: longTasks.length,
        longTaskMsTotal: Math.round(longTasks.reduce((a, b) => a + b, 0)),
        longTaskMsMax: Math.round(Math.max(0, ...longTasks)),
        maxRendered,
      };
    });
    // frame times say as much about the machine as about the page: the load it was under is part of the figure
    const report = { history: HISTORY, viewport: '1280x800', ...figures, cpus: cpus().length,
      loadAverage1m: Math.round(loadavg()[0] * 10) / 10 };
    console.log(`large room scroll: ${JSON.stringify(report)}`);
    if (REPORT) writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    // what is asserted is the shape, not a time: the DOM stayed bounded all the way through 10,000 messages
    expect(figures.maxRendered).toBeLessThan(120);
    expect(figures.frames).toBeGreaterThan(10);
    await page.locator('[data-testid="message"]', { hasText: `history ${HISTORY}` }).first().waitFor();
    await context.close();
  }, 300_000);

  /**
   * One person's room socket, as any client opens it: a connection token for their access token, then the upgrade;
   * resolved at the room_state that admits them (they are online from then on).
   */
  async function connectMember(roomId: string, n: number): Promise<WebSocket> {
    const id = `member-${String(n).padStart(4, '0')}`;
    const answer = await fetch(server.url('/auth/ws-connection-token/'), {
      method: 'POST', headers: { Authorization: `Bearer ${accessToken(id, `Member ${n}`)}` },
    });
    if (answer.status !== 200) throw new Error(`connection token for ${id}: ${answer.status} ${await answer.text()}`);
    const { connection_token: token } = await answer.json() as { connection_token: string };
    const socket = new WebSocket(server.url(`/ws/community/room/${roomId}/?connection_token=${token}`).replace(/^http/, 'ws'));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', (code) => reject(new Error(`${id} closed with ${code}`)));
      const admitted = (data: WebSocket.RawData) => {
        if (!data.toString().includes('"room_state"')) return;
        socket.off('message', admitted);
        socket.removeAllListeners('close');
        socket.on('error', () => undefined); // a socket cut at the end is no failure of the test
        resolve(socket);
      };
      socket.on('message', admitted);
    });
  }

  it(`renders a room with ${MEMBERS_ONLINE} people online on real connections, the list virtualized and scrolled through`, async () => {
    const roomId = server.forums.general;
    const sockets: WebSocket[] = [];
    try {
      // a thousand people, each on a room socket of their own, opened in batches
      for (let start = 0; start < MEMBERS_ONLINE; start += CONNECT_BATCH) {
        const batch = Array.from({ length: Math.min(CONNECT_BATCH, MEMBERS_ONLINE - start) }, (_, i) => start + i);
        const opened = await Promise.allSettled(batch.map((n) => connectMember(roomId, n)));
        for (const result of opened) if (result.status === 'fulfilled') sockets.push(result.value);
        const failed = opened.find((result) => result.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      }
      expect(sockets.length).toBe(MEMBERS_ONLINE);

      const context = await newUser(browser);
      const page = await signIn(context, server, 'watcher', `/lounge/${roomId}`);
      const everyone = MEMBERS_ONLINE + 1; // and the watcher
      const people = page.getByTestId('online-users');
      await people.getByText(`Online — ${everyone}`).waitFor();
      await page.getByTestId('online-count').getByText(`${everyone} online`).waitFor();
      expect(await people.getByTestId('online-summary').count()).toBe(0);
      // the virtualized list renders one row to measure it, then a screenful: wait for the screenful
      await expect.poll(() => people.getByTestId('online-user').count()).toBeGreaterThan(5);
      expect(await people.getByTestId('online-user').count()).toBeLessThan(100);

      // scrolled through a screen at a time, every one of them shows once, and the page never holds many rows
      const seen = await people.locator('.people-list').evaluate(async (list) => {
        const names = new Set<string>();
        let most = 0;
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (;;) {
          const shown = list.querySelectorAll('[data-testid="online-user"] .people-name');
          most = Math.max(most, shown.length);
          shown.forEach((row) => names.add(row.textContent ?? ''));
          if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
          list.scrollTop += list.clientHeight * 0.8;
          await frame();
        }
        return { names: [...names], most };
      });
      expect(seen.names.length).toBe(everyone);
      expect(seen.names.filter((name) => /^Member \d+$/.test(name)).length).toBe(MEMBERS_ONLINE);
      expect(seen.names).toContain('watcher (you)');
      expect(seen.most).toBeLessThan(100);
      await context.close();
    } finally {
      await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      })));
    }
  }, 300_000);
});
