// Builds the `kestrel ui` pages into dist/web. JSX is compiled by Vite's own esbuild (no React
// plugin: nothing here needs fast refresh), and nothing is inlined into index.html, so the
// server's Content-Security-Policy (scripts and styles from this origin only) holds.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  logLevel: 'warn',
});
