import {
  Children,
  type CSSProperties,
  cloneElement,
  isValidElement,
  type ReactElement,
  type ReactNode,
  useEffect,
  useRef,
} from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';

type WithChildren = ReactElement<{ children?: ReactNode; data?: unknown }>;

/**
 * The same tree with the chart's rows emptied (the first element down the chain of single children
 * that has a non-empty `data` array); undefined when there is none. Every later removal then
 * recomputes the chart's axes and paths over no rows instead of thousands.
 */
function emptied(node: ReactNode): ReactNode | undefined {
  if (!isValidElement(node)) return undefined;
  const el = node as WithChildren;
  if (Array.isArray(el.props.data) && el.props.data.length > 0) return cloneElement(el, { data: [] });
  const kids = Children.toArray(el.props.children);
  if (kids.length !== 1) return undefined;
  const inner = emptied(kids[0]);
  return inner === undefined ? undefined : cloneElement(el, undefined, inner);
}

/**
 * The same tree with fewer parts: down the chain of single children (container → chart), the first
 * element with several children keeps the first half of them; undefined when nothing is left to drop.
 */
function shrink(node: ReactNode): ReactNode | undefined {
  if (!isValidElement(node)) return undefined;
  const el = node as WithChildren;
  const kids = Children.toArray(el.props.children);
  if (kids.length === 0) return undefined;
  if (kids.length === 1) {
    const inner = shrink(kids[0]);
    return inner === undefined ? undefined : cloneElement(el, undefined, inner);
  }
  return cloneElement(el, undefined, ...kids.slice(0, Math.floor(kids.length / 2)));
}

/**
 * Takes a chart down in steps, one task each: its rows, then half of its parts, then half of the
 * rest …, then the root. Recharts' cost of removing a part grows with the parts still there; all at once was one
 * task of ~100 ms per chart.
 */
function teardown(root: Root, el: HTMLElement, tree: ReactNode) {
  const next = emptied(tree) ?? shrink(tree);
  setTimeout(() => {
    if (next === undefined) {
      root.unmount();
      el.remove();
      return;
    }
    flushSync(() => root.render(next));
    teardown(root, el, next);
  }, 0);
}

/**
 * Draws `children` (a recharts chart) in a React root of its own. Recharts keeps each chart in a
 * store that its parts register with, so mounting a chart, and unmounting it, runs tens of ms of
 * synchronous store updates; inside the view's own tree that work joined the view's commit (and the
 * next view's, when leaving) as one long task. Here each chart is drawn in a task after the view
 * has committed and torn down in steps after the view is gone, each step a task of its own. It is drawn
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
  const drawn = useRef<ReactNode>(null);
  useEffect(() => {
    const el = document.createElement('div');
    host.current?.appendChild(el);
    const r = createRoot(el);
    root.current = r;
    return () => {
      root.current = undefined;
      // after this view's commit, in tasks of their own
      teardown(r, el, drawn.current);
    };
  }, []);
  useEffect(() => {
    // a render of another root, scheduled as a task of its own (not part of this commit)
    drawn.current = children;
    root.current?.render(children);
  }, [children]);
  return <div ref={host} className={className} style={style} />;
}
