import assert from 'node:assert/strict';
import type { Application, ApplicationEvent } from '../../../server/db/models/application.js';
import type { InboxTask } from '../../../server/db/models/inbox-task.js';
import { caseProgress } from '../../../server/cases/progress.js';

const at = (iso: string) => new Date(iso);
const app = (values: Partial<Application>) => ({ data: {}, updatedAt: at('2026-03-02T02:00:00Z'), ...values }) as unknown as Application;
const event = (step: string, iso: string) => ({ step, at: at(iso) }) as unknown as ApplicationEvent;
const task = (dueAt: string | null) => ({ dueAt: dueAt ? at(dueAt) : null }) as unknown as InboxTask;

describe('the case page\'s 办理进度', () => {
  it('an engineer\'s 初始注册 waiting for acceptance: done, current and to come, with dates in working days', () => {
    // given: reported by the employer on Monday 2026-03-02 (China time)
    const application = app({ profession: 'engineer', matter: 'initial', status: '部级未受理' });
    const events = [event('个人上报', '2026-03-01T02:00:00Z'), event('企业上报', '2026-03-02T02:00:00Z')];
    // when
    const progress = caseProgress(application, events, []);
    // then
    assert.deepEqual(
      progress.steps.map((s) => [s.label, s.state, s.expected ?? null]),
      [
        ['个人上报', 'done', null],
        ['企业上报', 'done', null],
        ['部级受理', 'current', '2026-03-09'],
        ['部级审批', 'todo', '2026-04-07'],
        ['公告', 'todo', null],
        ['发证', 'todo', null],
      ],
    );
    assert.deepEqual([progress.done, progress.total], [2, 6]);
  });

  it('counts across the statutory holidays: accepted before 劳动节 2026, the 20 working days skip 5月1日–5日', () => {
    const application = app({ profession: 'engineer', matter: 'initial', status: '审查中' });
    const progress = caseProgress(application, [event('部级受理', '2026-04-29T02:00:00Z')], []);
    const review = progress.steps.find((s) => s.key === 'review')!;
    assert.equal(review.state, 'current');
    // 2026-04-29 + 20 working days: 4/30 (1), 5/1–5/5 holiday, 5/6–5/8 (4), Saturday 5/9 a make-up working day (5), then 15 weekdays to 5/29
    assert.equal(review.expected, '2026-05-29');
  });

  it('takes the open task\'s own deadline for the current step', () => {
    const application = app({ profession: 'constructor', matter: 'renewal', status: '审查中' });
    const progress = caseProgress(application, [event('部级受理', '2026-03-02T02:00:00Z')], [task('2026-03-10T09:00:00Z')]);
    assert.equal(progress.steps.find((s) => s.state === 'current')?.expected, '2026-03-10');
  });

  it('the architect\'s chain has the provincial stage, whose review has no time limit of its own', () => {
    const application = app({ profession: 'architect', matter: 'initial', status: '省级审查' });
    const progress = caseProgress(application, [event('省级受理', '2026-03-02T02:00:00Z')], []);
    assert.deepEqual(
      progress.steps.map((s) => s.label),
      ['个人上报', '企业上报', '省级受理', '省级审查', '部级受理', '部级审批', '公告', '发证'],
    );
    assert.equal(progress.steps[3].state, 'current');
    assert.equal(progress.steps[4].expected, undefined, 'no date after a step without a time limit');
  });

  it('a refused case stops at its step and says why; a finished one has every step done', () => {
    const refused = caseProgress(app({ profession: 'engineer', matter: 'initial', status: '审批不通过' }), [event('部级审批不通过', '2026-03-02T02:00:00Z')], []);
    assert.equal(refused.stopped, '审批不通过');
    assert.ok(refused.steps.some((s) => s.state === 'stopped'));
    assert.ok(refused.steps.every((s) => !s.expected));
    const corrected = caseProgress(app({ profession: 'engineer', matter: 'info-correction', status: '已更正' }), [event('信息已更正', '2026-03-02T02:00:00Z')], []);
    assert.deepEqual([corrected.done, corrected.total, corrected.steps.at(-1)?.label], [4, 4, '更正完成']);
  });
});
