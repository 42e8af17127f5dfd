import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One line naming what this machine skips (no ../shared/external, no Chromium); under CI, a failure.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Crawls and servers are real; two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
