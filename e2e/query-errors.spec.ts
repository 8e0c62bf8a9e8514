import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

/**
 * Every query a view makes shows its failure in place, with a Retry that asks again. The fault is
 * injected from the test, not from the product: the page's `Worker.postMessage` is wrapped so that
 * while `window.__pmwbFail` names a query (or `compare` / `compareView`), its comlink call reaches
 * the engine with an artifact id the engine does not hold, and the engine's own error
 * ("no open artifact …") travels back through the real error path.
 */
async function injectQueryFaults(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Wire = { type: string; value?: unknown };
    type Call = { type?: string; path?: string[]; argumentList?: Wire[] };
    const w = window as unknown as { __pmwbFail?: string[] };
    const post = Worker.prototype.postMessage as (this: Worker, message: unknown, ...rest: unknown[]) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const call = message as Call | null;
      const fail = w.__pmwbFail ?? [];
      if (call?.type === 'APPLY' && Array.isArray(call.argumentList) && fail.length > 0) {
        const args = call.argumentList;
        const method = call.path?.[0];
        // query(family, id, name, …args) · compare(family, baseId, id) · compareView(family, baseId, id, …)
        const name = method === 'query' ? args[2]?.value : method;
        if (fail.includes(String(name))) {
          const gone: Wire = { type: 'RAW', value: 'e2e-gone' };
          return post.call(
            this,
            { ...call, argumentList: args.map((a, i) => (i === 1 ? gone : a)) },
            ...rest,
          );
        }
      }
      return post.call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
}

const failing = (page: Page, names: string[]) =>
  page.evaluate((n) => {
    (window as unknown as { __pmwbFail?: string[] }).__pmwbFail = n;
  }, names);

/** The in-place error inside `scope` names the engine's failure; once the fault is gone, Retry recovers. */
async function retryRecovers(page: Page, scope: Locator): Promise<void> {
  const error = scope.getByTestId('query-error');
  await expect(error).toBeVisible();
  // the engine's words for an id it does not hold (queries / comparisons)
  await expect(error).toContainText(/no open artifact e2e-gone|both artifacts must be open/);
  await failing(page, []);
  await error.getByTestId('query-retry').click();
  await expect(error).toHaveCount(0);
}

test.beforeEach(async ({ page }) => {
  await injectQueryFaults(page);
  await page.goto('/');
});

test('heap: the dominator tree, a lazily expanded node, paths to roots and groups fail in place and retry', async ({
  page,
}) => {
  await openFiles(page, [join(SAMPLES, 'go-leak', 'artifacts', 'heapdump-3.bin')]);
  await selectArtifact(page, 'heapdump-3.bin');
  const view = page.getByTestId('artifact-view');
  const rows = view.getByTestId('dominator-row');

  // the first page of the tree
  await failing(page, ['children']);
  await view.getByTestId('heap-tab-tree').click();
  await retryRecovers(page, view.locator('.heap-tree'));
  await expect(rows.first()).toContainText('bss+0x');

  // one node's children: the error sits in that row, the rest of the tree stays usable
  await failing(page, ['children']);
  await rows.first().getByTestId('dominator-expand').click();
  await expect(rows.first().getByTestId('dominator-row-state')).toBeVisible();
  await expect(rows.first()).toHaveAttribute('aria-expanded', 'false');
  await retryRecovers(page, rows.first());
  await expect(rows.first()).toHaveAttribute('aria-expanded', 'true');
  await expect(rows.nth(1)).toContainText('@ 0xc');

  // paths to GC roots (a button)
  await rows.nth(1).locator('.heap-tree-label').click();
  const inspector = view.getByTestId('heap-inspector');
  await expect(inspector).toContainText('Address');
  await failing(page, ['pathsToRoots']);
  await inspector.getByTestId('paths-to-roots').click();
  await retryRecovers(page, inspector);
  await expect(inspector.getByTestId('heap-paths')).toContainText('bss+0x');

  // the object itself
  await failing(page, ['node']);
  await rows.first().locator('.heap-tree-label').click();
  await retryRecovers(page, inspector);
  await expect(inspector.locator('h3')).toContainText('bss+0x');

  // groups, then one group's instances (a click)
  await failing(page, ['histogram']);
  await view.getByTestId('heap-tab-groups').click();
  const groups = view.locator('.heap-groups');
  await retryRecovers(page, groups);
  const group = view.getByTestId('heap-group-row').first();
  await failing(page, ['instances']);
  await group.locator('button').first().click();
  await retryRecovers(page, group);
  await expect(group.locator('.heap-refs li').first()).toBeVisible();
});

test('Java heap: the fields of an object fail in place and retry', async ({ page }) => {
  const dump = join(SAMPLES, 'java-oom', 'artifacts', 'heap.hprof.gz');
  test.skip(!existsSync(dump), 'samples/java-oom not generated');
  await openFiles(page, [dump]);
  await selectArtifact(page, 'heap.hprof.gz');
  const view = page.getByTestId('artifact-view');
  await view.getByTestId('heap-tab-unclosed').click();
  await failing(page, ['fields']);
  await view
    .getByTestId('heap-unclosed-row')
    .first()
    .getByRole('button', { name: /Inspect one/ })
    .click();
  const inspector = view.getByTestId('heap-inspector');
  await expect(inspector.locator('h3')).toContainText('java.io.BufferedInputStream');
  await expect(inspector.getByTestId('query-error')).toContainText('Fields: ');
  await retryRecovers(page, inspector);
  await expect(inspector.getByTestId('heap-field-row').first()).toBeVisible();
});

test('pprof: top, flame graph, call tree and a lazily opened node, diff fail in place and retry', async ({
  page,
}) => {
  const dir = join(SAMPLES, 'go-leak', 'artifacts');
  await openFiles(page, [join(dir, 'heap-1.pb.gz'), join(dir, 'heap-3.pb.gz')]);
  await failing(page, ['top']);
  await selectArtifact(page, 'heap-3.pb.gz');
  const view = page.getByTestId('artifact-view');
  await retryRecovers(page, view);
  await expect(view.getByTestId('pprof-top-row').first()).toContainText('main.newOrder');

  await failing(page, ['flame']);
  await view.getByTestId('pprof-tab-flame').click();
  await retryRecovers(page, view);
  await expect(view.getByTestId('pprof-flame')).toBeVisible();

  await failing(page, ['callTree']);
  await view.getByTestId('pprof-tab-tree').click();
  await retryRecovers(page, view);
  const first = view.getByTestId('pprof-call-tree').locator('> li').first();
  await failing(page, ['callTree']);
  await first.getByTestId('pprof-tree-row').getByRole('button').click();
  await retryRecovers(page, first);
  await expect(first.getByTestId('pprof-tree-row').nth(1)).toBeVisible();

  await failing(page, ['compare']);
  await view.getByTestId('pprof-tab-diff').click();
  await retryRecovers(page, view);
  await expect(view.getByTestId('pprof-diff-row').first()).toContainText('main.newOrder');
  // the diff flame graph is its own query
  await view.getByTestId('pprof-tab-top').click();
  await failing(page, ['compareView']);
  await view.getByTestId('pprof-tab-diff').click();
  await retryRecovers(page, view.getByTestId('pprof-diff'));
  await expect(view.getByTestId('pprof-diff').getByTestId('pprof-flame')).toBeVisible();
});

test('goroutines: the trend over other dumps and the comparison fail in place and retry', async ({
  page,
}) => {
  const dir = join(SAMPLES, 'go-leak', 'artifacts');
  await openFiles(page, [join(dir, 'goroutines-1.debug2.txt'), join(dir, 'goroutines-3.debug2.txt')]);
  await failing(page, ['countsByKey']);
  await selectArtifact(page, 'goroutines-3.debug2.txt');
  const view = page.getByTestId('artifact-view');
  await view.getByTestId('goroutines-tab-groups').click();
  await expect(view.getByTestId('query-error')).toContainText('Trend');
  await retryRecovers(page, view);
  // the sparkline's counts over both dumps (n→m)
  await expect(view.getByTestId('goroutine-group').first()).toContainText('→');

  await failing(page, ['compare']);
  await view.getByTestId('goroutines-tab-compare').click();
  await retryRecovers(page, view);
  await expect(view.getByTestId('goroutine-growing').first()).toBeVisible();
});

test('GC log: the chart series fails in place and retries', async ({ page }) => {
  await openFiles(page, [join(SAMPLES, 'go-leak', 'artifacts', 'gctrace.log')]);
  await failing(page, ['series']);
  await selectArtifact(page, 'gctrace.log');
  const view = page.getByTestId('artifact-view');
  const curves = view.getByTestId('gc-heap-chart').locator('path.lane-line');
  await expect(view.getByTestId('query-error')).toBeVisible();
  await expect(curves).toHaveCount(0);
  await retryRecovers(page, view);
  await expect(curves.first()).toBeVisible();
});

test('Java threads: looking up a thread named in a convoy fails in place and retries', async ({ page }) => {
  const dump = join(SAMPLES, 'java-oom', 'artifacts', 'threaddump.txt');
  test.skip(!existsSync(dump), 'samples/java-oom not generated');
  await openFiles(page, [dump]);
  await selectArtifact(page, 'threaddump.txt');
  const view = page.getByTestId('artifact-view');
  await failing(page, ['indexOf']);
  await view.getByTestId('jthreads-convoy').getByTestId('jthreads-thread-link').first().click();
  await retryRecovers(page, view);
  await expect(view.getByTestId('jthreads-thread-detail')).toBeVisible();
});
