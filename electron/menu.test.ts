import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from '../contract/host-api.ts';
import { menuTemplate } from './menu.ts';

vi.mock('electron', () => ({}));

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const out: MenuItemConstructorOptions[] = [];
  const stack = [...template];
  while (stack.length) {
    const item = stack.shift()!;
    out.push(item);
    if (Array.isArray(item.submenu)) stack.push(...item.submenu);
  }
  return out;
}

describe('application menu', () => {
  it('has the required commands, each with an accelerator, wired to the renderer', () => {
    const sent: MenuCommand[] = [];
    const all = items(menuTemplate((c) => sent.push(c), false));
    const byLabel = (re: RegExp) => all.find((i) => typeof i.label === 'string' && re.test(i.label));
    for (const [re, command] of [
      [/^Open Files/, 'open-files'],
      [/^Open Incident Folder/, 'open-folder'],
      [/^Export Postmortem/, 'export-postmortem'],
      [/^Presentation Mode/, 'toggle-presentation'],
      [/^Toggle Language/, 'toggle-language'],
    ] as const) {
      const item = byLabel(re);
      expect(item?.accelerator, String(re)).toBeTruthy();
      (item!.click as () => void)();
      expect(sent.at(-1)).toBe(command);
    }
    expect(all.some((i) => i.role === 'quit' && i.accelerator)).toBe(true);
  });
});
