import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The console: `dist/index.html` plus hashed assets, served by the server under `/console/`.
 * No inline script or style ends up in the page, so the server can send a strict CSP.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
  // Served as they are by the server (@fastify/static, preCompressed): brotli and gzip made once, at build time.
  plugins: [compression({ algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })] })],
  build: {
    outDir: process.env.CONSOLE_OUT_DIR || join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
