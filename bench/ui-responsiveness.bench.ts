/**
 * Is the UI thread free while big artifacts load? Opens large inputs in the web build in Chromium
 * and records every main-thread long task (PerformanceObserver 'longtask', > 50 ms) until they are
 * read. Target (issue 4): no task over 100 ms while a dump loads.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import type { Report } from './lib.ts';

const REPO = new URL('..', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function bigGctrace(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pmwb-ui-bench-')), 'big-gctrace.log');
  const lines: string[] = [];
  for (let i = 1; i <= 400_000; i++) {
    const live = 100 + Math.floor(i / 1000);
    lines.push(
      `2026-11-27T10:00:00.000Z gc ${i} @${(i * 0.05).toFixed(3)}s 2%: 0.02+1.1+0.01 ms clock, 0.1+0.2/1.0/2.0+0.05 ms cpu, ${live + 40}->${live + 45}->${live} MB, ${live * 2} MB goal, 0 MB stacks, 0 MB globals, 8 P`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export default async function bench(report: Report): Promise<void> {
  if (!existsSync(join(REPO, 'dist/renderer/index.html'))) {
    report({ name: 'ui: skipped', value: 0, unit: '', note: 'run `npx vite build` first' });
    return;
  }
  if (!existsSync(CHROMIUM)) {
    report({ name: 'ui: skipped', value: 0, unit: '', note: `no Chromium at ${CHROMIUM}` });
    return;
  }
  const server = await preview({
    root: join(REPO, 'renderer'),
    build: { outDir: join(REPO, 'dist/renderer') },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'silent',
  });
  const url = server.resolvedUrls?.local[0] ?? '';
  const probe = await fetch(url, { headers: { accept: 'text/html' } });
  if (!probe.ok)
    throw new Error(
      `preview server answered ${probe.status} for ${url}: ${(await probe.text()).slice(0, 200)}`,
    );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const inputs: [string, string][] = [
      ['Go heap dump (sample)', join(REPO, 'samples/go-leak/artifacts/heapdump-3.bin')],
      ['Java HPROF .gz (sample, 64 MB raw)', join(REPO, 'samples/java-oom/artifacts/heap.hprof.gz')],
      ['gctrace, 400k lines', bigGctrace()],
    ];
    // The large dump of `npm run samples -- --scale 100 --only go`, when it has been generated.
    const large = join(REPO, 'samples/out-scale/go-leak/artifacts/heapdump-3.bin');
    if (existsSync(large)) inputs.push(['Go heap dump, samples --scale 100', large]);
    for (const [label, file] of inputs) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(url);
      await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      const t0 = performance.now();
      await page.getByTestId('file-input').setInputFiles([file]);
      const row = page.getByTestId('artifact-row').first();
      await row.waitFor();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="artifact-row"]')?.getAttribute('data-status') !== 'reading',
        undefined,
        { timeout: 300_000 },
      );
      const ms = performance.now() - t0;
      // The view renders right after the read; its work on the UI thread counts too.
      await page.waitForTimeout(1500);
      const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
      const status = await row.getAttribute('data-status');
      report({
        name: `ui: ${label}: open in the browser`,
        value: Math.round(ms),
        unit: 'ms',
        note: `status ${status}`,
      });
      report({
        name: `ui: ${label}: longest main-thread task`,
        value: Math.round(Math.max(0, ...tasks)),
        unit: 'ms',
        note: `${tasks.length} tasks over 50 ms; target: none over 100 ms`,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
