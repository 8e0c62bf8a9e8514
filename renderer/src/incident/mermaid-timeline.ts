/**
 * The events of a Mermaid `timeline` block (`title …`, `    <time> : <label>` lines), or undefined
 * when the block is another kind of diagram (then it shows as code).
 */
export function mermaidTimeline(
  text: string,
): { title?: string; items: { time: string; label: string }[] } | undefined {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'timeline') return undefined;
  let title: string | undefined;
  const items: { time: string; label: string }[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('title ')) title = line.slice(6);
    else {
      const i = line.indexOf(' : ');
      if (i > 0) items.push({ time: line.slice(0, i), label: line.slice(i + 3) });
    }
  }
  return { ...(title ? { title } : {}), items };
}
