import { defineConfig } from 'vitest/config'

/**
 * The engine tests (`npm run test:engines`): TRL, verl, OpenRLHF, LLaMA-Factory and local models,
 * run with the Python environment of scripts/engines/setup.sh. Kept out of `npm test` so the main
 * suite needs no Python packages.
 */
export default defineConfig({
  test: {
    include: ['test/engines/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
})
