import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The real-data notice (tests/helpers/vitest-setup.ts), and out/engine rebuilt when the sources are
    // newer, for the tests of the compiled engine host (tests/helpers/compiled-engine.ts).
    globalSetup: ['tests/helpers/vitest-setup.ts', 'tests/helpers/compiled-engine.ts'],
  },
});
