import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real servers and SQLite files; forks keep native modules and sockets isolated.
    pool: 'forks',
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
