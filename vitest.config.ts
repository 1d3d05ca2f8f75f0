import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // SIP/e2e suites start real Kamailio/sipp/tmux processes on fixed loopback ports.
    fileParallelism: false,
  },
});
