import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built widget's shape: what it bundles, how it splits, how its files are named. Its byte
// budgets are measured on the bytes the server sends: apps/server/test/widget-delivery.test.ts.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Built aside, so that a server or browser test reading dist/ meanwhile is not disturbed.
const dist = mkdtempSync(join(tmpdir(), 'sportello-widget-'));

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The panel's file, `dist/widget/panel-<hash>.js`, as the build's manifest names it. */
function panelFile(): string {
  const manifest = JSON.parse(readFileSync(join(dist, 'widget/.vite/manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean }>;
  return join(dist, 'widget', Object.values(manifest).find((c) => c.isEntry)!.file);
}

/** A chunk and, recursively, the chunks it imports statically (what must load before it runs). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["'](\.\/[^"']+)["']/g)) {
    staticClosure(join(dirname(file), m[1]!), seen);
  }
  return seen;
}

beforeAll(() => {
  // Vitest sets NODE_ENV=test, which would make Vite build the development JSX runtime.
  const env = { ...process.env, NODE_ENV: 'production', WIDGET_OUT_DIR: dist };
  const vite = join(dirname(createRequire(join(root, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '-c', 'vite.panel.config.ts', '--logLevel', 'error'], { cwd: root, env, stdio: 'inherit' });
  execFileSync(process.execPath, [vite, 'build', '-c', 'vite.config.ts', '--logLevel', 'error'], { cwd: root, env, stdio: 'inherit' });
});

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('built widget', () => {
  it('loader is a classic script that defines no global but Sportello and loads the panel by URL', () => {
    const code = readFileSync(join(dist, 'widget.js'), 'utf8');
    expect(code).toMatch(/^[!(]function\(\)\{/);
    expect(code).not.toMatch(/^\s*(var|let|const)\s/);
    expect(code).toContain('widget/' + panelFile().split('/').pop());
    expect(code).not.toMatch(/\bimport\s*[{*"']/); // only the dynamic import()
  });

  it('does not bundle zod, the protocol schemas, debug or the WebTransport client', () => {
    for (const file of readdirSync(join(dist, 'widget')).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(dist, 'widget', file), 'utf8');
      expect(code).not.toMatch(/ZodError|\$ZodType|zod/);
      expect(code).not.toContain('messageSendSchema');
      expect(code).not.toContain('WebTransport(');
    }
  });

  it('leaves long-polling out of the panel, in a chunk of its own for networks that block WebSocket', () => {
    const panel = readFileSync(panelFile(), 'utf8');
    expect(panel).not.toContain('XMLHttpRequest');
    expect(panel).not.toContain('_placeholder'); // socket.io-parser's binary support
    const fallback = readdirSync(join(dist, 'widget')).find((f) => f.startsWith('polling-fallback-'));
    expect(fallback).toBeDefined();
    expect(readFileSync(join(dist, 'widget', fallback!), 'utf8')).toContain('XMLHttpRequest');
  });

  it('names every served file with a content hash, so it can be cached for good', () => {
    for (const file of readdirSync(join(dist, 'widget')).filter((f) => f.endsWith('.js'))) {
      expect(file).toMatch(/^[a-z-]+-[\w-]{8}\.js$/);
    }
  });

  // A locale carries all its texts, those of the lazy parts (cards, files) included.
  it('every other locale is its own small chunk', () => {
    const files = readdirSync(join(dist, 'widget'));
    for (const locale of ['it', 'de', 'fr', 'es']) {
      const file = files.find((f) => f.startsWith(locale + '-'));
      expect(file, locale).toBeDefined();
      expect(gz(join(dist, 'widget', file!))).toBeLessThan(1700);
    }
    const english = staticClosure(panelFile());
    expect([...english].some((f) => /\/(it|de|fr|es)-/.test(f))).toBe(false);
  });
});
