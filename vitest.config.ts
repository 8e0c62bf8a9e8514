import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'workers/**/*.test.ts',
      'cli/**/*.test.ts',
      'electron/**/*.test.ts',
      'contract/**/*.test.ts',
      'node/**/*.test.ts',
      'renderer/**/*.test.ts',
      'samples/**/*.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
