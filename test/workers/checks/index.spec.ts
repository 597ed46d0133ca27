import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CHECK_WORKERS } from '../../../workers/checks/index.js';

describe('CHECK_WORKERS', () => {
  it('has one worker for every check job type the process models use', () => {
    // given
    const dir = path.resolve('processes');
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn'))) {
      for (const [, type] of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/taskDefinition type="(zhuce\.(?:check|detect)-[^"]+)"/g)) used.add(type);
    }
    // when
    const registered = CHECK_WORKERS.map((w) => w.type);
    // then
    assert.equal(new Set(registered).size, registered.length, 'no job type twice');
    assert.deepEqual([...registered].sort(), [...used].sort());
  });
});
