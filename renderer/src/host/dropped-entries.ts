/**
 * Expands a browser drop into files, walking dropped folders (FileSystemEntry API) with an
 * explicit stack rather than recursion.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<{ files: File[]; hadFolder: boolean }> {
  const entries = Array.from(dt.items)
    .map((i) => i.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return { files: Array.from(dt.files), hadFolder: false };
  const files: File[] = [];
  let hadFolder = false;
  const stack: FileSystemEntry[] = [...entries];
  while (stack.length) {
    const entry = stack.pop()!;
    if (entry.isFile) {
      files.push(await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej)));
    } else if (entry.isDirectory) {
      hadFolder = true;
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns batches until it returns an empty one.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        stack.push(...batch.filter((e) => !e.name.startsWith('.')));
      }
    }
  }
  return { files, hadFolder };
}
