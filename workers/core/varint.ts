/** A protobuf-style unsigned varint at `p` (up to 10 bytes); undefined when cut off. */
export function readVarint(b: Uint8Array, p: number): { value: number; next: number } | undefined {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10 && p < b.length; i++, p++) {
    value += (b[p] & 0x7f) * mul;
    mul *= 128;
    if ((b[p] & 0x80) === 0) return { value, next: p + 1 };
  }
  return undefined;
}
