/**
 * `npm run bench -- --quick` still runs and still writes its table: one
 * section per row of issue 11, each figure with its baseline, ratio and
 * command or the reason it was skipped, the machine it ran on, and a dated
 * copy beside latest.md. Never a speed: the figures of a test run on a
 * shared machine mean nothing. Operaton is always left out (the suite's own
 * runs use the cluster); PostgreSQL is used when TEST_DATABASE_URL names one,
 * and rows 2 and 3, which need it, are otherwise skipped saying why.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figure } from '../../bench/lib/table.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('npm run bench -- --quick', function () {
  this.timeout(300_000);
  let out: string;
  let markdown: string;
  let figures: Figure[];

  before(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-bench-quick-'));
    const env = { ...process.env };
    delete env.OPERATON_URLS;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('npm', ['run', 'bench', '--', '--quick', '--no-operaton', '--out', out], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
      child.on('exit', (c) => {
        if (c !== 0) console.error(err);
        resolve(c);
      });
    });
    assert.equal(code, 0, 'npm run bench -- --quick ended with an error');
    markdown = fs.readFileSync(path.join(out, 'latest.md'), 'utf8');
    figures = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8')) as Figure[];
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes latest.md and a dated copy with the machine and a section per row', () => {
    // given the quick run above
    // when its output directory is read
    const copies = fs.readdirSync(out).filter((f) => /^\d{8}-\d{4}-quick\.md$/.test(f));

    // then
    assert.equal(copies.length, 1);
    assert.equal(fs.readFileSync(path.join(out, copies[0]), 'utf8'), markdown);
    assert.match(markdown, /\*\*Machine\*\*\n\n- \d+ cores/);
    for (const row of [1, 2, 3, 4, 5]) assert.match(markdown, new RegExp(`^## ${row}\\. `, 'm'));
    assert.match(markdown, /^\| figure \| value \| baseline \| ratio \| target \| met \| command \|$/m);
  });

  it('gives every row figures, each measured with its command or skipped with a reason', () => {
    // given the figures of the quick run
    // when they are grouped by row
    const rows = new Set(figures.map((f) => f.row));

    // then
    assert.deepEqual([...rows].sort(), [1, 2, 3, 4, 5]);
    for (const f of figures) {
      assert.match(f.command, /^npm run bench -- --quick --rows [1-5]$/);
      assert.ok(f.figure.length > 0);
      if (f.skipped) assert.match(f.skipped, /^skipped: \S/);
      else {
        assert.equal(typeof f.value, 'number', f.figure);
        assert.ok(f.unit, f.figure);
        if (f.baseline !== null) assert.equal(f.ratio, f.value! / f.baseline, f.figure);
      }
    }
  });

  it('measures rows 1, 4 and 5 on the embedded engine and SQLite, and skips Operaton saying why', () => {
    // given the figures of the quick run
    // when the ones needing nothing but SQLite are picked
    const measured = (row: number) => figures.filter((f) => f.row === row && !f.skipped);

    // then
    assert.ok(measured(1).some((f) => /^cases\/s on embedded \+ SQLite/.test(f.figure) && f.baseline! > 0));
    assert.ok(measured(4).some((f) => /^bytes per certificate/.test(f.figure)));
    assert.ok(measured(5).some((f) => /^start-up/.test(f.figure) && f.baseline! > 0));
    const operaton = figures.filter((f) => /Operaton/.test(f.figure));
    assert.ok(operaton.length > 0);
    for (const f of operaton) assert.match(f.skipped ?? '', /^skipped: \S/);
  });

  it('measures rows 2 and 3 on PostgreSQL, or skips each of their figures naming PostgreSQL', function () {
    // given the figures of rows 2 and 3
    const needPostgres = figures.filter((f) => f.row === 2 || f.row === 3);

    // when PostgreSQL was or was not there
    // then
    assert.ok(needPostgres.length > 0);
    if (process.env.TEST_DATABASE_URL) for (const f of needPostgres) assert.equal(f.skipped, undefined, `${f.figure}: ${f.skipped}`);
    else for (const f of needPostgres) assert.match(f.skipped ?? '', /PostgreSQL/);
  });
});
