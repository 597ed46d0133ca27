import assert from 'node:assert/strict';
import type { Person } from '../../../server/db/models/person.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { portraitPng } from '../../../server/seed/portrait.js';
import { idNumberCheckChar } from '../../../server/validation/id-number.js';
import { checkEvidence } from '../../../workers/checks/check-evidence.js';
import { fileCase, newPerson, storeFile } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-evidence', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const run = (applicationId: number) => checkEvidence.handle(job({ type: checkEvidence.type, variables: { applicationId } }), h.deps);

  async function correction(person: Person, form: Record<string, unknown>, uploads = ['idCardScans', 'evidenceFiles'], status?: string) {
    const application = await fileCase(h.models, { person, profession: 'engineer', matter: 'info-correction', data: form, status });
    for (const kind of uploads) {
      await storeFile(h.models, { kind, fileName: `${kind}.png`, bytes: portraitPng(`${person.name}-${kind}`), personId: person.id, applicationId: application.id });
    }
    return application;
  }

  it('passes a name change with the ID scans and the evidence uploaded, twice without writing', async () => {
    // given
    const person = await newPerson(h.models, '冯晓');
    const application = await correction(person, { newName: '冯晓东', changeExplanation: '姓名有误' });
    const delivery = job({ type: checkEvidence.type, variables: { applicationId: application.id } });
    // when
    const result = await checkEvidence.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkEvidence.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses a request that changes nothing', async () => {
    // given
    const person = await newPerson(h.models, '陈晨');
    const application = await correction(person, { newName: ' 陈晨 ', newIdType: '身份证', newIdNumber: person.idNumber.toLowerCase(), changeExplanation: '—' });
    // when / then
    assert.deepEqual(
      await run(application.id),
      refusal('NOTHING_TO_CHANGE', '信息更正须修改姓名、证件类型或证件号码中的至少一项：本次填写的内容与现有信息相同'),
    );
  });

  it('refuses a new 身份证号 that fails the check digit, and takes other ID types as they are', async () => {
    // given
    const person = await newPerson(h.models, '褚明');
    const first17 = '33010619800101999';
    const badId = await correction(person, { newIdNumber: `${first17}${idNumberCheckChar(first17) === '0' ? '1' : '0'}` });
    const passport = await correction(await newPerson(h.models, '卫蓝'), { newIdType: '护照', newIdNumber: 'E12345678' });
    // when / then
    assert.deepEqual(await run(badId.id), refusal('NOTHING_TO_CHANGE', '新填写的证件号码校验位错误，无法更正为该身份证号'));
    assert.equal((await run(passport.id)).outcome, 'complete');
  });

  it('refuses a request without the ID scans or the evidence, naming what is missing', async () => {
    // given
    const application = await correction(await newPerson(h.models, '蒋青'), { newName: '蒋清' }, ['idCardScans']);
    // when / then
    assert.deepEqual(
      await run(application.id),
      refusal('EVIDENCE_MISSING', '修改姓名或证件信息须上传证明材料：未上传公安机关或人事考试部门出具的证明材料'),
    );
  });

  it('refuses while another 信息更正 of the person is in flight, and not once it has ended', async () => {
    // given
    const person = await newPerson(h.models, '沈括');
    const earlier = await correction(person, { newName: '沈阔' }, [], '部级未受理');
    const application = await correction(person, { newName: '沈廓' });
    // when
    const refused = await run(application.id);
    await earlier.update({ status: '已发证' });
    const later = await run(application.id);
    // then
    assert.deepEqual(
      refused,
      refusal('CORRECTION_IN_FLIGHT', `您的另一项信息更正（申报编号${earlier.number}，部级未受理）正在办理中，办结后方可再次申请`),
    );
    assert.equal(later.outcome, 'complete');
  });
});
