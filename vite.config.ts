import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/csp.ts';
import { samplesPlugin } from './scripts/vite-samples-plugin.ts';

/**
 * The production CSP goes into the built HTML (the dev server needs inline scripts for
 * React refresh, so it is applied on build only). Electron serves the same files.
 */
const CSP = CONTENT_SECURITY_POLICY;

function cspMeta(): Plugin {
  return {
    name: 'pmwb-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: 'public',
  plugins: [react(), cspMeta(), samplesPlugin(new URL('./samples', import.meta.url).pathname)],
  worker: { format: 'es' },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, fs: { allow: ['..'] } },
  preview: { port: 5173 },
});
