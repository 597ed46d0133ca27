// One suite for every engine and database: the environment picks them (see README).
// Mocha appends files named on the command line to `spec`, so the default
// applies only when none are named (`npx mocha test/x.spec.ts` runs just that).
const named = process.argv.slice(2).some((a) => /\.spec\.ts$/.test(a) || a.startsWith('test/'));
// The embedded default runs two files at a time: each file makes its own
// in-memory database, engine and server on port 0, so files cannot meet. With
// PostgreSQL or Operaton the run stays serial, since two files' job workers
// would take each other's jobs from one shared cluster.
const shared = ['TEST_DATABASE_URL', 'OPERATON_URLS', 'ZEEBE_GRPC_ADDRESS'].some((v) => process.env[v]);
module.exports = {
  ...(named || shared ? {} : { parallel: true, jobs: 2 }),
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
