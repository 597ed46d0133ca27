import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('configuration from the environment', () => {
  it('defaults to the one-machine setup: SQLite file, embedded engine, port 3000, demo data', () => {
    // when
    const config = loadConfig({});
    // then
    assert.equal(config.engine, 'embedded');
    assert.equal(config.port, 3000);
    assert.match(config.databaseUrl, /^sqlite:.*data\/zhuce\.sqlite$/);
    assert.equal(config.seedDemo, true);
    assert.equal(config.publicUrl, 'http://localhost:3000');
  });

  it('reads the Zeebe address, turning a scheme-less legacy address into plaintext gRPC', () => {
    assert.equal(loadConfig({ ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: 'grpcs://cluster:443' }).zeebe.grpcAddress, 'grpcs://cluster:443');
    assert.equal(loadConfig({ ENGINE: 'zeebe', ZEEBE_ADDRESS: 'broker:26500' }).zeebe.grpcAddress, 'grpc://broker:26500');
    assert.equal(loadConfig({ ENGINE: 'zeebe', ZEEBE_ADDRESS: 'b:1', ZEEBE_INCIDENT_SINK_PORT: '0' }).zeebe.incidentSinkPort, 0);
  });

  it('reads the Operaton nodes and the engine user', () => {
    // when
    const config = loadConfig({
      ENGINE: 'operaton',
      OPERATON_URLS: 'http://10.0.0.5:8080/engine-rest, http://10.0.0.6:8080/engine-rest',
      OPERATON_USER: 'zhuce',
      OPERATON_PASSWORD: 'secret',
    });
    // then
    assert.equal(config.engine, 'operaton');
    assert.deepEqual(config.operaton, { urls: ['http://10.0.0.5:8080/engine-rest', 'http://10.0.0.6:8080/engine-rest'], user: 'zhuce', password: 'secret' });
  });

  it('fails fast, naming the variable, on what is missing or malformed', () => {
    const refusals: Array<[Record<string, string>, RegExp]> = [
      [{ ENGINE: 'camunda7' }, /ENGINE must be "embedded", "operaton" or "zeebe"/],
      [{ ENGINE: 'operaton' }, /ENGINE=operaton needs OPERATON_URLS/],
      [{ ENGINE: 'operaton', OPERATON_URLS: 'http://node:8080', OPERATON_USER: 'u', OPERATON_PASSWORD: 'p' }, /ending in \/engine-rest/],
      [{ ENGINE: 'operaton', OPERATON_URLS: 'http://node:8080/engine-rest' }, /needs OPERATON_USER and OPERATON_PASSWORD/],
      [{ ENGINE: 'zeebe' }, /ENGINE=zeebe needs ZEEBE_GRPC_ADDRESS/],
      [{ PORT: 'eighty' }, /PORT must be a non-negative integer/],
      [{ SEED_DEMO: 'maybe' }, /SEED_DEMO must be true or false/],
      [{ SESSION_SECRET: 'too-short' }, /SESSION_SECRET must be at least 32 characters/],
      [{ SESSION_IDLE_MINUTES: '0' }, /SESSION_IDLE_MINUTES must be a positive integer/],
      [{ LOGIN_MAX_FAILURES: 'many' }, /LOGIN_MAX_FAILURES must be a non-negative integer/],
    ];
    for (const [env, message] of refusals) {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test((err as Error).message), JSON.stringify(env));
    }
  });
});
