/**
 * Killing and restarting Operaton nodes for the fail-over tests, through
 * scripts/operaton.sh (kill-node K: kill -9; start-node K: start it again and
 * wait until it answers). Only nodes that script started can be killed: their
 * pid files are in OPERATON_STATE_DIR (default /tmp/zhuce-operaton), and the
 * URLs its `env` prints must be the OPERATON_URLS the tests use, so a test
 * never kills nodes that are not the ones it runs on. Anything else (a
 * single node, nodes started by hand or by Docker) is reported as a reason.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { operatonFromEnv } from './operaton.js';

const run = promisify(execFile);
const SCRIPT = path.resolve('scripts/operaton.sh');
/** start-node waits up to OPERATON_START_TIMEOUT (180 s) for the node; leave it that and some. */
const START_NODE_TIMEOUT_MS = 240_000;

export interface OperatonNodes {
  /** How many nodes OPERATON_URLS names (node K is the K-th, 1-based). */
  count: number;
  stateDir: string;
  kill(node: number): Promise<void>;
  start(node: number): Promise<void>;
  /** Whether node K's pid file names a running process. */
  running(node: number): boolean;
}

export function operatonStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPERATON_STATE_DIR || '/tmp/zhuce-operaton';
}

/** The nodes this process may kill, or why it may not. */
export async function controllableOperatonNodes(env: NodeJS.ProcessEnv = process.env): Promise<OperatonNodes | string> {
  const settings = operatonFromEnv(env);
  if (typeof settings === 'string') return settings;
  if (settings.urls.length < 2) return `OPERATON_URLS names ${settings.urls.length} node; killing one needs at least two (scripts/operaton.sh start --nodes 2)`;
  const stateDir = operatonStateDir(env);
  const pidFile = (node: number) => path.join(stateDir, `node-${node}`, 'pid');
  const missing = settings.urls.map((_, i) => i + 1).filter((node) => !fs.existsSync(pidFile(node)));
  if (missing.length) return `no pid file of node ${missing.join(', ')} in ${stateDir} (OPERATON_STATE_DIR): the nodes were not started by scripts/operaton.sh`;
  const scriptEnv = { ...process.env, OPERATON_STATE_DIR: stateDir };
  const printed = await run('bash', [SCRIPT, 'env'], { env: scriptEnv }).then(
    ({ stdout }) => stdout,
    (err: Error) => `failed: ${err.message}`,
  );
  const urls = /^export OPERATON_URLS=(\S+)$/m.exec(printed)?.[1]?.split(',');
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((u, i) => u.replace(/\/+$/, '') === b[i].replace(/\/+$/, ''));
  if (!urls || !same(urls, settings.urls)) {
    return `the nodes of ${stateDir} (${urls?.join(',') ?? printed.trim()}) are not OPERATON_URLS (${settings.urls.join(',')}); set OPERATON_STATE_DIR to theirs`;
  }
  const script = async (command: string, node: number, timeout: number) => {
    await run('bash', [SCRIPT, command, String(node)], { env: scriptEnv, timeout }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`scripts/operaton.sh ${command} ${node} failed: ${err.message}\n${err.stderr ?? ''}`);
    });
  };
  return {
    count: settings.urls.length,
    stateDir,
    kill: (node) => script('kill-node', node, 60_000),
    start: (node) => script('start-node', node, START_NODE_TIMEOUT_MS),
    running(node) {
      try {
        process.kill(Number(fs.readFileSync(pidFile(node), 'utf8').trim()), 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}
