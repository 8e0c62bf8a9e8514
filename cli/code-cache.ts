/**
 * Runs a command's CommonJS bundle (out/cli/inspect.cjs, report.cjs) through V8's code cache: the
 * bytecode of every function an earlier run compiled is read back instead of parsing and compiling
 * ~0.5 MB of JavaScript again (Node 20 has no module.enableCompileCache). The cache sits next to the
 * bundle (`npm run build:cli` trains it), else in a per-user folder under the temp dir; it is written
 * when missing or when V8 rejects it (another Node, other flags), atomically, and any failure to read
 * or write it only costs the compile. PMWB_NO_CODE_CACHE=1 turns it off.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Whether V8 took the cached code. */
  cached: boolean;
  /** Writes the cache when there was none or V8 rejected it; `force` writes it anyway. */
  save(force?: boolean): void;
}

/** FNV-1a of a path: installs in different folders keep different caches in the temp dir. */
function pathHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** Where the cache of `file` may be, in the order tried: beside the bundle, then the temp dir. */
export function cachePaths(file: string): string[] {
  const key = `${process.versions.v8}-${process.arch}.cache`;
  const user = process.getuid?.() ?? 'user';
  return [
    `${file}.${key}`,
    join(tmpdir(), `pmwb-code-cache-${user}`, `${basename(file)}-${pathHash(file)}.${key}`),
  ];
}

function readCache(paths: string[]): Buffer | undefined {
  for (const p of paths) {
    try {
      return readFileSync(p);
    } catch {
      // not there: the next place, else compile
    }
  }
  return undefined;
}

function writeCache(paths: string[], data: Buffer): void {
  for (const p of paths) {
    const tmp = `${p}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(tmp, data);
      renameSync(tmp, p);
      return;
    } catch {
      // read-only install: try the temp dir
    }
  }
}

/** Loads the CommonJS bundle `file` as Node would, with its code from the cache when V8 accepts it. */
export function loadBundle(file: string): LoadedBundle {
  const useCache = !process.env.PMWB_NO_CODE_CACHE;
  const paths = cachePaths(file);
  const cachedData = useCache ? readCache(paths) : undefined;
  const source = readFileSync(file, 'utf8');
  // Node's own module wrapper, on the first line so that line numbers stay the bundle's
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    cachedData ? { filename: file, cachedData } : { filename: file },
  );
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  run(module.exports, createRequire(file), module, file, dirname(file));
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cached,
    save(force = false) {
      if (!useCache || (cached && !force)) return;
      try {
        writeCache(paths, script.createCachedData());
      } catch {
        // no cache this time
      }
    },
  };
}
