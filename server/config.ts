/**
 * One typed configuration, merged from environment variables over defaults.
 * Anything missing or malformed stops the process at start-up with a message
 * naming the variable, instead of failing later in the middle of a request.
 */
import path from 'node:path';

export type EngineKind = 'embedded' | 'zeebe';

export interface Config {
  port: number;
  /** `sqlite:<file>` or `sqlite::memory:` or a `postgres://` URL. */
  databaseUrl: string;
  dataDir: string;
  engine: EngineKind;
  zeebe: {
    /** `grpc://host:port` for plaintext, `grpcs://` for TLS. */
    grpcAddress: string;
    /** Where the broker's incident exporter delivers incident records to this server; 0 = no receiver. */
    incidentSinkPort: number;
    /** The interface the receiver listens on: loopback unless the broker runs elsewhere (Docker). */
    incidentSinkHost: string;
  };
  sessionSecret: string;
  /** Base of the links printed on documents (verification QR codes). */
  publicUrl: string;
  seedDemo: boolean;
  production: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** The Camunda SDK's plaintext address; the legacy scheme-less ZEEBE_ADDRESS means TLS to the SDK. */
function zeebeAddress(env: Env): string {
  if (env.ZEEBE_GRPC_ADDRESS) return env.ZEEBE_GRPC_ADDRESS;
  if (env.ZEEBE_ADDRESS) return /^grpcs?:\/\//.test(env.ZEEBE_ADDRESS) ? env.ZEEBE_ADDRESS : `grpc://${env.ZEEBE_ADDRESS}`;
  return '';
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const engine = (env.ENGINE || 'embedded') as EngineKind;
  if (engine !== 'embedded' && engine !== 'zeebe') {
    throw new ConfigError(`ENGINE must be "embedded" or "zeebe", got "${env.ENGINE}"`);
  }
  const grpcAddress = zeebeAddress(env);
  if (engine === 'zeebe' && !grpcAddress) {
    throw new ConfigError('ENGINE=zeebe needs ZEEBE_GRPC_ADDRESS (for example grpc://localhost:26500)');
  }
  const sessionSecret = env.SESSION_SECRET || '';
  if (production && sessionSecret.length < 32) {
    throw new ConfigError('NODE_ENV=production needs SESSION_SECRET of at least 32 characters');
  }
  return {
    port: int(env, 'PORT', 3000),
    databaseUrl: env.DATABASE_URL || `sqlite:${path.join(dataDir, 'zhuce.sqlite')}`,
    dataDir,
    engine,
    zeebe: { grpcAddress, incidentSinkPort: int(env, 'ZEEBE_INCIDENT_SINK_PORT', 26510), incidentSinkHost: env.ZEEBE_INCIDENT_SINK_HOST || '127.0.0.1' },
    sessionSecret: sessionSecret || 'zhuce-development-secret-not-for-production',
    publicUrl: env.PUBLIC_URL || `http://localhost:${int(env, 'PORT', 3000)}`,
    seedDemo: bool(env, 'SEED_DEMO', true),
    production,
  };
}
