/**
 * A hand-rolled reader for the `gc N @S s P%: …` line: a million-line gctrace spends most of its
 * time allocating regex captures and substrings, and this reads numbers straight from char codes
 * into one reused record. It accepts exactly what the regex in go-gctrace.ts accepts; anything
 * else returns false and the caller falls back to that regex.
 */
export interface GcLineFields {
  n: number;
  seconds: number;
  percent: number;
  clock: number[];
  cpu: number[];
  h0: number;
  h1: number;
  h2: number;
  goal: number;
  forced: boolean;
}

export function newGcLineFields(): GcLineFields {
  return { n: 0, seconds: 0, percent: 0, clock: [], cpu: [], h0: 0, h1: 0, h2: 0, goal: 0, forced: false };
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Reads the line from `at` (where "gc " starts) into `out`; false when the line is not a gc line. */
export function scanGcLine(s: string, at: number, out: GcLineFields): boolean {
  let p = at;
  const lit = (t: string): boolean => {
    if (!s.startsWith(t, p)) return false;
    p += t.length;
    return true;
  };
  // Unsigned decimal; NaN when there is no digit. Integer ÷ power of ten is correctly rounded,
  // so the result equals Number() of the same text for the short values gctrace prints.
  const num = (allowFraction: boolean): number => {
    let int = 0;
    let digits = 0;
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (c < 48 || c > 57) break;
      int = int * 10 + (c - 48);
      digits++;
      p++;
    }
    if (digits === 0) return Number.NaN;
    if (allowFraction && s.charCodeAt(p) === 46 && p + 1 < s.length) {
      const c1 = s.charCodeAt(p + 1);
      if (c1 >= 48 && c1 <= 57) {
        p++;
        let frac = 0;
        let k = 0;
        while (p < s.length) {
          const c = s.charCodeAt(p);
          if (c < 48 || c > 57) break;
          frac = frac * 10 + (c - 48);
          k++;
          p++;
        }
        if (k >= POW10.length || int > 2 ** 40) return Number(s.slice(p - k - 1 - digits, p));
        return (int * POW10[k] + frac) / POW10[k];
      }
    }
    return int;
  };
  const list = (into: number[], seps: string): boolean => {
    into.length = 0;
    for (;;) {
      const v = num(true);
      if (Number.isNaN(v)) return false;
      into.push(v);
      if (p < s.length && seps.includes(s[p])) p++;
      else return true;
    }
  };
  if (!lit('gc ')) return false;
  out.n = num(false);
  if (Number.isNaN(out.n) || !lit(' @')) return false;
  out.seconds = num(true);
  if (Number.isNaN(out.seconds) || !lit('s ')) return false;
  out.percent = num(false);
  if (Number.isNaN(out.percent) || !lit('%: ')) return false;
  if (!list(out.clock, '+') || !lit(' ms clock, ')) return false;
  if (!list(out.cpu, '+/') || !lit(' ms cpu, ')) return false;
  out.h0 = num(false);
  if (Number.isNaN(out.h0) || !lit('->')) return false;
  out.h1 = num(false);
  if (Number.isNaN(out.h1) || !lit('->')) return false;
  out.h2 = num(false);
  if (Number.isNaN(out.h2) || !lit(' MB, ')) return false;
  out.goal = num(false);
  if (Number.isNaN(out.goal) || !lit(' MB goal, ')) return false;
  // optional "S MB stacks, " and "G MB globals, ", then "N P"
  for (let i = 0; i < 3; i++) {
    const v = num(false);
    if (Number.isNaN(v)) return false;
    if (lit(' MB stacks, ') || lit(' MB globals, ')) continue;
    if (!lit(' P')) return false;
    out.forced = s.startsWith(' (forced)', p);
    return true;
  }
  return false;
}
