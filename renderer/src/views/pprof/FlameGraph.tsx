import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlameTree } from '../../../../workers/formats/pprof/analysis.ts';
import type { PrunedFlameTree } from '../../../../workers/formats/pprof/flame-view.ts';
import { humanValue } from '../../../../workers/formats/pprof/units.ts';

const ROW = 20;

interface Props {
  tree: FlameTree;
  search: string;
  /** For a diff tree: colour by growth. */
  diff?: boolean;
  /**
   * For a pruned tree (only the drawable nodes under one zoom root): zooming asks the worker again for
   * the subtree of this full-tree node id.
   */
  onZoom?: (fullId: number) => void;
}

function isPruned(t: FlameTree): t is PrunedFlameTree {
  return (t as Partial<PrunedFlameTree>).fullId !== undefined;
}

function hue(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h % 60;
}

/**
 * Icicle flame graph on a canvas: one rectangle per visible node (nodes narrower than half a pixel are
 * skipped), click to zoom into a frame, the root to zoom out, search highlights matching frames.
 */
export function FlameGraph({ tree, search, diff, onZoom }: Props) {
  const { t } = useTranslation('views');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [zoomState, setZoomState] = useState<{ tree: FlameTree; node: number }>({ tree, node: 0 });
  const pruned = isPruned(tree) && onZoom ? tree : undefined;
  // a pruned tree is already the zoomed subtree: node 0 is the zoom root
  const zoom = !pruned && zoomState.tree === tree ? zoomState.node : 0;
  const atTop = pruned ? pruned.root === 0 : zoom === 0;
  const setZoom = (node: number) => {
    if (pruned && onZoom) onZoom(node < 0 ? 0 : (pruned.fullId[node] ?? 0));
    else setZoomState({ tree, node });
  };
  const zoomOut = (node: number) => {
    if (pruned && onZoom) onZoom(Math.max(0, pruned.rootParent));
    else setZoom(Math.max(0, tree.parent[node]));
  };
  const resetZoom = () => {
    if (pruned && onZoom) onZoom(0);
    else setZoom(0);
  };
  const rootIsTotal = pruned ? pruned.root === 0 : true;
  const isTotal = (i: number) => i === 0 && rootIsTotal;
  const [hoverState, setHoverState] = useState<{ tree: FlameTree; node: number; x: number; y: number }>();
  // a hover belongs to the tree it was taken on (a zoom replaces a pruned tree and its node ids)
  const hover = hoverState?.tree === tree ? hoverState : undefined;
  const setHover = (h: { node: number; x: number; y: number } | undefined) =>
    setHoverState(h ? { ...h, tree } : undefined);
  const [width, setWidth] = useState(1000);
  const searchRe = useMemo(() => {
    if (!search) return undefined;
    try {
      return new RegExp(search, 'i');
    } catch {
      return undefined;
    }
  }, [search]);
  const zoomDepth = tree.depth[zoom] ?? 0;
  const height = (tree.maxDepth - zoomDepth + 1) * ROW + 4;

  useEffect(() => {
    const el = canvas.current?.parentElement;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(300, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const x0 = tree.start[zoom];
    const w0 = tree.width[zoom] || 1;
    const scale = width / w0;
    const end = tree.end[zoom];
    // ancestors of the zoomed node are drawn full width above nothing: we draw the subtree only
    for (let i = zoom; i < end; i++) {
      const w = tree.width[i] * scale;
      if (w < 0.5) {
        i = tree.end[i] - 1; // skip the whole subtree
        continue;
      }
      const x = (tree.start[i] - x0) * scale;
      const y = (tree.depth[i] - zoomDepth) * ROW;
      const name = i === 0 && rootIsTotal ? 'total' : (tree.names[tree.name[i]] ?? '');
      let fill: string;
      if (diff && tree.base) {
        const delta = tree.value[i] - tree.base[i];
        const rel = Math.min(1, Math.abs(delta) / Math.max(1, tree.width[i]));
        fill =
          delta > 0
            ? `hsl(0, ${40 + rel * 50}%, ${85 - rel * 35}%)`
            : delta < 0
              ? `hsl(210, ${40 + rel * 50}%, ${85 - rel * 35}%)`
              : 'hsl(0, 0%, 85%)';
      } else fill = `hsl(${hue(name) + 10}, 80%, ${60 + (i % 3) * 4}%)`;
      if (searchRe?.test(name)) fill = 'hsl(285, 80%, 65%)';
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, Math.max(0.5, w - 1), ROW - 1);
      if (w > 30) {
        ctx.fillStyle = '#111';
        const maxChars = Math.floor((w - 6) / 7);
        const label = name.length > maxChars ? `${name.slice(0, Math.max(0, maxChars - 1))}…` : name;
        ctx.fillText(label, x + 3, y + ROW / 2);
      }
      // children too narrow to draw, left out by the worker: one grey band so widths still add up
      if (pruned && pruned.elided[i] * scale >= 1) {
        ctx.fillStyle = 'hsl(0, 0%, 78%)';
        ctx.fillRect((pruned.elidedStart[i] - x0) * scale, y + ROW, pruned.elided[i] * scale - 0.5, ROW - 1);
      }
    }
  }, [tree, zoom, width, height, searchRe, diff, zoomDepth, pruned, rootIsTotal]);

  const nodeAt = (px: number, py: number): number | undefined => {
    const depth = Math.floor(py / ROW) + zoomDepth;
    const x0 = tree.start[zoom];
    const scale = width / (tree.width[zoom] || 1);
    const v = px / scale + x0;
    for (let i = zoom; i < tree.end[zoom]; i++) {
      if (tree.start[i] > v || tree.start[i] + tree.width[i] < v) {
        i = tree.end[i] - 1;
        continue;
      }
      if (tree.depth[i] === depth) return i;
    }
    return undefined;
  };

  const label = (i: number) => (isTotal(i) ? t('pp_totalFrame') : (tree.names[tree.name[i]] ?? ''));
  const fmt = (v: number) => humanValue(v, tree.unit);
  const pct = (v: number) =>
    `${((100 * v) / ((pruned ? pruned.fullValue : tree.value[0]) || 1)).toFixed(2)}%`;

  return (
    <div className="pprof-flame-wrap">
      <div className="pprof-flame-bar">
        <button type="button" onClick={resetZoom} disabled={atTop} data-testid="pprof-flame-reset">
          {t('resetZoom')}
        </button>
        <span data-testid="pprof-flame-zoom" className="pprof-flame-zoom">
          {atTop ? (
            t('pp_allStacks')
          ) : (
            <>
              {t('pp_zoomedTo')} <span data-raw>{label(zoom)}</span>
              {` — ${fmt(tree.value[zoom])} (${pct(tree.value[zoom])})`}
            </>
          )}
        </span>
      </div>
      <div className="pprof-flame-canvas-box">
        <canvas
          ref={canvas}
          data-testid="pprof-flame"
          tabIndex={0}
          aria-label={t('pp_flameAria', { type: tree.sampleType })}
          style={{ width: `${width}px`, height: `${height}px` }}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const n = nodeAt(e.clientX - r.left, e.clientY - r.top);
            if (n !== undefined) {
              if (n === zoom) zoomOut(n);
              else setZoom(n);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') resetZoom();
          }}
          onMouseMove={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const n = nodeAt(e.clientX - r.left, e.clientY - r.top);
            setHover(n === undefined ? undefined : { node: n, x: e.clientX - r.left, y: e.clientY - r.top });
          }}
          onMouseLeave={() => setHover(undefined)}
        />
        {hover && (
          <div className="pprof-tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
            <div className="pprof-tooltip-name" data-raw>
              {label(hover.node)}
            </div>
            <div>
              <span data-raw>{tree.sampleType}</span>: {fmt(tree.value[hover.node])} (
              {pct(tree.value[hover.node])}
              ), {t('pp_self', { value: fmt(tree.self[hover.node]) })}
            </div>
            {pruned && pruned.elided[hover.node] > 0 && (
              <div>{t('pp_elided', { value: fmt(pruned.elided[hover.node]) })}</div>
            )}
            {tree.base && (
              <div>
                {t('pp_baseShort')} {fmt(tree.base[hover.node])} → {fmt(tree.value[hover.node])} (Δ{' '}
                {fmt(tree.value[hover.node] - tree.base[hover.node])})
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
