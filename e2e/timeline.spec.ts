import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { waitAllRowsRead } from './helpers.ts';

/**
 * The incident timeline on both sample incidents: a legend for every series the Heap & GC lane
 * draws, time-axis labels that never repeat next to each other, numbered event markers that never
 * overlap and cover every event shown, and 24-hour time inputs.
 */
const SAMPLES = ['go-leak', 'java-oom'] as const;

async function openTimeline(page: Page, sample: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId(`open-sample-${sample}`).click();
  await waitAllRowsRead(page);
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await page.getByTestId('tz-utc').click();
  await expect(page.getByTestId('lane-heap')).toBeVisible();
  await expect(page.getByTestId('event-marker').first()).toBeVisible();
}

/** The labels of every time axis on the page, axis by axis. */
async function axisLabels(page: Page): Promise<string[][]> {
  const axes = page.locator('[data-testid^="lane-"] .lane-x-labels');
  const out: string[][] = [];
  for (let i = 0; i < (await axes.count()); i++) {
    out.push(await axes.nth(i).locator('.lane-x-label').allTextContents());
  }
  return out;
}

function expectNoRepeatedNeighbours(axes: string[][]): void {
  expect(axes.length).toBeGreaterThan(0);
  for (const labels of axes) {
    expect(labels.length, labels.join(' | ')).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < labels.length; i++) expect(labels[i], labels.join(' | ')).not.toBe(labels[i - 1]);
  }
}

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** No two marker boxes intersect; returns the event numbers the markers stand for. */
async function checkMarkers(markers: Locator): Promise<Set<number>> {
  const n = await markers.count();
  expect(n).toBeGreaterThan(0);
  const boxes: Box[] = [];
  const numbers = new Set<number>();
  for (let i = 0; i < n; i++) {
    const m = markers.nth(i);
    const box = await m.boundingBox();
    if (!box) throw new Error(`marker ${i} not laid out`);
    boxes.push(box);
    const text = ((await m.textContent()) ?? '').trim();
    expect(text).toMatch(/^\d+(–\d+)?$/);
    for (const x of ((await m.getAttribute('data-numbers')) ?? '').split(',')) numbers.add(Number(x));
  }
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      expect(intersects(boxes[a], boxes[b]), `markers ${a} and ${b}`).toBe(false);
  return numbers;
}

/** Every event of the list whose time is in the shown range has a marker, with its number. */
async function expectEveryShownEventMarked(page: Page): Promise<void> {
  const range = page.getByTestId('timeline-range');
  const from = Number(await range.getAttribute('data-from'));
  const to = Number(await range.getAttribute('data-to'));
  const numbers = await checkMarkers(page.getByTestId('event-marker'));
  const rows = await page
    .getByTestId('timeline-event')
    .evaluateAll((els) =>
      els.map((e) => ({ n: Number(e.getAttribute('data-n')), t: Number(e.getAttribute('data-t')) })),
    );
  const shown = rows.filter((r) => r.t >= from && r.t <= to);
  expect(shown.length).toBeGreaterThan(0);
  for (const r of shown) expect(numbers.has(r.n), `event ${r.n}`).toBe(true);
  // and the list shows the same numbers
  for (const r of rows) expect(r.n).toBeGreaterThan(0);
}

for (const sample of SAMPLES) {
  test(`${sample}: legend, distinct tick labels and non-overlapping event markers`, async ({ page }) => {
    test.setTimeout(120_000);
    await openTimeline(page, sample);

    // The Heap & GC legend names every series drawn, in its colour.
    const lane = page.getByTestId('lane-heap');
    const items = lane.getByTestId('legend-item');
    await expect(items.first()).toBeVisible();
    const legendColors = new Set(
      await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-color') ?? '')),
    );
    const drawn = new Set(
      await lane
        .locator('svg.lane-surface')
        .evaluateAll((svgs) =>
          svgs.flatMap((svg) =>
            [...svg.querySelectorAll('path.lane-line, path.lane-dots')].map(
              (p) => p.getAttribute('stroke') ?? '',
            ),
          ),
        ),
    );
    expect([...drawn].sort()).toEqual([...legendColors].sort());
    await expect(lane.getByTestId('heap-legend')).toContainText('Live heap');
    await expect(lane.getByTestId('heap-legend')).toContainText('GC pause');

    // Legible: the legend and the markers pass axe's contrast check.
    const axe = await new AxeBuilder({ page })
      .include('[data-testid="lane-heap"]')
      .include('[data-testid="lane-events"]')
      .withRules(['color-contrast'])
      .analyze();
    expect(axe.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);

    expectNoRepeatedNeighbours(await axisLabels(page));
    await expectEveryShownEventMarked(page);

    // each severity's dots are one path of zero-length segments: a dot is an M in it
    const countDots = () =>
      page
        .getByTestId('lane-events')
        .locator('path.lane-dots')
        .evaluateAll((ps) =>
          ps.reduce((n, p) => n + ((p.getAttribute('d') ?? '').match(/M/g) ?? []).length, 0),
        );
    const allDots = await countDots();
    expect(allDots).toBeGreaterThan(0);

    // Zoom into a slice around the middle event with the brush: the axes get finer labels, still
    // distinct; markers re-laid.
    const shownRange = page.getByTestId('timeline-range');
    const from0 = Number(await shownRange.getAttribute('data-from'));
    const to0 = Number(await shownRange.getAttribute('data-to'));
    const times = (
      await page
        .getByTestId('timeline-event')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))))
    )
      .filter((t) => t >= from0 && t <= to0)
      .sort((a, b) => a - b);
    const mid = (times[Math.floor(times.length / 2)] - from0) / (to0 - from0);
    const brush = page.getByTestId('timeline-brush');
    await brush.scrollIntoViewIfNeeded();
    const travellers = brush.locator('.time-brush-traveller');
    const left = await travellers.first().boundingBox();
    const right = await travellers.last().boundingBox();
    const track = await brush.locator('.time-brush-track').boundingBox();
    if (!left || !right || !track) throw new Error('brush not laid out');
    const y = left.y + left.height / 2;
    await page.mouse.move(right.x + right.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(track.x + track.width * Math.min(1, mid + 0.1), y, { steps: 6 });
    await page.mouse.up();
    await page.mouse.move(left.x + left.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(track.x + track.width * Math.max(0, mid - 0.1), y, { steps: 6 });
    await page.mouse.up();
    await expect(page.getByTestId('reset-zoom')).toBeVisible();
    expectNoRepeatedNeighbours(await axisLabels(page));
    await expectEveryShownEventMarked(page);

    expect(await countDots()).toBeLessThan(allDots);

    // Reset: every dot is back, and so is every marker.
    await page.getByTestId('reset-zoom').click();
    await expect.poll(countDots).toBe(allDots);
    await expectEveryShownEventMarked(page);

    // A marker names its events in the list: picking it marks them there.
    const marker = page.getByTestId('event-marker').first();
    const first = Number(((await marker.getAttribute('data-numbers')) ?? '').split(',')[0]);
    await marker.click();
    await expect(page.locator(`[data-testid="timeline-event"][data-n="${first}"]`)).toHaveClass(
      /inc-event-hit/,
    );
    await expect(
      page.locator(`[data-testid="timeline-event"][data-n="${first}"]`).getByTestId('event-number'),
    ).toHaveText(String(first));
  });
}

test('24-hour time input: a new event typed as 23:15:00 is listed and marked at 23:15:00', async ({
  page,
}) => {
  await openTimeline(page, 'go-leak');
  const form = page.getByTestId('add-event');
  const time = form.getByTestId('event-time');
  // The input shows a 24-hour clock, not the browser's 12-hour US one.
  await expect(time).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{3})?$/);
  const day = ((await time.inputValue()) ?? '').slice(0, 10);

  // A 12-hour US value is refused in place, and nothing is added.
  await time.fill(`11/27/2026 11:15 PM`);
  await form.getByTestId('event-label').fill('nope');
  await form.getByTestId('event-submit').click();
  await expect(form.getByTestId('event-time-error')).toContainText('YYYY-MM-DD HH:MM:SS');
  await expect(time).toHaveAttribute('aria-invalid', 'true');
  await time.fill(`${day} 24:00:00`);
  await form.getByTestId('event-submit').click();
  await expect(form.getByTestId('event-time-error')).toContainText('hour 00–23');
  await expect(page.locator('[data-testid="timeline-event"][data-source="user"]')).toHaveCount(0);

  // Arrow keys step the field under the caret: 22:15 + one hour.
  await time.fill(`${day} 22:15:00`);
  await expect(form.getByTestId('event-time-error')).toHaveCount(0);
  await time.press('Home');
  for (let i = 0; i < 12; i++) await time.press('ArrowRight');
  await time.press('ArrowUp');
  await expect(time).toHaveValue(`${day} 23:15:00`);

  const label = 'Alert <img src=x onerror="window.__pwned=1"> fired';
  await form.getByTestId('event-label').fill(label);
  await form.getByTestId('event-submit').click();
  const mine = page.locator('[data-testid="timeline-event"][data-source="user"]');
  await expect(mine).toHaveCount(1);
  await expect(mine.locator('.inc-event-time')).toHaveText(`${day} 23:15:00 UTC`);
  await expect(mine).toContainText(label);
  expect(await mine.getAttribute('data-t')).toBe(String(Date.parse(`${day}T23:15:00Z`)));

  // On the chart: the range now reaches 23:15:00 and a marker carries the event's number, its
  // label as text.
  const n = await mine.getAttribute('data-n');
  await expect(page.getByTestId('timeline-range')).toContainText(`${day} 23:15:00 UTC`);
  const marker = page.locator(
    `[data-testid="event-marker"][data-numbers~="${n}"], [data-testid="event-marker"][data-numbers$=",${n}"]`,
  );
  await expect(marker.first()).toBeVisible();
  await expect(marker.first()).toHaveAttribute(
    'aria-label',
    new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  await expect(page.getByTestId('event-markers').locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await checkMarkers(page.getByTestId('event-marker'));
  expectNoRepeatedNeighbours(await axisLabels(page));

  // Editing from the keyboard: Escape leaves the event as it was, Enter saves milliseconds too.
  await mine.getByRole('button', { name: /^Edit:/ }).click();
  const edit = mine.getByTestId('edit-event');
  await expect(edit.getByTestId('event-time')).toHaveValue(`${day} 23:15:00`);
  await edit.getByTestId('event-time').fill(`${day} 23:16:30`);
  await edit.getByTestId('event-time').press('Escape');
  await expect(edit).toHaveCount(0);
  await expect(mine.locator('.inc-event-time')).toHaveText(`${day} 23:15:00 UTC`);
  await mine.getByRole('button', { name: /^Edit:/ }).click();
  await mine.getByTestId('event-time').fill(`${day} 23:16:30.250`);
  await mine.getByTestId('event-time').press('Enter');
  await expect(mine.getByTestId('edit-event')).toHaveCount(0);
  await expect(mine.locator('.inc-event-time')).toHaveText(`${day} 23:16:30 UTC`);
  expect(await mine.getAttribute('data-t')).toBe(String(Date.parse(`${day}T23:16:30.250Z`)));
});
