import { defineConfig } from 'vitest/config';

// Runs the widget's tests alone: `npx vitest run --root . test/`. The root vitest workspace should
// get the same project: { name: 'widget', root: 'packages/widget', include: ['test/**/*.test.ts'] }.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
