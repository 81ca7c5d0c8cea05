import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup of the browser project: the tests load the built widget, as storefronts do,
 * and the built console, as agents do.
 */
export default function setup(): void {
  // NODE_ENV is `test` inside Vitest: build as for production, so the tests load what ships.
  const env = { ...process.env, NODE_ENV: 'production' };
  for (const app of ['../../../../packages/widget', '../../../console']) {
    execFileSync('pnpm', ['run', 'build'], { cwd: fileURLToPath(new URL(app, import.meta.url)), stdio: 'inherit', env });
  }
}
