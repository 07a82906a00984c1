import { defineConfig } from 'vitest/config';

/** Unit tests: the client over fake sockets and a fake fetch (the React hook's tests run in jsdom). */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
