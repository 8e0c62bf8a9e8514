// `npm start` runs this first: on a host where Electron's binary could not be downloaded (or was
// skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1), say so and point at the browser build, instead of
// building everything and then failing with "Electron failed to install correctly".
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron');
} catch {
  binary = undefined;
}
if (typeof binary !== 'string' || !existsSync(binary)) {
  process.stderr.write(
    [
      'npm start: no Electron binary on this machine (its download failed or was skipped).',
      '  The same app runs in the browser:   npm run web   → http://localhost:5173',
      '  Or fetch Electron again:            rm -rf node_modules/electron && npm install',
      '  Or point at an unpacked Electron:   ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
