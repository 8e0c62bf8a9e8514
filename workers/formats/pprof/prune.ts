/**
 * pprof's handling of a profile's drop_frames / keep_frames (profile.Prune): frames at and beneath a
 * frame whose simplified name matches `^(drop)$` (and not `^(keep)$`) are removed from every sample,
 * except that nothing is removed before the first frame from the root that does not match.
 */

import { msg, type WarningSink, warn } from '../../core/messages.ts';

const BRACKET = /\(anonymous namespace\)|operator\(\)|\(/g;

/** pprof's simplifyFunc: strip a leading '.' and the argument list (keeping reserved names). */
export function simplifyFunc(f: string): string {
  let name = f.startsWith('.') ? f.slice(1) : f;
  BRACKET.lastIndex = 0;
  for (let m = BRACKET.exec(name); m !== null; m = BRACKET.exec(name)) {
    if (m[0] !== '(anonymous namespace)' && m[0] !== 'operator()') {
      name = name.slice(0, m.index);
      break;
    }
  }
  return name;
}

/**
 * Applies drop/keep to the location lines (mutated in place, like pprof) and returns the function that
 * trims a sample's location list (leaf first), or undefined when the patterns do not compile.
 */
export function pruneFrames(
  locIds: number[],
  locLines: Map<number, { fn?: number; line: number }[]>,
  fnName: (fid: number) => string,
  drop: string,
  keep: string,
  warnings: WarningSink,
): ((locs: number[]) => number[]) | undefined {
  let dropRx: RegExp;
  let keepRx: RegExp | undefined;
  try {
    dropRx = new RegExp(`^(${drop})$`);
    keepRx = keep ? new RegExp(`^(${keep})$`) : undefined;
  } catch {
    warn(warnings, msg('pprof/warnPrune'));
    return undefined;
  }
  const prune = new Set<number>();
  const pruneBeneath = new Set<number>();
  for (const id of locIds) {
    const lines = locLines.get(id) ?? [];
    let i = lines.length - 1;
    for (; i >= 0; i--) {
      const fid = lines[i].fn;
      const name = fid !== undefined ? fnName(fid) : '';
      if (name === '') continue;
      const simple = simplifyFunc(name);
      if (dropRx.test(simple) && !(keepRx?.test(simple) ?? false)) break;
    }
    if (i >= 0) {
      pruneBeneath.add(id);
      if (i === lines.length - 1) prune.add(id);
      else locLines.set(id, lines.slice(i + 1));
    }
  }
  if (prune.size === 0 && pruneBeneath.size === 0) return undefined;
  return (locs) => {
    let foundUser = false;
    for (let i = locs.length - 1; i >= 0; i--) {
      const id = locs[i];
      if (!prune.has(id) && !pruneBeneath.has(id)) {
        foundUser = true;
        continue;
      }
      if (!foundUser) continue;
      if (prune.has(id)) return locs.slice(i + 1);
      return locs.slice(i);
    }
    return locs;
  };
}
