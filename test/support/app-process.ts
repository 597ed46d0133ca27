/**
 * An application server as a child process, driven line by line: the test
 * writes commands to its stdin and waits for the lines it prints on stdout
 * (stderr is kept for the error message of a wait that fails). Used by the
 * crash and scale-out tests, whose children (crash-app.ts, scale-app.ts)
 * build the application with startRuntime and print `ready` once it runs.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface AppProcessOptions {
  /** The TypeScript file the child runs (through tsx). */
  script: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** How long a wait for a line may take before it fails. */
  waitMs: number;
  /** Each stderr line as it comes, e.g. to show the child's log. */
  onStderr?: (line: string) => void;
}

export class AppProcess {
  private readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly waitMs: number,
    onStderr?: (line: string) => void,
  ) {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const complete = buffer.split('\n');
      buffer = complete.pop() ?? '';
      this.lines.push(...complete);
      for (const wake of [...this.waiters]) wake();
    });
    let errBuffer = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.stderr.push(text);
      if (this.stderr.length > 2000) this.stderr.splice(0, 1000);
      if (!onStderr) return;
      errBuffer += text;
      const complete = errBuffer.split('\n');
      errBuffer = complete.pop() ?? '';
      for (const line of complete) onStderr(line);
    });
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Starts the child and waits for its `ready` line. */
  static async start(options: AppProcessOptions): Promise<AppProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env });
    const started = new AppProcess(child, options.waitMs, options.onStderr);
    try {
      await started.next(/^ready$/, 'the application to start');
    } catch (err) {
      started.killIfRunning();
      throw err;
    }
    return started;
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  /** The first line (printed so far or later) that matches; fails on an `error` line or the process ending. */
  next(pattern: RegExp, what: string, waitMs = this.waitMs): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      let exited = false;
      void this.exited.then(() => (exited = true));
      const check = () => {
        for (const line of this.lines) {
          const match = pattern.exec(line);
          if (match) return done(() => resolve(match));
        }
        const error = this.lines.find((l) => l.startsWith('error '));
        if (error) return done(() => reject(new Error(`${error} (waiting for ${what})`)));
        if (exited) return done(() => reject(new Error(`the application ended while waiting for ${what}:\n${this.stderrTail()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${waitMs} ms waiting for ${what}:\n${this.stderrTail()}`))), waitMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Every line printed so far that matches. */
  matching(pattern: RegExp): RegExpExecArray[] {
    return this.lines.map((line) => pattern.exec(line)).filter((m): m is RegExpExecArray => m !== null);
  }

  printed(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  async command(command: string, answer: RegExp, waitMs?: number): Promise<RegExpExecArray> {
    this.send(command);
    return this.next(answer, `the answer to "${command}"`, waitMs);
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    assert.equal((await this.exited).signal, 'SIGKILL');
  }

  async stop(): Promise<void> {
    this.send('stop');
    assert.equal((await this.exited).code, 0, `the application stopped cleanly:\n${this.stderrTail()}`);
  }

  /** For after(): a child a failed test left behind. */
  killIfRunning(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private stderrTail(): string {
    return this.stderr.join('').split('\n').slice(-60).join('\n');
  }
}
