/**
 * The secret that signs the session cookie. Several app servers share one
 * through SESSION_SECRET; without it, the first start makes a random one and
 * keeps it in DATA_DIR, so `npm start` needs no setup and a restart keeps
 * everyone logged in. There is no built-in fallback anyone could read.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

export const SESSION_SECRET_FILE = 'session-secret';

export function sessionSecretOf(config: Pick<Config, 'sessionSecret' | 'dataDir'>): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, SESSION_SECRET_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': two servers starting at once on one DATA_DIR keep the first one's secret.
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
