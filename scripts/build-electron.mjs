// Bundles the Electron main and preload into CommonJS (a sandboxed preload must be one file).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
};
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'out/electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'out/electron/preload.cjs' });
console.log('electron main and preload bundled into out/electron/');
