/**
 * Human-readable numbers for the views: the engine's one formatter (exact values go in a title
 * attribute beside them). `formatPercent` here takes a part and a whole.
 */
export {
  formatBytes,
  formatCount,
  formatMs,
  formatShare as formatPercent,
} from '../../../workers/core/format-number.ts';
