import { defineConfig } from 'vitest/config';

// Shared defaults: every vitest project in vitest.workspace.ts extends this file.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The machine has 2 cores; PGlite and the real-socket servers are CPU-bound.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
