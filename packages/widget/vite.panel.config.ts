import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { zopfliGzip } from './scripts/zopfli-gzip';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the build goes: `dist/` unless WIDGET_OUT_DIR says otherwise (the budget test builds aside). */
const outDir = process.env.WIDGET_OUT_DIR || join(here, 'dist');
// engine.io-client's browser transports (the same copy socket.io-client uses: one version range).
const engineTransports = join(dirname(createRequire(import.meta.url).resolve('engine.io-client/package.json')), 'build/esm/transports');

/**
 * engine.io-client's default transports are HTTP long-polling, WebSocket and WebTransport. The
 * panel connects over WebSocket alone (see `transports` in src/panel/chat-client.ts for why), so
 * the import of `./transports/index.js` from engine.io-client's socket and index is replaced with the
 * WebSocket transport: about 2.5 KB (gzip) less. Long-polling, the fallback for networks that
 * block WebSocket, is the module `sportello:polling` (src/panel/polling-fallback.ts imports it),
 * which lands in its own chunk because nothing else imports it.
 */
function transports(): Plugin {
  const ids = { index: '\0sportello-transports', polling: '\0sportello-polling', none: '\0sportello-no-transport' };
  let dir = engineTransports;
  return {
    name: 'sportello:engine-transports',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'sportello:polling') return ids.polling;
      // engine.io-client's index re-exports the polling transports: cut those edges, or the chunk
      // graph would pull them into the panel (Rollup places a module by who imports it).
      if (/^\.\/transports\/polling-(xhr|fetch)(\.node)?\.js$/.test(source) && importer && /engine\.io-client[\\/]build[\\/]esm[\\/]index\.js$/.test(importer)) {
        return ids.none;
      }
      if (source === './transports/index.js' && importer && /engine\.io-client[\\/]build[\\/]esm[\\/](socket|index)\.js$/.test(importer)) {
        dir = join(dirname(importer), 'transports');
        return ids.index;
      }
      return null;
    },
    load(id) {
      const file = (name: string) => JSON.stringify(join(dir, name));
      if (id === ids.index) return `import { WS } from ${file('websocket.js')};\nexport const transports = { websocket: WS };`;
      if (id === ids.none) return 'export const XHR = undefined, Fetch = undefined;';
      if (id === ids.polling) return `export { XHR } from ${file('polling-xhr.js')};\nexport { WS as WebSocket } from ${file('websocket.js')};`;
      return null;
    },
  };
}

/**
 * The panel: an ES module (`dist/widget/panel-<hash>.js`) that the loader imports on first intent, with
 * Preact, socket.io-client, the panel styles and the English texts. Other locales are split into
 * their own small chunks next to it and loaded on demand.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
  resolve: {
    // JSON-only packets: see src/panel/json-parser.ts.
    alias: [
      { find: /^socket\.io-parser$/, replacement: join(here, 'src/panel/json-parser.ts') },
      // The browser's URL parser instead of engine.io-client's own: see src/panel/parse-uri.ts.
      { find: /^\.\/contrib\/parseuri\.js$/, replacement: join(here, 'src/panel/parse-uri.ts') },
    ],
  },
  // Served as they are by the server (@fastify/static, preCompressed): brotli and gzip made once, at build time.
  plugins: [transports(), compression({ algorithms: [defineAlgorithm('brotliCompress'), zopfliGzip] })],
  build: {
    outDir: join(outDir, 'widget'),
    emptyOutDir: true,
    target: 'es2020',
    minify: 'terser',
    terserOptions: { compress: { passes: 3, pure_getters: true }, format: { comments: false } },
    copyPublicDir: false,
    // Every file has a content hash in its name, so the server can cache /widget/* for good; the
    // loader (built next, see vite.config.ts) reads the panel's name from this manifest.
    manifest: true,
    lib: { entry: 'src/panel/main.tsx', formats: ['es'], fileName: () => 'panel-[hash].js' },
    rollupOptions: {
      // Let the lazy chunks import shared code from the panel itself, not from a second chunk.
      preserveEntrySignatures: 'allow-extension',
      output: { chunkFileNames: '[name]-[hash].js' },
    },
  },
});
