import assert from 'node:assert/strict';
import { computeDeadline } from '../../../workers/effects/compute-deadline.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';

describe('zhuce.compute-deadline', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
  });
  after(() => h.close());

  const at = (chinaTime: string) => h.clock.set(new Date(`${chinaTime}+08:00`));
  const compute = (headers: Record<string, string>, variables: Record<string, unknown>) =>
    computeDeadline.handle(job({ type: computeDeadline.type, customHeaders: headers, variables }), h.deps);

  it('counts 5 acceptance working days over the 2026 National Day holiday and its make-up Saturday', async () => {
    // given: Tuesday 29 September 2026; 1–7 October are holidays, Saturday 10 October is worked
    at('2026-09-29T10:00:00');
    // when
    const result = await compute({ kind: 'acceptance' }, { profession: 'engineer', matter: 'initial' });
    // then: 30.9, 8.10, 9.10, 10.10, 12.10
    assert.deepEqual(result, { outcome: 'complete', variables: { dueAt: '2026-10-12T17:00:00+08:00', remindAt: '2026-10-09T09:00:00+08:00' } });
  });

  it('counts 20 review working days over the 2026 Spring Festival, its make-up Saturdays included', async () => {
    // given: Thursday 5 February 2026; 15–23 February are holidays, Saturdays 14 and 28 February are worked
    at('2026-02-05T15:00:00');
    // when
    const result = await compute({ kind: 'review' }, { profession: 'constructor', matter: 'initial' });
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: { dueAt: '2026-03-11T17:00:00+08:00', remindAt: '2026-03-09T09:00:00+08:00' } });
  });

  it('gives a renewal 10 review working days', async () => {
    at('2026-11-23T10:00:00');
    const result = await compute({ kind: 'review' }, { profession: 'architect', matter: 'renewal' });
    assert.deepEqual(result, { outcome: 'complete', variables: { dueAt: '2026-12-07T17:00:00+08:00', remindAt: '2026-12-03T09:00:00+08:00' } });
  });

  it('takes the header workingDays over the matter, as the employer-side processes name it', async () => {
    at('2026-11-23T10:00:00');
    const result = await compute({ kind: 'review', workingDays: '5' }, { profession: 'architect,engineer' });
    assert.deepEqual(result, { outcome: 'complete', variables: { dueAt: '2026-11-30T17:00:00+08:00', remindAt: '2026-11-26T09:00:00+08:00' } });
  });

  it('ends a cancellation (即时办理) the same working day, or the next one after 17:00, and reminds on the due day', async () => {
    at('2026-11-23T10:00:00');
    assert.deepEqual(await compute({ kind: 'review' }, { profession: 'engineer', matter: 'cancel' }), {
      outcome: 'complete',
      variables: { dueAt: '2026-11-23T17:00:00+08:00', remindAt: '2026-11-23T09:00:00+08:00' },
    });
    at('2026-11-27T18:30:00');
    assert.deepEqual(await compute({ kind: 'review' }, { profession: 'engineer', matter: 'cancel' }), {
      outcome: 'complete',
      variables: { dueAt: '2026-11-30T17:00:00+08:00', remindAt: '2026-11-30T09:00:00+08:00' },
    });
  });

  it('fails the job when the matter has no such time limit', async () => {
    at('2026-11-23T10:00:00');
    await assert.rejects(compute({ kind: 'acceptance' }, { profession: 'engineer', matter: 'cancel' }), /has no acceptance step/);
    await assert.rejects(compute({ kind: 'review' }, { profession: 'constructor', matter: 'change' }), /offers no matter change/);
    await assert.rejects(compute({ kind: 'review', workingDays: 'zwei' }, {}), /not a whole number/);
  });
});
