import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** The @calling packages resolve to their sources in this repository (their `exports` name dist/ for others). */
const conditions = ['@calling/source', ...defaultServerConditions];

/**
 * One project per package. `client-webrtc` (and e2e) need a loopback-only network namespace and are run
 * by scripts/run-tests.mjs inside one; plain `vitest run` runs everything else.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'protocol', include: ['packages/protocol/test/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
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
        extends: true,
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
      {
        extends: true,
        test: { name: 'client', include: ['packages/client/test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
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
      {
        extends: true,
        test: {
          name: 'host',
          include: ['packages/host/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { extends: true, test: { name: 'react', include: ['packages/react/test/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'packaging',
          // Builds, packs and installs every package: alone, and after the suites it would slow down.
          include: ['test/packaging/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
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
