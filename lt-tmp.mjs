import { chromium } from '@playwright/test';

const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
for (const sample of ['go-leak', 'java-oom']) {
  const c = await b.newContext({ viewport: { width: 1920, height: 1080 } });
  const p = await c.newPage();
  await p.addInitScript(() => {
    window.lt = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.lt.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  await p.goto('http://127.0.0.1:4199/');
  await p.getByTestId(`open-sample-${sample}`).click();
  await p.waitForTimeout(8000);
  console.log(
    sample,
    'open',
    await p.evaluate(() => {
      const r = window.lt;
      window.lt = [];
      return r;
    }),
  );
  for (const tab of ['overview', 'timeline', 'postmortem', 'checklist']) {
    await p.getByTestId(`tab-${tab}`).click();
    await p.waitForTimeout(1500);
    console.log(
      sample,
      tab,
      await p.evaluate(() => {
        const r = window.lt;
        window.lt = [];
        return r;
      }),
    );
  }
  const rows = p.getByTestId('artifact-row');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const name = (await rows.nth(i).locator('.artifact-name').textContent()).trim();
    await rows.nth(i).locator('.artifact-main').click();
    await p.waitForTimeout(1500);
    console.log(
      sample,
      name,
      await p.evaluate(() => {
        const r = window.lt;
        window.lt = [];
        return r;
      }),
    );
    const tabs = p.getByTestId('artifact-view').getByRole('tab');
    const k = await tabs.count();
    for (let j = 1; j < k; j++) {
      const l = (await tabs.nth(j).textContent()).trim();
      await tabs.nth(j).click();
      await p.waitForTimeout(1000);
      const r = await p.evaluate(() => {
        const r = window.lt;
        window.lt = [];
        return r;
      });
      if (r.length) console.log('   ', name, l, r);
    }
  }
  await c.close();
}
await b.close();
