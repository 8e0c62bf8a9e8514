import type { ByteSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { lastAtOrBelow } from '../../core/sorted-search.ts';

/**
 * Global data symbols of an ELF executable (a Go service binary), so that data/bss roots of a heap
 * dump can be named `main.orderCache` instead of `bss+0xe0`. Only the section headers, `.symtab` and
 * its string table are read — never the whole binary.
 */
export interface ElfSymbols {
  stripped: boolean;
  /** Object symbols sorted by address. */
  addresses: Float64Array;
  sizes: Float64Array;
  names: string[];
}

const STT_OBJECT = 1;
const SHT_SYMTAB = 2;
const MAX_SYMTAB = 512 * 1024 * 1024;

export async function readElfSymbols(source: ByteSource): Promise<ElfSymbols> {
  const fail = (offset: number, expected: string, found?: string) =>
    new ParseError(source.name, { offset }, expected, found);
  const ident = await source.read(0, 64);
  if (ident.length < 52 || ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) {
    throw fail(0, 'an ELF executable (\\x7fELF)');
  }
  const wide = ident[4] === 2;
  const little = ident[5] === 1;
  if ((ident[4] !== 1 && ident[4] !== 2) || (ident[5] !== 1 && ident[5] !== 2)) {
    throw fail(4, 'ELF class 1 or 2 and data encoding 1 or 2');
  }
  const h = new DataView(ident.buffer, ident.byteOffset, ident.byteLength);
  const word = (v: DataView, at: number) =>
    wide ? Number(v.getBigUint64(at, little)) : v.getUint32(at, little);
  const shoff = word(h, wide ? 0x28 : 0x20);
  const shentsize = h.getUint16(wide ? 0x3a : 0x2e, little);
  const shnum = h.getUint16(wide ? 0x3c : 0x30, little);
  if (shoff === 0 || shnum === 0) return empty(true);
  if (shoff + shentsize * shnum > source.size || shentsize < (wide ? 64 : 40)) {
    throw fail(wide ? 0x28 : 0x20, 'section headers inside the file');
  }
  const shBytes = await source.read(shoff, shentsize * shnum);
  const sh = new DataView(shBytes.buffer, shBytes.byteOffset, shBytes.byteLength);
  const section = (i: number) => {
    const b = i * shentsize;
    return {
      type: sh.getUint32(b + 4, little),
      offset: word(sh, b + (wide ? 0x18 : 0x10)),
      size: word(sh, b + (wide ? 0x20 : 0x14)),
      link: sh.getUint32(b + (wide ? 0x28 : 0x18), little),
      entsize: word(sh, b + (wide ? 0x38 : 0x24)),
    };
  };
  let symtab: ReturnType<typeof section> | undefined;
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type === SHT_SYMTAB) symtab = s;
  }
  if (!symtab) return empty(true);
  if (symtab.link >= shnum) throw fail(shoff, 'a string table for .symtab');
  const strtab = section(symtab.link);
  for (const s of [symtab, strtab]) {
    if (s.offset + s.size > source.size || s.size > MAX_SYMTAB)
      throw fail(s.offset, 'a symbol section inside the file');
  }
  const entsize = symtab.entsize || (wide ? 24 : 16);
  const symBytes = await source.read(symtab.offset, symtab.size);
  const strBytes = await source.read(strtab.offset, strtab.size);
  const sym = new DataView(symBytes.buffer, symBytes.byteOffset, symBytes.byteLength);
  const decoder = new TextDecoder();
  const found: { addr: number; size: number; name: string }[] = [];
  for (let b = 0; b + entsize <= symBytes.length; b += entsize) {
    const nameOff = sym.getUint32(b, little);
    const info = wide ? sym.getUint8(b + 4) : sym.getUint8(b + 12);
    if ((info & 0xf) !== STT_OBJECT) continue;
    const addr = wide ? Number(sym.getBigUint64(b + 8, little)) : sym.getUint32(b + 4, little);
    const size = wide ? Number(sym.getBigUint64(b + 16, little)) : sym.getUint32(b + 8, little);
    if (addr === 0 || nameOff >= strBytes.length) continue;
    let end = nameOff;
    while (end < strBytes.length && strBytes[end] !== 0) end++;
    found.push({ addr, size, name: decoder.decode(strBytes.subarray(nameOff, end)) });
  }
  found.sort((a, b) => a.addr - b.addr);
  return {
    stripped: false,
    addresses: Float64Array.from(found, (s) => s.addr),
    sizes: Float64Array.from(found, (s) => s.size),
    names: found.map((s) => s.name),
  };
}

function empty(stripped: boolean): ElfSymbols {
  return { stripped, addresses: new Float64Array(0), sizes: new Float64Array(0), names: [] };
}

/** The symbol containing `addr`, with the offset into it (`main.orderCache`, `+0x8`). */
export function symbolAt(symbols: ElfSymbols, addr: number): { name: string; offset: number } | undefined {
  const best = lastAtOrBelow(symbols.addresses, addr);
  if (best < 0) return undefined;
  const offset = addr - symbols.addresses[best];
  if (offset >= Math.max(symbols.sizes[best], 1)) return undefined;
  return { name: symbols.names[best], offset };
}
