import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Vitest global setup of the browser project: the tests load the built widget, as storefronts do. */
export default function setup(): void {
  const widget = fileURLToPath(new URL('../../../../packages/widget', import.meta.url));
  // NODE_ENV is `test` inside Vitest: build as for production, so the tests load what ships.
  execFileSync('pnpm', ['run', 'build'], { cwd: widget, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
