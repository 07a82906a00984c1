/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The server sends `name.gz` to browsers that accept gzip: write one beside every text file of the build. */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'lounge-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (/\.(html|js|mjs|css|json|svg|map|txt)$/.test(name)) {
            const bytes = readFileSync(path);
            if (bytes.length >= 1024) writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
          }
        }
      };
      walk(outDir);
    },
  };
}

const server = process.env.LOUNGE_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/lounge/',
  plugins: [react(), precompress()],
  // @community/client is linked from ../clients/typescript, which has a React of its own for its tests: the
  // Lounge's bundle and tests must use one React, this one.
  resolve: {
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    // `npm run dev` talks to a running server: REST, the token exchange and WebSockets go through this proxy.
    proxy: {
      '/community': server,
      '/auth': server,
      '/lounge/dev-sign-in': server,
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
