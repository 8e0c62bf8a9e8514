import { type CSSProperties, type ReactNode, useEffect, useRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * Draws `children` (a recharts chart) in a React root of its own. Recharts keeps each chart in a
 * store that its parts register with, so mounting a chart, and unmounting it, runs tens of ms of
 * synchronous store updates; inside the view's own tree that work joined the view's commit (and the
 * next view's, when leaving) as one long task. Here each chart is drawn in a task after the view
 * has committed and torn down in a task after the view is gone, each chart on its own. It is drawn
 * again whenever `children` change (zoom, drag, new data), as it would be in place.
 *
 * What is inside sees no React context of the app: pass what it needs as props.
 */
export function ChartIsland({
  children,
  className,
  style,
}: {
  children: ReactNode;
  className?: string;
  style?: CSSProperties;
}) {
  const host = useRef<HTMLDivElement>(null);
  const root = useRef<Root | undefined>(undefined);
  useEffect(() => {
    const el = document.createElement('div');
    host.current?.appendChild(el);
    const r = createRoot(el);
    root.current = r;
    return () => {
      root.current = undefined;
      // after this view's commit, in a task of its own
      setTimeout(() => {
        r.unmount();
        el.remove();
      }, 0);
    };
  }, []);
  useEffect(() => {
    // a render of another root, scheduled as a task of its own (not part of this commit)
    root.current?.render(children);
  }, [children]);
  return <div ref={host} className={className} style={style} />;
}
