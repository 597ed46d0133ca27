/**
 * A mocha root-hook plugin (.mocharc.cjs `require`): at the end of the run it
 * counts the tests of each engine — those whose titles name it — and prints
 * how many passed, failed and were skipped, so CI's output shows what ran on
 * Operaton. In CI (CI set) with OPERATON_URLS, a skipped Operaton test fails
 * the run: CI starts two nodes and PostgreSQL, so nothing may quietly not run.
 */
import type { Context, Suite, Test } from 'mocha';

const ENGINES = ['embedded', 'operaton', 'zeebe'] as const;

function tests(suite: Suite): Test[] {
  return [...suite.tests, ...suite.suites.flatMap(tests)];
}

function tally(root: Suite) {
  const counts = Object.fromEntries(ENGINES.map((e) => [e, { passed: 0, failed: 0, skipped: [] as string[] }]));
  for (const test of tests(root)) {
    const title = test.fullTitle().toLowerCase();
    const engine = ENGINES.find((e) => new RegExp(`\\b${e}\\b`).test(title));
    if (!engine) continue;
    if (test.isPending() || test.state === undefined) counts[engine].skipped.push(test.fullTitle());
    else if (test.state === 'passed') counts[engine].passed += 1;
    else counts[engine].failed += 1;
  }
  return counts;
}

export const mochaHooks = {
  afterAll(this: Context) {
    let root = this.test?.parent;
    while (root?.parent) root = root.parent;
    if (!root) return;
    const counts = tally(root);
    // A parallel run (the embedded default, .mocharc.cjs) hands each worker one file at a time: a count per file would be noise.
    if (process.env.MOCHA_WORKER_ID !== undefined) return;
    console.log('\n  tests per engine:');
    for (const engine of ENGINES) {
      const c = counts[engine];
      console.log(`    ${engine}: ${c.passed} passed, ${c.failed} failed, ${c.skipped.length} skipped`);
    }
    const skipped = counts.operaton.skipped;
    // Thrown, so mocha counts it as a failure and exits non-zero (it sets the exit code itself).
    if (process.env.CI && process.env.OPERATON_URLS && skipped.length) {
      throw new Error(`Operaton nodes were given, yet ${skipped.length} Operaton test(s) did not run:\n${skipped.map((t) => `    - ${t}`).join('\n')}`);
    }
  },
};
