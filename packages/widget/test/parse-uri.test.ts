import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/panel/parse-uri';

// engine.io-client's own parser, which the panel's build replaces with src/panel/parse-uri.ts.
const engineDir = dirname(createRequire(import.meta.url).resolve('engine.io-client/package.json'));
const original = (await import(pathToFileURL(join(engineDir, 'build/esm/contrib/parseuri.js')).href)) as { parse: (s: string) => Record<string, unknown> };

const FIELDS = ['protocol', 'host', 'port', 'path', 'query', 'queryKey', 'source'] as const;

describe('parse-uri: the fields socket.io-client and engine.io-client read, as their own parser gives them', () => {
  for (const uri of [
    'https://chat.example.com/visitor',
    'http://127.0.0.1:3000/visitor',
    'https://chat.example.com:8443/visitor',
    'http://[::1]:3000/visitor',
    'https://chat.example.com/sportello/visitor',
    'wss://chat.example.com/visitor?site=demo&x=1',
  ]) {
    it(uri, () => {
      const mine = parse(uri) as Record<string, unknown>;
      const theirs = original.parse(uri);
      for (const field of FIELDS) {
        // A root path: theirs says '', ours '/'; socket.io-client's url() makes both '/'.
        if (field === 'path' && theirs.path === '') expect(mine.path).toBe('/');
        else expect(mine[field], field).toEqual(theirs[field]);
      }
    });
  }

  it('a bare host (engine.io-client reads only its host)', () => {
    expect(parse('chat.example.com:3000').host).toBe(original.parse('chat.example.com:3000').host);
  });
});
