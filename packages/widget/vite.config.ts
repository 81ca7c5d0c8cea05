import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { zopfliGzip } from './scripts/zopfli-gzip';

/** Where the build goes: `dist/` unless WIDGET_OUT_DIR says otherwise (the budget test builds aside). */
const outDir = process.env.WIDGET_OUT_DIR || join(dirname(fileURLToPath(import.meta.url)), 'dist');

/** The panel's built file name (`panel-<hash>.js`), from the manifest of the panel's build. */
function panelFile(): string {
  let manifest: Record<string, { file: string; isEntry?: boolean }>;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, 'widget/.vite/manifest.json'), 'utf8'));
  } catch {
    throw new Error('Build the panel first: vite build -c vite.panel.config.ts (or pnpm build).');
  }
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('The panel manifest names no entry.');
  return entry.file;
}

/**
 * The loader: `dist/widget.js`, one IIFE that holds the call queue, the public API and the
 * launcher. Built after the panel (`vite.panel.config.ts`), so it must not empty `dist/`.
 */
export default defineConfig({
  // The loader imports `<its own directory>/widget/<this name>`.
  define: { __PANEL_FILE__: JSON.stringify(panelFile()) },
  esbuild: { legalComments: 'none' },
  // Served as they are by the server (@fastify/static, preCompressed): brotli and gzip made once, at build time.
  plugins: [compression({ algorithms: [defineAlgorithm('brotliCompress'), zopfliGzip] })],
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2020',
    minify: 'terser',
    terserOptions: { compress: { passes: 3, pure_getters: true }, format: { comments: false } },
    copyPublicDir: false,
    lib: { entry: 'src/loader/main.ts', formats: ['iife'], name: 'SportelloLoader', fileName: () => 'widget.js' },
  },
});
