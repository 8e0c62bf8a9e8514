import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const DUMP = join(SAMPLES, 'java-oom', 'artifacts', 'heap.hprof.gz');
const MANIFEST = join(SAMPLES, 'java-oom', 'manifest.json');

test.skip(!existsSync(DUMP), 'samples/java-oom/artifacts/heap.hprof.gz not generated');

const facts = () =>
  (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { facts: Record<string, unknown> }).facts as {
    staticField: string;
    orderAggregateCount: number;
    bufferedInputStreamsHeldByOrderAggregates: number;
  };

test('Java HPROF: suspects report, unclosed streams, path to roots and fields of an OrderAggregate', async ({
  page,
}) => {
  const f = facts();
  await page.goto('/');
  await openFiles(page, [DUMP]);
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-format', 'hprof');
  await selectArtifact(page, 'heap.hprof.gz');
  const view = page.getByTestId('artifact-view');

  // the suspects report, in plain language: the static collection, what it holds, how much
  const suspect = view.getByTestId('heap-suspect').first();
  await expect(suspect).toContainText(
    `${f.orderAggregateCount.toLocaleString('en-US')} instances of OrderAggregate held by ArrayList`,
    {
      timeout: 60_000,
    },
  );
  await expect(suspect).toContainText('static field OrderExportService.pending');
  await expect(suspect).toContainText(/MiB — \d+\.\d % of the reachable heap/);
  await expect(suspect.getByLabel('Path from GC root')).toContainText(
    'class com.example.order.OrderExportService',
  );
  await expect(suspect.getByTestId('heap-accumulation')).toContainText('java.lang.Object[]');
  await expect(suspect.getByTestId('heap-accumulation')).toContainText(
    `${f.orderAggregateCount.toLocaleString('en-US')} × com.example.order.domain.OrderAggregate`,
  );
  await expect(view.getByTestId('heap-size-convention')).toContainText('VisualVM');

  // "Open path to GC roots" from the report
  await suspect.getByTestId('heap-suspect-paths').click();
  const inspector = view.getByTestId('heap-inspector');
  await expect(inspector).toContainText('java.util.ArrayList');
  await expect(inspector.getByTestId('heap-paths')).toContainText(
    'class com.example.order.OrderExportService',
  );

  // Unclosed resources: the BufferedInputStreams held by OrderAggregate.attachment
  await view.getByTestId('heap-tab-unclosed').click();
  const unclosed = view.getByTestId('heap-unclosed-row').first();
  await expect(unclosed).toContainText('BufferedInputStream');
  await expect(unclosed).toContainText('OrderAggregate.attachment');
  await expect(unclosed).toContainText(f.bufferedInputStreamsHeldByOrderAggregates.toLocaleString('en-US'));

  // inspect one stream, go up to the OrderAggregate that holds it
  await unclosed.getByRole('button', { name: /Inspect one/ }).click();
  await expect(inspector.locator('h3')).toContainText('java.io.BufferedInputStream');
  await inspector
    .locator('.heap-refs')
    .last()
    .getByRole('button', { name: /com\.example\.order\.domain\.OrderAggregate/ })
    .first()
    .click();
  await expect(inspector.locator('h3')).toContainText('com.example.order.domain.OrderAggregate');

  // its fields: the attachment stream and a customer id read as a String
  const fields = inspector.getByTestId('heap-fields');
  await expect(fields.getByTestId('heap-field-row').filter({ hasText: 'attachment' })).toContainText(
    'java.io.BufferedInputStream',
  );
  await expect(fields.getByTestId('heap-field-row').filter({ hasText: 'customerId' })).toContainText(
    /"CUST-\d+"/,
  );

  // and its path to the GC roots goes through the static list
  await inspector.getByTestId('paths-to-roots').click();
  const paths = inspector.getByTestId('heap-paths');
  await expect(paths).toContainText('java.util.ArrayList');
  await expect(paths).toContainText('class com.example.order.OrderExportService');

  // a reference field navigates: the attachment opens the stream
  await fields.getByTestId('heap-field-row').filter({ hasText: 'attachment' }).getByRole('button').click();
  await expect(inspector.locator('h3')).toContainText('java.io.BufferedInputStream');

  // Threads: main, with the export service on its stack
  await view.getByTestId('heap-tab-threads').click();
  const main = view
    .getByTestId('heap-thread-row')
    .filter({ has: page.getByRole('button', { name: 'Inspect thread main' }) });
  await main.locator('summary').click();
  await expect(main).toContainText('com.example.order.OrderExportService.exportOrder');

  // Duplicate strings and GC roots by kind
  await view.getByTestId('heap-tab-strings').click();
  await expect(view.getByTestId('heap-dup-row').first()).toBeVisible();
  await view.getByTestId('heap-tab-roots').click();
  await expect(view.getByTestId('heap-rootkind-row').filter({ hasText: 'System class' })).toBeVisible();
});

test('Java HPROF: dominator tree from the static list down to an OrderAggregate', async ({ page }) => {
  await page.goto('/');
  await openFiles(page, [DUMP]);
  await selectArtifact(page, 'heap.hprof.gz');
  const view = page.getByTestId('artifact-view');
  await expect(view.getByTestId('heap-suspect').first()).toBeVisible({ timeout: 60_000 });

  // dominator tree: class → ArrayList (pending) → Object[] (elementData) → OrderAggregate
  await view.getByTestId('heap-tab-tree').click();
  const rows = view.getByTestId('dominator-row');
  await expect(rows.first()).toContainText('class com.example.order.OrderExportService');
  await rows.first().getByTestId('dominator-expand').click();
  // each level's children load asynchronously: pick rows by their depth, not by the first match
  const list = rows.filter({ hasText: 'java.util.ArrayList' }).and(view.locator('[aria-level="2"]')).first();
  await list.getByTestId('dominator-expand').click();
  const array = rows.filter({ hasText: 'java.lang.Object[]' }).and(view.locator('[aria-level="3"]')).first();
  await array.getByTestId('dominator-expand').click();
  const order = rows
    .filter({ hasText: 'com.example.order.domain.OrderAggregate' })
    .and(view.locator('[aria-level="4"]'))
    .first();
  await expect(order).toBeVisible();
  await order.locator('.heap-tree-label').click();

  const inspector = view.getByTestId('heap-inspector');
  await expect(inspector).toContainText('OrderAggregate');
  await expect(inspector.getByTestId('heap-field-row').filter({ hasText: 'orderId' })).toContainText('long');

  // the OrderAggregate group is the static list's memory again: one suspect, not a second one
  await view.getByTestId('heap-tab-overview').click();
  await expect(view.getByTestId('heap-suspect')).toHaveCount(1);
  // the Groups tab lists the group with its largest objects
  await view.getByTestId('heap-tab-groups').click();
  const group = view
    .getByTestId('heap-group-row')
    .filter({ hasText: 'com.example.order.domain.OrderAggregate' });
  await group.getByRole('button', { name: 'com.example.order.domain.OrderAggregate', exact: true }).click();
  await expect(group.locator('.heap-refs li').first()).toContainText(
    'com.example.order.domain.OrderAggregate @ 0x',
  );
});

const STATICS = join(SAMPLES, 'java-statics');

test('Java HPROF: statics held by the class loader are named by their field, with field paths', async ({
  page,
}) => {
  test.skip(!existsSync(join(STATICS, 'manifest.json')), 'samples/java-statics not generated');
  const f = (
    JSON.parse(readFileSync(join(STATICS, 'manifest.json'), 'utf8')) as {
      facts: { leakingField: string; secondField: string; live: { file: string } };
    }
  ).facts;
  await page.goto('/');
  await openFiles(page, [join(STATICS, f.live.file)]);
  await selectArtifact(page, 'heap-live.hprof.gz');
  const view = page.getByTestId('artifact-view');
  const suspects = view.getByTestId('heap-suspect');
  await expect(suspects.first()).toContainText(
    `static ${f.leakingField} (java.util.concurrent.ConcurrentHashMap)`,
    {
      timeout: 60_000,
    },
  );
  await expect(suspects.first()).toContainText(/OrderAggregate values/);
  await expect(suspects.nth(1)).toContainText(`static ${f.secondField}`);
  const refs = suspects.first().getByTestId('heap-suspect-field-path');
  const field = f.leakingField.slice(f.leakingField.lastIndexOf('.') + 1);
  await expect(refs.locator('.heap-via')).toContainText([field, 'table', /^\[\d+\]$/, 'val']);

  // the inspector's paths name the fields too
  await refs.getByRole('button', { name: /OrderAggregate @ 0x/ }).click();
  const inspector = view.getByTestId('heap-inspector');
  await inspector.getByTestId('paths-to-roots').click();
  await expect(inspector.getByTestId('heap-path-field').first()).toHaveText('val');
  await expect(inspector.getByTestId('heap-paths')).toContainText(field);
});

test('Java HPROF: a dump that is mostly unreachable says so first', async ({ page }) => {
  const file = join(STATICS, 'artifacts', 'heap-dropped.hprof.gz');
  test.skip(!existsSync(file), 'samples/java-statics not generated');
  await page.goto('/');
  await openFiles(page, [file]);
  await selectArtifact(page, 'heap-dropped.hprof.gz');
  const view = page.getByTestId('artifact-view');
  const first = view.getByTestId('heap-suspect').first();
  await expect(first).toHaveAttribute('data-kind', 'unreachable', { timeout: 60_000 });
  await expect(first).toContainText('in this dump is unreachable');
  await expect(first.getByTestId('heap-unreachable-row').first()).toContainText('byte[]');
});

// Two real dumps of one tiny JVM, made by the test: FIRST, then SECOND `HeapPair$Item` objects kept
// in a static list (each with its own 64-byte payload). Needs `java` (JDK 11+) on PATH.
const FIRST = 1000;
const SECOND = 3500;
const HEAP_PAIR = `import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

public class HeapPair {
  static final class Item {
    final long id;
    final byte[] payload;
    Item(long id) { this.id = id; this.payload = new byte[64]; }
  }
  static final List<Item> KEPT = new ArrayList<>();
  public static void main(String[] a) throws Exception {
    HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    int first = Integer.parseInt(a[2]), second = Integer.parseInt(a[3]);
    for (int i = 0; i < first; i++) KEPT.add(new Item(i));
    bean.dumpHeap(a[0], true);
    for (int i = first; i < second; i++) KEPT.add(new Item(i));
    bean.dumpHeap(a[1], true);
  }
}
`;
const hasJava = spawnSync('java', ['-version']).status === 0;

test('Java HPROF: compare two dumps of one JVM by class', async ({ page }) => {
  test.skip(!hasJava, 'no java on PATH to make the dump pair');
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-hprof-pair-'));
  try {
    writeFileSync(join(dir, 'HeapPair.java'), HEAP_PAIR);
    const before = join(dir, 'pair-before.hprof');
    const after = join(dir, 'pair-after.hprof');
    const run = spawnSync(
      'java',
      ['-Xmx64m', 'HeapPair.java', before, after, String(FIRST), String(SECOND)],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);

    await page.goto('/');
    await openFiles(page, [before]);
    await openFiles(page, [after]);
    await selectArtifact(page, 'pair-after.hprof');
    const view = page.getByTestId('artifact-view');
    await expect(view.getByTestId('heap-tab-compare')).toBeVisible({ timeout: 60_000 });
    await view.getByTestId('heap-tab-compare').click();
    await expect(view.getByLabel('Baseline dump')).toHaveValue(/.+/);
    await expect(view.getByLabel('Baseline dump').locator('option:checked')).toHaveText('pair-before.hprof');
    await view.getByTestId('heap-compare-run').click();

    const delta = view.getByTestId('heap-class-delta');
    const items = delta.getByTestId('heap-class-delta-row').filter({ hasText: 'HeapPair$Item' });
    const n = (x: number) => x.toLocaleString('en-US');
    await expect(items).toContainText(`${n(FIRST)} → ${n(SECOND)}`);
    await expect(items).toContainText(`+${n(SECOND - FIRST)}`);
    // every new Item brought its own payload array
    const arrays = delta.getByTestId('heap-class-delta-row').filter({ hasText: /^byte\[\]/ });
    await expect(arrays).toContainText(`+${n(SECOND - FIRST)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
