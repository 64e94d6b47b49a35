// Run only by tests/integration/test_junit_runners.py, with the Vitest that clients/vitest pins
// (a plain object and globals: nothing here imports from a node_modules of its own).
export default {
  cacheDir: process.env.FLAKYD_VITE_CACHE, // a scratch directory, not the source tree
  test: { root: import.meta.dirname, include: ['*.test.js'], globals: true },
}
