import { fileURLToPath } from 'node:url';

/**
 * The third-party conformance corpus vendored into the repository (licences in corpus/README.md).
 * Tests, benches and scripts take every corpus path from here so a clone anywhere is self-contained.
 */
export const CORPUS = fileURLToPath(new URL('./corpus', import.meta.url));
