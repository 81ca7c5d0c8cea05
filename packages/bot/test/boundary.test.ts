import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The decision step imports nothing but its own files and the protocol: no Node I/O, no network,
// no database. Dev tooling (src/testing, src/dev-eval.ts) may read files.
const src = join(dirname(fileURLToPath(import.meta.url)), '../src');

describe('boundary', () => {
  it('core files import only relative modules and @sportello/protocol (and its subpaths)', () => {
    const core = readdirSync(src).filter((f) => f.endsWith('.ts') && f !== 'dev-eval.ts');
    expect(core.length).toBeGreaterThan(10);
    for (const file of core) {
      const imports = [...readFileSync(join(src, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      const foreign = imports.filter((i) => !i.startsWith('./') && i !== '@sportello/protocol' && !i.startsWith('@sportello/protocol/'));
      expect(foreign, file).toEqual([]);
      // The entry re-exports nothing from the Node-only tools (they have their own entry, ./testing).
      if (file === 'index.ts') expect(imports.filter((i) => i.startsWith('./testing/')), file).toEqual([]);
    }
  });

  it('the exported in-memory order source has no Node imports either', () => {
    const text = readFileSync(join(src, 'testing/memory-order-source.ts'), 'utf8');
    expect(text).not.toMatch(/from 'node:/);
  });
});
