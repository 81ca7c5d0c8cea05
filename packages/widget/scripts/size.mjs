// Prints the raw, gzip (-9) and brotli (quality 11) size of every built file in dist/.
// Usage: pnpm build && pnpm size
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '.vite') yield* files(path); // the build manifest is not served
    } else yield path;
  }
}

const rows = [];
for (const path of files(dist)) {
  const data = readFileSync(path);
  rows.push([
    relative(dist, path),
    data.length,
    gzipSync(data, { level: 9 }).length,
    brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  ]);
}
const width = Math.max(4, ...rows.map((r) => r[0].length));
console.log(['file'.padEnd(width), 'raw'.padStart(8), 'gzip -9'.padStart(8), 'brotli'.padStart(8)].join('  '));
for (const [name, raw, gz, br] of rows) {
  console.log([name.padEnd(width), String(raw).padStart(8), String(gz).padStart(8), String(br).padStart(8)].join('  '));
}
