import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * engine.io-client's default transports are HTTP long-polling, WebSocket and WebTransport. The
 * widget connects over WebSocket only (see `transports` in src/panel/chat-client.ts for why), so
 * the import of `./transports/index.js` from engine.io-client's socket is replaced with the
 * WebSocket transport alone: about 2.5 KB (gzip) less.
 */
function websocketOnly(): Plugin {
  let dir = '';
  return {
    name: 'sportello:engine-transports',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './transports/index.js' && importer && /engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(importer)) {
        dir = join(dirname(importer), 'transports');
        return '\0sportello-transports';
      }
      return null;
    },
    load(id) {
      if (id !== '\0sportello-transports') return null;
      return [
        `import { WS } from ${JSON.stringify(join(dir, 'websocket.js'))};`,
        'export const transports = { websocket: WS };',
      ].join('\n');
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
    alias: [{ find: /^socket\.io-parser$/, replacement: join(here, 'src/panel/json-parser.ts') }],
  },
  plugins: [websocketOnly()],
  build: {
    outDir: 'dist/widget',
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
