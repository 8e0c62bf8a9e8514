/**
 * Number formatting with the exact rules of `go tool pprof` (internal/measurement): unit
 * families, automatic scaling, `%.2f` with trailing ".00" trimmed, and pprof's percentages.
 * Used by the top table so our strings match pprof's character for character.
 */

import { formatBytes, formatCount, formatMs } from '../../core/format-number.ts';

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}

interface UnitFamily {
  units: Unit[];
  defaultUnit: Unit;
}

const FAMILIES: UnitFamily[] = [
  {
    units: [
      { name: 'B', aliases: ['b', 'byte'], factor: 1 },
      { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    defaultUnit: { name: 'B', aliases: ['b', 'byte'], factor: 1 },
  },
  {
    units: [
      { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
    ],
    defaultUnit: { name: 's', aliases: [], factor: 1e9 },
  },
  {
    units: [
      { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
      { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
      { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
      { name: 'GCU', aliases: ['gcu'], factor: 1 },
      { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
      { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
      { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
      { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
      { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
    ],
    defaultUnit: { name: 'GCU', aliases: [], factor: 1 },
  },
];

function sniffUnit(family: UnitFamily, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return family.units.find((x) => x.aliases.includes(u));
}

function autoScale(family: UnitFamily, value: number): [number, string] | undefined {
  let f = 0;
  let name = '';
  for (const u of family.units) {
    if (u.factor >= f && value / u.factor >= 1) {
      f = u.factor;
      name = u.name;
    }
  }
  return f === 0 ? undefined : [value / f, name];
}

/** pprof's `measurement.Scale`: converts `value` in `fromUnit` to `toUnit` ('auto'/'minimum' pick one). */
export function scale(value: number, fromUnit: string, toUnit: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, fromUnit, toUnit);
    return [-v, u];
  }
  for (const family of FAMILIES) {
    const from = sniffUnit(family, fromUnit);
    if (!from) continue;
    const v = value * from.factor;
    if (toUnit === 'minimum' || toUnit === 'auto') {
      const auto = autoScale(family, v);
      if (auto) return auto;
      return [v / family.defaultUnit.factor, family.defaultUnit.name];
    }
    const to = sniffUnit(family, toUnit);
    if (!to) return [v / family.defaultUnit.factor, family.defaultUnit.name];
    return [v / to.factor, to.name];
  }
  switch (toUnit) {
    case 'count':
    case 'sample':
    case 'unit':
    case 'minimum':
    case 'auto':
      return [value, ''];
    default:
      return [value, toUnit];
  }
}

/**
 * Go's `fmt.Sprintf("%.2f", v)`: correctly rounded, ties to even on the exact binary value
 * (JavaScript's toFixed breaks exact ties upwards, e.g. 1.125 → "1.13" where Go prints "1.12").
 */
export function goFixed2(v: number): string {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e21) return v.toFixed(2);
  const exact = Math.abs(v).toFixed(30);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 3);
  if (/^50*$/.test(tail)) {
    // exact tie: round to the even neighbour
    const truncated = exact.slice(0, dot + 3);
    const lastDigit = Number(truncated[truncated.length - 1]);
    const down = truncated;
    const up = (Number(truncated.replace('.', '')) + 1) / 100;
    const s = lastDigit % 2 === 0 ? down : up.toFixed(2);
    return v < 0 ? `-${s}` : s;
  }
  return v.toFixed(2);
}

/**
 * A sample value as the rest of the workbench writes numbers (`4.39 MiB`, `12.5 ms`, `1,234`), for
 * people; `scaledLabel`/`formatTop` stay for output that must match `go tool pprof` character for character.
 */
export function humanValue(value: number, sampleUnit: string): string {
  const [bytes, time] = FAMILIES;
  const b = sniffUnit(bytes, sampleUnit);
  if (b) return formatBytes(value * b.factor);
  const t = sniffUnit(time, sampleUnit);
  if (t) return formatMs((value * t.factor) / 1e6);
  if (
    ['count', 'sample', 'samples', 'unit', 'contentions', 'objects', 'goroutine', ''].includes(sampleUnit)
  ) {
    return formatCount(value);
  }
  return scaledLabel(value, sampleUnit, 'auto');
}

/** The exact value with its unit, for a tooltip beside `humanValue`. */
export function exactValue(value: number, sampleUnit: string): string {
  return `${value.toLocaleString('en-US')} ${sampleUnit}`.trim();
}

/** pprof's `measurement.ScaledLabel`. */
export function scaledLabel(value: number, fromUnit: string, toUnit: string): string {
  const [v, u] = scale(value, fromUnit, toUnit);
  let sv = goFixed2(v);
  if (sv.endsWith('.00')) sv = sv.slice(0, -3);
  if (sv === '0' || sv === '-0') return '0';
  return sv + u;
}

/** Go's `%5.2g`. */
function goG2(x: number): string {
  if (x === 0) return '    0';
  const [mant, expStr] = x.toExponential(1).split('e');
  const exp = Number(expStr);
  let s: string;
  if (exp < -4 || exp >= 2) {
    const m = mant.replace(/\.?0+$/, '');
    const e = Math.abs(exp);
    s = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  } else {
    s = x.toFixed(Math.max(0, 1 - exp));
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s.padStart(5, ' ');
}

/** pprof's `measurement.Percentage` (the `flat%`, `sum%`, `cum%` columns, with the `%`). */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${ratio.toFixed(2).padStart(5, ' ')}%`;
  return `${goG2(ratio)}%`;
}

/**
 * pprof's report-wide output unit (`selectOutputUnit` with the default `-unit=minimum`): the unit of
 * the smallest non-zero node value, moved up one when the smallest is under 1% of the total.
 */
export function selectOutputUnit(
  rows: readonly { flat: number; cum: number }[],
  total: number,
  sampleUnit: string,
): string {
  if (rows.length === 0) return sampleUnit;
  let minValue = 0;
  for (const r of rows) {
    let m = Math.abs(r.flat);
    if (m === 0) m = Math.abs(r.cum);
    if (m > 0 && (minValue === 0 || m < minValue)) minValue = m;
  }
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const minUnit = scale(minValue, sampleUnit, 'minimum')[1];
  const maxUnit = scale(maxValue, sampleUnit, 'minimum')[1];
  let unit = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue)
    unit = scale(100 * minValue, sampleUnit, 'minimum')[1];
  return unit || sampleUnit;
}

/** One row of `go tool pprof -top`, as pprof prints it (without the name). */
export interface TopTextRow {
  flat: string;
  flatPct: string;
  sumPct: string;
  cum: string;
  cumPct: string;
  name: string;
}

/** Formats a sorted top table exactly as `go tool pprof -top` does. */
export function formatTop(
  rows: readonly { name: string; flat: number; cum: number }[],
  total: number,
  sampleUnit: string,
): TopTextRow[] {
  const unit = selectOutputUnit(rows, total, sampleUnit);
  let sum = 0;
  return rows.map((r) => {
    sum += r.flat;
    return {
      flat: scaledLabel(r.flat, sampleUnit, unit),
      flatPct: percentage(r.flat, total),
      sumPct: percentage(sum, total),
      cum: scaledLabel(r.cum, sampleUnit, unit),
      cumPct: percentage(r.cum, total),
      name: r.name,
    };
  });
}
