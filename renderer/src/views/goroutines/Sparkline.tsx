/** A tiny count-over-time line for one group across the open dumps (oldest → newest). */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const w = 90;
  const h = 24;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`);
  const grows = values.length > 1 && values[values.length - 1] > values[0];
  const text = `${label}: ${values.join(' → ')}`;
  return (
    <span className="goroutines-spark" title={text}>
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={text}>
        <polyline
          points={points.join(' ')}
          fill="none"
          stroke={grows ? 'var(--bad)' : 'var(--accent)'}
          strokeWidth="2"
        />
        {values.map((v, i) => (
          <circle
            // biome-ignore lint/suspicious/noArrayIndexKey: one point per dump, in order
            key={i}
            cx={i * step}
            cy={h - 2 - (v / max) * (h - 4)}
            r="2"
            fill={grows ? 'var(--bad)' : 'var(--accent)'}
          />
        ))}
      </svg>
      <span className="goroutines-spark-text">{values.join('→')}</span>
    </span>
  );
}
