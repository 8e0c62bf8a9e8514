import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const DUMP = join(SAMPLES, 'java-oom', 'artifacts', 'threaddump.txt');

test.skip(!existsSync(DUMP), 'samples/java-oom/artifacts/threaddump.txt not generated');

test("Java thread dump: the convoy on the monitor held by ledger-flush, then a blocked thread's stack", async ({
  page,
}) => {
  const facts = JSON.parse(readFileSync(join(SAMPLES, 'java-oom', 'manifest.json'), 'utf8')).facts
    .threadDump as {
    monitorHeldBy: string;
    blockedOnMonitor: string[];
  };
  await page.goto('/');
  await openFiles(page, [DUMP]);
  await expect(page.getByTestId('artifact-row').first()).toHaveAttribute('data-format', 'java-thread-dump');
  await selectArtifact(page, 'threaddump.txt');
  const view = page.getByTestId('artifact-view');

  const convoy = view.getByTestId('jthreads-convoy');
  await expect(convoy).toHaveCount(1);
  await expect(convoy).toContainText(`held by ${facts.monitorHeldBy}`);
  await expect(convoy).toContainText(`${facts.blockedOnMonitor.length} threads waiting for`);
  for (const w of facts.blockedOnMonitor)
    await expect(convoy.getByRole('button', { name: `Show the stack of thread ${w}` })).toBeVisible();

  // Open a waiting thread's stack from the convoy (keyboard: focus + Enter).
  const writer = facts.blockedOnMonitor[0];
  const link = convoy.getByRole('button', { name: `Show the stack of thread ${writer}` });
  await link.focus();
  await page.keyboard.press('Enter');
  const detail = view.getByTestId('jthreads-thread-detail');
  await expect(detail).toContainText(`"${writer}"`);
  await expect(detail).toContainText('BLOCKED');
  await expect(detail.getByTestId('jthreads-stack')).toContainText('- waiting to lock <0x');
  await expect(detail).toContainText(`held by ${facts.monitorHeldBy}`);

  // From there to the holder, whose detail lists who waits for it.
  await detail.getByRole('button', { name: `Show the stack of thread ${facts.monitorHeldBy}` }).click();
  await expect(detail).toContainText(`"${facts.monitorHeldBy}"`);
  await expect(detail.getByTestId('jthreads-stack')).toContainText('- locked <0x');

  // The lock graph tab lists the same monitor with its holder.
  await view.getByTestId('jthreads-tab-locks').click();
  await expect(view.getByTestId('jthreads-locks')).toContainText(facts.monitorHeldBy);
});
