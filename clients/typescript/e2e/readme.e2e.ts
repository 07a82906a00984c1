/**
 * The README's ten-line example, exactly as written (only its server address changed), run by Node from the package
 * `npm pack` produces — installed into a fresh project beside `ws` and nothing else, so the main entry is proven to
 * need no React — against the real server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, missingPieces, ServerProcess } from './server.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(join(PACKAGE, 'dist/index.js'));
if (!built && process.env.CI === 'true') throw new Error('the package is not built: npm run build');
const missing = [...missingPieces(), ...(built ? [] : ['dist/ (npm run build)'])];

/** The first ```js block of the README. */
function readmeExample(): string {
  const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
  const block = readme.match(/```js\n([\s\S]*?)```/);
  if (!block) throw new Error('README.md has no ```js example');
  return block[1];
}

function run(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [script], { cwd, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    proc.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    proc.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe.skipIf(missing.length > 0)('the README example, from the packed package', () => {
  let server: ServerProcess;
  let project: string;

  beforeAll(async () => {
    server = await ServerProcess.start();
    project = mkdtempSync(join(tmpdir(), 'tsclient-readme-'));
  });

  afterAll(async () => {
    await server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('is ten lines', () => {
    expect(readmeExample().trimEnd().split('\n')).toHaveLength(10);
  });

  it('npm pack holds the built entry points, their types and the README, and nothing else', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project],
      { cwd: PACKAGE, encoding: 'utf8' })) as [{ filename: string; files: { path: string }[] }];
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts',
      'dist/react/index.js', 'dist/react/index.d.ts']));
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md'].includes(f))).toEqual([]);
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@community', 'client'), { recursive: true });
    execFileSync('tar', ['-xzf', join(project, packed.filename), '-C', join(modules, '@community', 'client'),
      '--strip-components=1']);
    symlinkSync(join(PACKAGE, 'node_modules', 'ws'), join(modules, 'ws'), 'dir');
  });

  it('chats against the real server', async () => {
    const example = readmeExample().replace("'http://127.0.0.1:8080'", `'${server.baseUrl}'`);
    expect(example).toContain(server.baseUrl);
    writeFileSync(join(project, 'hello.mjs'), example);
    const { code, out, err } = await run('hello.mjs', project, { ACCESS_TOKEN: accessToken('alice') });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe('alice: Hello from TypeScript!\nstored as #1\n');
  });
});
