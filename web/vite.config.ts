import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The dashboard's build: web/ → dist/web/, served by the gateway at /ui/ (src/server/dashboard/).
 * Preact's JSX through Vite's own transformer (no plugin). `npm run build` runs it, and `npm install`
 * runs `npm run build` (prepare), so a fresh checkout serves the dashboard after the two commands.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `npm run dev:web`: the page with live reload, the API from a gateway on the default port.
  server: { proxy: { '/admin': 'http://127.0.0.1:4000', '/v1': 'http://127.0.0.1:4000' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // One small bundle: Preact and uPlot are ~60 KB together; no chunk splitting needed.
    chunkSizeWarningLimit: 400,
  },
});
