// One suite for every engine and database: the environment picks them (see README).
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['test/**/*.spec.ts'],
  timeout: 20000,
  exit: true,
  reporter: 'spec',
};
