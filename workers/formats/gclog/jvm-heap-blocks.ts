import type { GcEvent } from './model.ts';

/**
 * `-Xlog:gc+heap=debug` prints the heap before and after each collection
 * (`GC(3) Heap before GC invocations=3 (full 0):` then ` garbage-first heap total 65536K, used 39054K`)
 * and nothing else: no pause lines. These blocks still say that a collection ran, when it started,
 * whether it was full (the full count rises) and the heap on either side of it.
 */

interface Side {
  usedK: number;
  totalK: number;
  full: number;
  relMs?: number;
  absMs?: number;
  line: number;
}

export interface HeapBlocks {
  byId: Map<number, { before?: Side; after?: Side }>;
  /** The block whose generation lines are being read. */
  open?: Side;
}

const BLOCK_HEAD = /^Heap (before|after) GC invocations=\d+ \(full (\d+)\):/;
/** A generation or the whole heap: `garbage-first heap   total 65536K, used 6068K`, `PSYoungGen total …`. */
const SPACE = /\btotal (\d+)K, used (\d+)K/;

export function newHeapBlocks(): HeapBlocks {
  return { byId: new Map() };
}

/** Reads one `GC(n)` detail line; true when it belonged to a heap block. */
export function readHeapBlockLine(
  b: HeapBlocks,
  id: number,
  rest: string,
  line: number,
  relMs: number | undefined,
  absMs: number | undefined,
): boolean {
  const head = BLOCK_HEAD.exec(rest);
  if (head) {
    const side: Side = { usedK: 0, totalK: 0, full: Number(head[2]), relMs, absMs, line };
    const entry = b.byId.get(id) ?? {};
    entry[head[1] as 'before' | 'after'] = side;
    b.byId.set(id, entry);
    b.open = side;
    return true;
  }
  const space = b.open ? SPACE.exec(rest) : null;
  if (space && b.open) {
    b.open.totalK += Number(space[1]);
    b.open.usedK += Number(space[2]);
    return true;
  }
  if (!/^(?:Metaspace|class space|region size|eden|from|to|object space|the space)\b/.test(rest))
    b.open = undefined;
  return false;
}

/**
 * One event per collection that has both blocks and no summary line of its own: start at the
 * "before" block, heap used before and after, full when the full count rose. The pause is not
 * in such a log (0, and the caller says so).
 */
export function heapBlockEvents(
  b: HeapBlocks,
  hasEvent: (id: number) => boolean,
): { ev: GcEvent; relMs?: number; absMs?: number }[] {
  const out: { ev: GcEvent; relMs?: number; absMs?: number }[] = [];
  for (const [id, { before, after }] of b.byId) {
    if (!before || !after || hasEvent(id) || before.totalK === 0 || after.totalK === 0) continue;
    const full = after.full > before.full;
    const ev: GcEvent = {
      t: 0,
      kind: full ? 'full' : 'young',
      name: full ? 'Full collection (heap blocks)' : 'Collection (heap blocks)',
      pauseMs: 0,
      heapBeforeBytes: before.usedK * 1024,
      heapAfterBytes: after.usedK * 1024,
      goalBytes: after.totalK * 1024,
      id,
      line: before.line,
    };
    if (full) ev.heapLiveBytes = ev.heapAfterBytes;
    out.push({ ev, relMs: before.relMs, absMs: before.absMs });
  }
  return out;
}
