import { expect, test } from '@playwright/test';
import { waitAllRowsRead } from './helpers.ts';

/**
 * Each postmortem section's editor sits right under its heading at 1920×1080: the generated preview
 * beside it (the Timeline section's Mermaid list is the tallest) must not push the editor down.
 */
for (const sample of ['go-leak', 'java-oom'] as const) {
  test(`${sample}: every section's editor starts under its heading`, async ({ page }) => {
    await page.goto('/');
    await page.getByTestId(`open-sample-${sample}`).click();
    await waitAllRowsRead(page);
    await page.getByTestId('tab-postmortem').click();
    const sections = page.getByTestId('pm-section');
    await expect(sections.first()).toBeVisible();
    // the Timeline section's preview draws the Mermaid block (the case that pushed its editor ~700 px down)
    await expect(page.getByTestId('pm-preview-timeline').getByTestId('mermaid-timeline')).toBeVisible();
    const ids = await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-section') ?? ''));
    expect(ids).toContain('timeline');
    const gaps: Record<string, number> = {};
    for (const id of ids) {
      const heading = await page.locator(`#pm-h-${id}`).boundingBox();
      const editor = await page.getByTestId(`pm-editor-${id}`).boundingBox();
      expect(heading && editor, id).toBeTruthy();
      gaps[id] = Math.round(editor!.y - (heading!.y + heading!.height));
    }
    const far = Object.entries(gaps).filter(([, gap]) => gap < 0 || gap >= 100);
    expect(far, JSON.stringify(gaps)).toEqual([]);
  });
}
