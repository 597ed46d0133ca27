/**
 * Exactly-once filing: identical submissions racing each other — the same
 * start form from one opening, the same 上报/退回 batch page, the same 公告
 * page — make one case, one batch, one announcement; the repeats get the
 * first one's result. Runs on SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL names one (the CI's second pass).
 */
import assert from 'node:assert/strict';
import { QUALIFICATION_METHODS } from '../../server/domain/professions.js';
import { usingPostgres } from '../support/database.js';
import { logIn } from '../support/web-session.js';
import { openWorld, type World } from './support/world.js';

const CONCURRENT = 3;

describe(`security: concurrent double filing makes one case (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, function () {
  this.timeout(120_000);
  let world: World;

  before(async () => {
    world = await openWorld();
  });
  after(() => world?.close());

  async function engineerStartForm(): Promise<Record<string, unknown>> {
    const person = (await world.models.Person.findOne({ where: { name: '张伟' } }))!;
    const qualification = (await world.models.Qualification.findOne({ where: { idNumber: person.idNumber, profession: 'engineer', specialty: 'structural' } }))!;
    return {
      conditionQualified: true,
      conditionSingleEmployer: true,
      conditionContinuingEducation: true,
      personalCommitment: 'accept',
      specialty: 'structural',
      qualificationNo: qualification.certificateNumber,
      qualificationApprovalDate: qualification.approvalDate,
      qualificationMethod: QUALIFICATION_METHODS.find((m) => m.name === qualification.obtainedBy)?.code,
    };
  }

  it('files one case from one form opening however often it is submitted at once, and answers each with that case', async () => {
    // given: the page opened the letter a minute ago
    const applicant = await logIn(world.base, 'zhangwei');
    const query = '?profession=engineer&matter=initial';
    assert.equal((await applicant.post(`/apply/commitment${query}`)).status, 200);
    world.clock.advance(61_000);
    const form = await engineerStartForm();
    const before = await world.models.Application.count();
    // when
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => applicant.post(`/apply${query}`, form)));
    const again = await applicant.post(`/apply${query}`, form);
    // then
    const bodies = await Promise.all(answers.map(async (a) => ({ status: a.status, body: (await a.json()) as { redirect?: string; error?: string } })));
    assert.deepEqual(bodies.map((b) => b.status).sort(), [200, 200, 201], JSON.stringify(bodies));
    assert.equal(new Set(bodies.map((b) => b.body.redirect?.split('?')[0])).size, 1, 'every answer names the same case');
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { redirect: string }).redirect.split('?')[0], bodies[0].body.redirect!.split('?')[0]);
    assert.equal(await world.models.Application.count(), before + 1);
    const filed = (await world.models.Application.findOne({ order: [['id', 'DESC']] }))!;
    assert.equal(await world.models.ApplicationEvent.count({ where: { applicationId: filed.id, step: '个人填报' } }), 1);
  });

  it('decides one 上报/退回 batch page once: repeats get the first results and complete nothing more', async () => {
    // given: the case above waits for its employer
    const filed = (await world.models.Application.findOne({ order: [['id', 'DESC']] }))!;
    let task = null;
    for (let i = 0; i < 100 && !task; i++) {
      task = await world.models.InboxTask.findOne({ where: { applicationId: filed.id, status: 'open', formId: 'employer-report' } });
      if (!task) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(task, 'the employer task arrived');
    const employer = await logIn(world.base, 'qiye');
    const page = await (await employer.get('/employer/filings', { accept: 'text/html' })).text();
    const filingKey = /name="filingKey" value="([^"]+)"/.exec(page)![1];
    const batch = new URLSearchParams({ filingKey, decision: 'return', reason: '材料不全，请补充', ids: String(filed.id) });
    // when
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => employer.post('/employer/decide', batch)));
    // then
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.includes(303), JSON.stringify(statuses));
    for (const a of answers) assert.ok(a.status === 303 || a.status === 409, String(a.status));
    assert.equal(await world.models.InboxTask.count({ where: { applicationId: filed.id, formId: 'employer-report', completedBy: (await world.models.Account.findOne({ where: { username: 'qiye' } }))!.id } }), 1);
    const repeated = await employer.post('/employer/decide', batch);
    assert.equal(repeated.status, 303);
    const shown = await (await employer.get(repeated.headers.get('location')!, { accept: 'text/html' })).text();
    assert.match(shown, /role="status"><p>[^<]*已退回/, 'the repeat shows the first results');
  });
});
