/** Runs a TypeScript file in a node process of its own (tsx), and reads its `result <json>` line. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The young generation's size as `npm start` gives the server (package.json), for the processes that stand in for it. */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=64'];

/** What BENCH_SERVER_NODE_ARGS adds to the processes that stand in for the server (row 1's cases, row 3's server), e.g. --cpu-prof. */
export const extraServerNodeArgs = (): string[] => (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

export function runChild<T>(script: string, env: NodeJS.ProcessEnv, options: { timeoutMs: number; nodeArgs?: string[]; log: (line: string) => void }): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tail: string[] = [];
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      for (const line of c.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (/^cases-child|^startup/.test(line)) options.log(line);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const result = /^result (.*)$/m.exec(out);
      if (result) return resolve(JSON.parse(result[1]) as T);
      const error = /^error (.*)$/m.exec(out);
      reject(new Error(error ? JSON.parse(error[1]) : `${script} ended (${signal ?? code}) without a result${signal === 'SIGKILL' ? ` after ${options.timeoutMs / 1000} s` : ''}: ${tail.slice(-5).join(' / ')}`));
    });
  });
}
