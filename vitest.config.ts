import { defineConfig } from 'vitest/config';

/**
 * One project per package. `client-webrtc` (and e2e) need a loopback-only network namespace and are run
 * by scripts/run-tests.mjs inside one; plain `vitest run` runs everything else.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'protocol', include: ['packages/protocol/test/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          exclude: ['packages/server/test/cluster/**'],
          environment: 'node',
          // After each file: no socket payload or REST reply carried a phone number (but /api/me's own).
          setupFiles: ['packages/server/test/support/privacy-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server-cluster',
          // Real node processes behind HAProxy, killed and restarted: one file at a time, so timing assertions
          // (a deadline within 1 s, durations) do not compete with other suites for the two cores.
          include: ['packages/server/test/cluster/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'client', include: ['packages/client/test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'client-webrtc',
          include: ['packages/client/test/webrtc/**/*.test.ts'],
          environment: 'node',
          // One file at a time: the network suite takes the namespace's loopback down and up.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'react', include: ['packages/react/test/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'app-shell',
          include: ['packages/app-shell/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
