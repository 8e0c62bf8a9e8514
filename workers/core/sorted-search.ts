/**
 * Index of the last element ≤ `v` in `sorted[lo..hi]` (ascending), or -1 when every element is
 * greater. The lookup behind "which object / symbol contains this address".
 */
export function lastAtOrBelow(sorted: ArrayLike<number>, v: number, lo = 0, hi = sorted.length - 1): number {
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
