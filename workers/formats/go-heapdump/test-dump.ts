/**
 * Writes small Go heap dumps (go1.7 layout) for tests and benchmarks: objects with pointer
 * fields, globals in bss, goroutines with frames. Little-endian, 8-byte pointers.
 */
export class DumpWriter {
  private parts: number[] = [];
  private out: Uint8Array[] = [];

  constructor(header = 'go1.7 heap dump\n') {
    this.raw(new TextEncoder().encode(header));
  }

  private flush(): void {
    if (this.parts.length) {
      this.out.push(Uint8Array.from(this.parts));
      this.parts = [];
    }
  }

  raw(b: Uint8Array): this {
    this.flush();
    this.out.push(b);
    return this;
  }

  uv(v: number): this {
    let x = v;
    while (x >= 0x80) {
      this.parts.push((x % 128) | 0x80);
      x = Math.floor(x / 128);
    }
    this.parts.push(x);
    return this;
  }

  str(s: string | Uint8Array): this {
    const b = typeof s === 'string' ? new TextEncoder().encode(s) : s;
    this.uv(b.length);
    return this.raw(b);
  }

  /** Contents of `size` bytes with 8-byte pointer values at the given offsets. */
  static words(size: number, ptrs: [number, number][]): Uint8Array {
    const b = new Uint8Array(size);
    const dv = new DataView(b.buffer);
    for (const [off, v] of ptrs) dv.setBigUint64(off, BigInt(v), true);
    for (let i = 0; i < size; i++) if (!ptrs.some(([o]) => i >= o && i < o + 8)) b[i] = 0x41 + (i % 26);
    return b;
  }

  fields(offsets: number[]): this {
    for (const o of offsets) this.uv(1).uv(o);
    return this.uv(0);
  }

  params(heapStart = 0xc000000000, heapEnd = 0xc004000000): this {
    return this.uv(6).uv(0).uv(8).uv(heapStart).uv(heapEnd).str('amd64').str('go1.19.8').uv(2);
  }

  /** An object at `addr` of `size` bytes with pointers {offset: value}. */
  object(addr: number, size: number, ptrs: [number, number][] = []): this {
    return this.uv(1)
      .uv(addr)
      .str(DumpWriter.words(size, ptrs))
      .fields(ptrs.map((p) => p[0]));
  }

  goroutine(goid: number, waitReason = 'chan receive'): this {
    return this.uv(4)
      .uv(0xc000001000 + goid * 0x100)
      .uv(0)
      .uv(goid)
      .uv(0x401000)
      .uv(4)
      .uv(0)
      .uv(0)
      .uv(0)
      .str(waitReason)
      .uv(0)
      .uv(0)
      .uv(0)
      .uv(0);
  }

  frame(funcName: string, ptrs: number[]): this {
    const c = DumpWriter.words(
      Math.max(8, ptrs.length * 8),
      ptrs.map((v, i) => [i * 8, v]),
    );
    return this.uv(5)
      .uv(0xc000200000)
      .uv(0)
      .uv(0)
      .str(c)
      .uv(0x401000)
      .uv(0x401010)
      .uv(0x401010)
      .str(funcName)
      .fields(ptrs.map((_, i) => i * 8));
  }

  segment(kind: 'data' | 'bss', start: number, ptrs: number[]): this {
    const c = DumpWriter.words(
      Math.max(8, ptrs.length * 8),
      ptrs.map((v, i) => [i * 8, v]),
    );
    return this.uv(kind === 'data' ? 12 : 13)
      .uv(start)
      .str(c)
      .fields(ptrs.map((_, i) => i * 8));
  }

  memStats(heapAlloc: number, heapObjects: number): this {
    this.uv(10);
    for (let i = 0; i < 24; i++) this.uv(i === 6 || i === 0 ? heapAlloc : i === 11 ? heapObjects : 0);
    for (let i = 0; i < 256; i++) this.uv(0);
    return this.uv(3);
  }

  memProf(id: number, func: string, file: string, line: number): this {
    return this.uv(16)
      .uv(id)
      .uv(64)
      .uv(2)
      .str('runtime.mallocgc')
      .str('malloc.go')
      .uv(1)
      .str(func)
      .str(file)
      .uv(line)
      .uv(1)
      .uv(0);
  }

  allocSample(addr: number, bucket: number): this {
    return this.uv(17).uv(addr).uv(bucket);
  }

  eof(): this {
    return this.uv(0);
  }

  bytes(): Uint8Array {
    this.flush();
    const n = this.out.reduce((s, b) => s + b.length, 0);
    const all = new Uint8Array(n);
    let o = 0;
    for (const b of this.out) {
      all.set(b, o);
      o += b.length;
    }
    return all;
  }
}

/** A leaky service in miniature: a global map with `orders` entries of `payload` bytes. */
export function leakyDump(orders: number, payload = 256, extraGarbage = 0): Uint8Array {
  const H = 0xc000000000;
  const w = new DumpWriter().params();
  const hmap = H + 0x1000;
  const buckets = H + 0x2000;
  const orderAt = (i: number) => H + 0x100000 + i * 0x40;
  const payloadAt = (i: number) => H + 0x800000 + i * payload;
  const bsize = Math.max(16, orders * 8);
  w.object(hmap, 48, [[16, buckets]]);
  w.object(
    buckets,
    bsize,
    Array.from({ length: orders }, (_, i) => [i * 8, orderAt(i)] as [number, number]),
  );
  for (let i = 0; i < orders; i++) {
    w.object(orderAt(i), 48, [[8, payloadAt(i) + 8]]); // an interior pointer
    w.object(payloadAt(i), payload);
  }
  for (let i = 0; i < extraGarbage; i++) w.object(H + 0x3000000 + i * 32, 32);
  const slice = H + 0x2800000;
  w.object(slice, 4096);
  w.goroutine(1, 'sleep').frame('main.main', [hmap]).frame('runtime.main', []);
  w.goroutine(7)
    .frame('runtime.gopark', [])
    .frame('main.stackHolder', [slice + 100]);
  w.segment('data', 0x5d0000, [0]);
  w.segment('bss', 0x5e0000, [0, hmap]);
  const total = 48 + bsize + orders * (48 + payload) + extraGarbage * 32 + 4096;
  w.memStats(total, 2 + 2 * orders + extraGarbage + 1);
  w.memProf(0xb1, 'main.cacheOrder', '/src/main.go', 131).allocSample(buckets, 0xb1);
  return w.eof().bytes();
}
