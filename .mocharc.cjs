// One suite for every engine and database: the environment picks them (see README).
// Mocha appends files named on the command line to `spec`, so the default
// applies only when none are named (`npx mocha test/x.spec.ts` runs just that).
const named = process.argv.slice(2).some((a) => /\.spec\.ts$/.test(a) || a.startsWith('test/'));
module.exports = {
  // Specs load as ES modules through tsx's loader: with require(esm) on, mocha would
  // require() them and tsx would compile them to CommonJS, breaking default imports
  // of ESM-only packages (bpmn-moddle, bpmn-engine, feelin).
  'node-option': ['import=tsx', 'no-experimental-require-module'],
  ...(named ? {} : { spec: ['test/**/*.spec.ts'] }),
  // Counts what ran on each engine and fails a run with Operaton nodes in which an Operaton test was skipped.
  require: ['test/support/engine-tally.ts'],
  timeout: 20000,
  exit: true,
  reporter: 'spec',
};
