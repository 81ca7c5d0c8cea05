import { defineWorkspace } from 'vitest/config';

// One project per package. Database tests run on embedded PGlite, and once more on the real
// PostgreSQL when TEST_DATABASE_URL is set (as `.ci/run` does).
const postgres = process.env.TEST_DATABASE_URL;

const onDatabases = (name: string, root: string) => [
  { extends: './vite.config.ts', test: { name: `${name} (pglite)`, root, include: ['{src,test}/**/*.test.ts'], exclude: ['test/browser/**'], env: { TEST_DB: 'pglite' } } },
  ...(postgres
    ? [{ extends: './vite.config.ts', test: { name: `${name} (postgres)`, root, include: ['{src,test}/**/*.test.ts'], exclude: ['test/browser/**'], env: { TEST_DB: 'postgres' } } }]
    : []),
];

export default defineWorkspace([
  { extends: './vite.config.ts', test: { name: 'protocol', root: 'packages/protocol', include: ['{src,test}/**/*.test.ts'] } },
  { extends: './vite.config.ts', test: { name: 'bot', root: 'packages/bot', include: ['{src,test}/**/*.test.ts'] } },
  { extends: './vite.config.ts', test: { name: 'commerce', root: 'packages/commerce', include: ['{src,test}/**/*.test.ts'] } },
  { extends: './vite.config.ts', test: { name: 'widget', root: 'packages/widget', include: ['test/**/*.test.ts'] } },
  { extends: './vite.config.ts', test: { name: 'integrations', root: 'integrations', include: ['test/**/*.test.ts'] } },
  ...onDatabases('db', 'packages/db'),
  ...onDatabases('server', 'apps/server'),
  // The widget and the console in Debian's Chromium, against the real server and the built widget.
  {
    extends: './vite.config.ts',
    test: { name: 'browser', root: 'apps/server', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/build-widget.ts'], env: { TEST_DB: 'pglite' } },
  },
]);
