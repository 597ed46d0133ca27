import assert from 'node:assert/strict';
import { narrowSpecialties, specialtyChoices } from '../../../server/applications/specialty-choices.js';
import { localRegisters } from '../../../server/registers/local.js';
import { HttpError } from '../../../server/http/errors.js';
import { ZHANGWEI_STRUCTURAL, assertRefusedUnchanged, engineerInitial, fixture, type Fixture } from './fixture.js';

const ENGINEER_INITIAL = { profession: 'engineer', matter: 'initial' };
/** ａ-ｚ, ０-９ as a Chinese input method may type them. */
const toFullWidth = (text: string) => text.replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('register facts before submission (rule 6)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(() => f.close());

  async function zhangweiReady() {
    const zhangwei = await f.account('zhangwei');
    await f.service.saveEmployer(zhangwei, { creditCode: (await f.enterpriseOf('qiye')).creditCode });
    await f.givePhotoAndSignature('zhangwei');
    await f.readLetter(zhangwei, ENGINEER_INITIAL);
    return zhangwei;
  }

  describe('资格证书管理号 and the other certificate facts', () => {
    it('refuses a mistyped 资格证书管理号 at submission as a field error (422, 资格证书管理号), and no case is created', async () => {
      // given
      const zhangwei = await zhangweiReady();
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ qualificationNo: 'KC201933000124' }) }),
        422,
        /^资格证书管理号：“KC201933000124”与资格库中您“一级注册结构工程师”专业的资格证书管理号不一致/,
      );
      assert.equal(f.engine.instances.length, 0, 'no process started');
    });

    it('names the field of a wrong 批准日期 and a wrong 获取方式', async () => {
      const zhangwei = await zhangweiReady();
      await assert.rejects(
        f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ qualificationApprovalDate: '1999-10-12' }) }),
        (err: unknown) => err instanceof HttpError && err.status === 422 && err.field === '资格证书批准日期',
      );
      await assert.rejects(
        f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ qualificationMethod: ZHANGWEI_STRUCTURAL.qualificationMethod === 'exam' ? 'special-grant' : 'exam' }) }),
        (err: unknown) => err instanceof HttpError && err.status === 422 && err.field === '获取执业资格方式',
      );
    });

    it('takes the number however it is typed: full-width characters, spaces, lower case', async () => {
      const zhangwei = await zhangweiReady();
      const { application } = await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ qualificationNo: ` ${toFullWidth(ZHANGWEI_STRUCTURAL.qualificationNo.toLowerCase().slice(0, 4))}${ZHANGWEI_STRUCTURAL.qualificationNo.slice(4, 8)} ${ZHANGWEI_STRUCTURAL.qualificationNo.slice(8)}` }) });
      assert.equal(application.status, '个人已上报');
    });

    it('offers the register facts on the start page once the specialty is known', async () => {
      const zhangwei = await f.account('zhangwei');
      const form = await f.service.startForm(zhangwei, { ...ENGINEER_INITIAL, formData: { specialty: 'structural' } });
      assert.deepEqual([form.data.qualificationNo, form.data.qualificationApprovalDate, form.data.qualificationMethod], Object.values(ZHANGWEI_STRUCTURAL));
    });
  });

  describe('specialty lists from the 资格库 and the current registrations', () => {
    const choices = async (username: string, profession: string, matter: string) =>
      (await specialtyChoices({ models: f.models, registers: localRegisters(f.models) }, await f.personOf(username), profession, matter)).allowed;

    it('张伟 is offered only his 结构 and 岩土; 李娜 renews only her registered 建筑工程 and adds only 市政公用工程', async () => {
      assert.deepEqual(await choices('zhangwei', 'engineer', 'initial'), ['structural', 'geotechnical']);
      assert.deepEqual(await choices('lina', 'constructor', 'renewal'), ['building']);
      assert.deepEqual(await choices('lina', 'constructor', 'add-specialty'), ['municipal']);
      assert.deepEqual(await choices('lina', 'constructor', 'initial'), ['municipal']);
      assert.equal(await choices('lina', 'constructor', 'info-correction'), null, 'a matter without specialties is not narrowed');
    });

    it('narrows a copy of the form, leaving the registry\'s schema whole', async () => {
      const zhangwei = await f.account('zhangwei');
      const { formId } = await f.service.startForm(zhangwei, ENGINEER_INITIAL);
      const schema = (f.service as unknown as { deps: { forms: { get(id: string): import('../../../server/forms/schema.js').FormSchema } } }).deps.forms.get(formId);
      const narrowed = narrowSpecialties(schema, ['structural', 'geotechnical']);
      const values = (s: typeof schema) => JSON.stringify(s).match(/"specialty".*?"values":(\[.*?\])/)?.[1];
      assert.deepEqual(JSON.parse(values(narrowed)!).map((v: { value: string }) => v.value), ['structural', 'geotechnical']);
      assert.equal(JSON.parse(values(schema)!).length, 8);
    });

    it('the server refuses a specialty outside the lists, naming the field', async () => {
      // given: 张伟 holds no 暖通空调 qualification
      const zhangwei = await zhangweiReady();
      // when / then
      await assertRefusedUnchanged(f, () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ specialty: 'hvac' }) }), 422, /^注册专业：资格库中未找到您“注册公用设备工程师\(暖通空调\)”专业/);
    });
  });
});
