/**
 * What the benches share: the row they report, peak-RSS measurement and building large text
 * inputs in memory. (Not a bench itself: `bench/run.ts` runs only `*.bench.ts`.)
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export type Report = (row: BenchRow) => void;

/**
 * Resets the kernel's peak RSS (VmHWM) through /proc/self/clear_refs; false off Linux (or when
 * the kernel refuses), in which case only a sampled peak is available.
 */
export function resetKernelPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The kernel's exact peak RSS (VmHWM) in bytes since the last reset, when it can be read. */
export function kernelPeak(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface PeakMeter {
  /** Takes the current RSS into the peak now (e.g. right after a synchronous phase); returns the peak. */
  sample(): number;
  /** Stops sampling; the peak RSS in bytes since the meter started. */
  stop(): number;
}

/**
 * Peak RSS of the whole process from now on, sampled every `intervalMs`. With `kernel`, VmHWM is
 * reset at the start and counted at the end: a timer sampling RSS misses the synchronous
 * stretches where the peak happens (falls back to the sampled value off Linux).
 */
export function peakRss(opts: { kernel?: boolean; intervalMs?: number } = {}): PeakMeter {
  const exact = opts.kernel === true && resetKernelPeak();
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    return peak;
  };
  const timer = setInterval(sample, opts.intervalMs ?? 20);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return Math.max(peak, (exact && kernelPeak()) || 0);
    },
  };
}

/** Builds a large text input as UTF-8 bytes, encoding it in ~1 MiB batches (never one huge string). */
export class TextBytes {
  private readonly enc = new TextEncoder();
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  private batch = '';

  add(text: string): void {
    this.batch += text;
    if (this.batch.length > 1 << 20) this.flush();
  }

  /** All the text added, as one byte array. */
  bytes(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let p = 0;
    for (const part of this.parts) {
      out.set(part, p);
      p += part.byteLength;
    }
    return out;
  }

  private flush(): void {
    const b = this.enc.encode(this.batch);
    this.parts.push(b);
    this.size += b.byteLength;
    this.batch = '';
  }
}
