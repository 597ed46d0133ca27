/**
 * One typed configuration, merged from environment variables over defaults.
 * Anything missing or malformed stops the process at start-up with a message
 * naming the variable, instead of failing later in the middle of a request.
 */
import path from 'node:path';

export type EngineKind = 'embedded' | 'operaton' | 'zeebe';

export interface Config {
  port: number;
  /** `sqlite:<file>` or `sqlite::memory:` or a `postgres://` URL. */
  databaseUrl: string;
  dataDir: string;
  engine: EngineKind;
  operaton: {
    /** REST API base URLs of the engine nodes (`…/engine-rest`), tried in turn while one is down. */
    urls: string[];
    user: string;
    password: string;
  };
  zeebe: {
    /** `grpc://host:port` for plaintext, `grpcs://` for TLS. */
    grpcAddress: string;
    /** Where the broker's incident exporter delivers incident records to this server; 0 = no receiver. */
    incidentSinkPort: number;
    /** The interface the receiver listens on: loopback unless the broker runs elsewhere (Docker). */
    incidentSinkHost: string;
  };
  /** SESSION_SECRET; null means the one kept in DATA_DIR (see auth/session-secret.ts). */
  sessionSecret: string | null;
  /** A session not used for this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after login, used or not. */
  sessionAbsoluteMs: number;
  /** Failed logins per account (and five times that per address) within 15 minutes before login is refused. */
  loginMaxFailures: number;
  /** Express's `trust proxy`: how many reverse proxies stand in front, so throttling sees the client's address. */
  trustProxy: number;
  /** Base of the links printed on documents (verification QR codes). */
  publicUrl: string;
  seedDemo: boolean;
  /** Serve /dev/sms-outbox, where the development SMS adapter's messages (verification codes) can be read. */
  devSmsOutbox: boolean;
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

function operatonSettings(env: Env, required: boolean): Config['operaton'] {
  const urls = (env.OPERATON_URLS || '').split(',').map((u) => u.trim()).filter(Boolean);
  const user = env.OPERATON_USER || '';
  const password = env.OPERATON_PASSWORD || '';
  if (required) {
    if (!urls.length) throw new ConfigError('ENGINE=operaton needs OPERATON_URLS (for example http://127.0.0.1:8080/engine-rest)');
    const bad = urls.find((u) => !/^https?:\/\/[^/]+\/.*engine-rest\/?$/.test(u));
    if (bad) throw new ConfigError(`OPERATON_URLS must list REST API base URLs ending in /engine-rest, got "${bad}"`);
    // The engine's REST API is never open: the nodes require credentials (engine/operaton).
    if (!user || !password) throw new ConfigError('ENGINE=operaton needs OPERATON_USER and OPERATON_PASSWORD (scripts/operaton.sh env prints them)');
  }
  return { urls, user, password };
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const engine = (env.ENGINE || 'embedded') as EngineKind;
  if (engine !== 'embedded' && engine !== 'operaton' && engine !== 'zeebe') {
    throw new ConfigError(`ENGINE must be "embedded", "operaton" or "zeebe", got "${env.ENGINE}"`);
  }
  const operaton = operatonSettings(env, engine === 'operaton');
  const grpcAddress = zeebeAddress(env);
  if (engine === 'zeebe' && !grpcAddress) {
    throw new ConfigError('ENGINE=zeebe needs ZEEBE_GRPC_ADDRESS (for example grpc://localhost:26500)');
  }
  const sessionSecret = env.SESSION_SECRET || null;
  if (sessionSecret !== null && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters (or unset: a random one is kept in DATA_DIR)');
  }
  const positive = (name: string, fallback: number) => {
    const n = int(env, name, fallback);
    if (n === 0) throw new ConfigError(`${name} must be a positive integer, got "0"`);
    return n;
  };
  return {
    port: int(env, 'PORT', 3000),
    databaseUrl: env.DATABASE_URL || `sqlite:${path.join(dataDir, 'zhuce.sqlite')}`,
    dataDir,
    engine,
    operaton,
    zeebe: { grpcAddress, incidentSinkPort: int(env, 'ZEEBE_INCIDENT_SINK_PORT', 26510), incidentSinkHost: env.ZEEBE_INCIDENT_SINK_HOST || '127.0.0.1' },
    sessionSecret,
    sessionIdleMs: positive('SESSION_IDLE_MINUTES', 30) * 60_000,
    sessionAbsoluteMs: positive('SESSION_ABSOLUTE_HOURS', 12) * 3600_000,
    loginMaxFailures: positive('LOGIN_MAX_FAILURES', 5),
    trustProxy: int(env, 'TRUST_PROXY', 0),
    publicUrl: env.PUBLIC_URL || `http://localhost:${int(env, 'PORT', 3000)}`,
    seedDemo: bool(env, 'SEED_DEMO', true),
    // Development and demo only: never on in production unless asked for by name.
    devSmsOutbox: bool(env, 'DEV_SMS_OUTBOX', bool(env, 'SEED_DEMO', true) && !production),
    production,
  };
}
