import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EFFECT_WORKERS } from '../../../workers/effects/index.js';
import { WORKERS } from '../../../workers/index.js';

describe('EFFECT_WORKERS', () => {
  it('has one worker for every effect job type the process models use, and together with the checks covers them all', () => {
    // given
    const dir = path.resolve('processes');
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn'))) {
      for (const [, type] of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/taskDefinition type="(zhuce\.[^"]+)"/g)) used.add(type);
    }
    const effects = [...used].filter((type) => !/^zhuce\.(check|detect)-/.test(type));
    // when
    const registered = EFFECT_WORKERS.map((w) => w.type);
    // then
    assert.equal(new Set(registered).size, registered.length, 'no job type twice');
    assert.deepEqual([...registered].sort(), effects.sort());
    assert.deepEqual(WORKERS.map((w) => w.type).sort(), [...used].sort());
  });
});
