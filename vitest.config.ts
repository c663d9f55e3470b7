import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    pool: 'forks',
    setupFiles: ['test/setup/quiet-cli.ts'],
    globalSetup: ['test/setup/build-dist.ts', 'test/setup/temp-dir.ts'],
  },
});
