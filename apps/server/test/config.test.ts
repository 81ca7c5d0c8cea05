import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

/** The server's configuration as an operator meets it: every mistake at once, and `.env` read. */
describe('configuration', () => {
  it('reports every invalid value at once, a line each', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'verbose', TRUST_PROXY: 'yes', PUBLIC_URL: 'not a url', COMMERCE: 'magento', HEALTH_MAX_LAG_MS: '10' });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('The configuration is not valid:');
    expect(lines.slice(1)).toEqual([
      '- PORT must be an integer of at least 0, got "eighty"',
      '- COMMERCE must be demo, shopify or woocommerce, got "magento"',
      '- PUBLIC_URL must be an absolute URL, got "not a url"',
      '- LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      '- TRUST_PROXY must be true or false, got "yes"',
      '- HEALTH_MAX_LAG_MS must be an integer of at least 50, got "10"',
    ]);
  });

  it('accepts the documented values', () => {
    const config = loadConfig({ PORT: '8080', LOG_LEVEL: 'warn', TRUST_PROXY: '1', PUBLIC_URL: 'https://chat.example.com/' });
    expect(config).toMatchObject({ port: 8080, logLevel: 'warn', trustProxy: true, publicUrl: 'https://chat.example.com' });
  });

  it('reads .env in the working directory, the environment winning, in the CLI and the server alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-env-'));
    try {
      writeFileSync(join(dir, '.env'), `# the shop's settings\nDATA_DIR=${join(dir, 'from-dotenv')}\nLOG_LEVEL=loud\n`);
      const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
      const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
      // This process's environment without what the file sets (an unset variable, not an empty one, lets the file's count).
      const { DATA_DIR: _data, LOG_LEVEL: _level, DATABASE_URL: _url, ...inherited } = process.env;
      // tsx by its own path: the working directory is elsewhere, without node_modules.
      const tsx = pathToFileURL(join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist/loader.mjs')).href;
      const run = (file: string, args: string[], env: Record<string, string> = {}) =>
        promisify(execFile)(process.execPath, ['--import', tsx, file, ...args], { cwd: dir, env: { ...inherited, ...env }, timeout: 20_000 }).then(
          (r) => ({ code: 0, out: r.stdout + r.stderr }),
          (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
        );
      // The file's LOG_LEVEL is wrong: both entry points say so, in one line and without a stack trace.
      const server = await run(main, []);
      expect(server.code).toBe(1);
      expect(server.out).toContain('- LOG_LEVEL must be one of');
      expect(server.out).not.toMatch(/at .*\.ts:\d+/);
      // The environment wins over the file; the file's DATA_DIR is the one read.
      const exported = await run(cli, ['kb', 'export', '--site', 'x'], { LOG_LEVEL: 'silent' });
      expect(exported.code).toBe(1);
      expect(exported.out).toContain(`There is no database in ${join(dir, 'from-dotenv')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
