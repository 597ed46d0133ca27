import assert from 'node:assert/strict';
import { jpeg, png } from '../validation/images.js';
import { CONSTRUCTOR_PROFILE, DESIGN_CONDITIONS, assertRefusedUnchanged, engineerInitial, fixture, type Fixture } from './fixture.js';

const AWARD = '劳动仲裁机构或法院出具的解除劳动关系的仲裁文件或判决书扫描件';

describe('starting the matters on a registration', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(() => f.close());

  /** zhangwei, registered for 一级注册结构工程师 at 浙江华建, photo and signature on file, the letter read. */
  async function registeredEngineer(matter: string, daysLeft = 400) {
    const zhangwei = await f.account('zhangwei');
    await f.registration('zhangwei', { profession: 'engineer', specialty: 'structural', employer: 'qiye', daysLeft });
    await f.givePhotoAndSignature('zhangwei');
    await f.readLetter(zhangwei, { profession: 'engineer', matter });
    return zhangwei;
  }
  const pdf = (owner: Parameters<Fixture['upload']>[0], name: string) => f.upload(owner, name, Buffer.from(`%PDF-1.4 ${name}`));

  describe('rule 7: change of employer', () => {
    it('refuses without the release certificate (解聘证明)', async () => {
      const zhangwei = await registeredEngineer('change');
      await f.service.saveEmployer(zhangwei, { creditCode: (await f.enterpriseOf('qiye-xinzhu')).creditCode });
      await assertRefusedUnchanged(
        f,
        () =>
          f.service.start(zhangwei, {
            profession: 'engineer',
            matter: 'change',
            formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural' },
            acknowledgements: { socialSecurity: true },
          }),
        422,
        '解聘证明：变更注册须上传原聘用单位出具的解聘证明（规则7）',
      );
    });

    it('refuses a new employer that is the current one', async () => {
      const zhangwei = await registeredEngineer('change');
      await f.service.saveEmployer(zhangwei, { creditCode: (await f.enterpriseOf('qiye')).creditCode });
      const releaseCertificate = await pdf(zhangwei, '解聘证明.pdf');
      await assertRefusedUnchanged(
        f,
        () =>
          f.service.start(zhangwei, {
            profession: 'engineer',
            matter: 'change',
            formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural', releaseCertificate },
          }),
        409,
        '现聘用单位：“浙江华建工程设计有限公司”与原聘用单位相同，变更注册的原聘用单位要与现聘用单位不一致；请先在“个人信息”中修改所在企业信息（规则7）',
      );
    });

    it('refuses a specialty the person holds no registration of', async () => {
      const zhangwei = await registeredEngineer('change');
      await f.service.saveEmployer(zhangwei, { creditCode: (await f.enterpriseOf('qiye-xinzhu')).creditCode });
      const releaseCertificate = await pdf(zhangwei, '解聘证明.pdf');
      await assertRefusedUnchanged(
        f,
        () =>
          f.service.start(zhangwei, {
            profession: 'engineer',
            matter: 'change',
            formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'geotechnical', releaseCertificate },
            acknowledgements: { socialSecurity: true },
          }),
        409,
        '注册专业类型：您没有“注册土木工程师(岩土)”专业的有效注册，不能申报一级注册结构工程师和其他专业勘察设计注册工程师执业资格认定（变更注册）',
      );
    });

    it('files the change with the new employer reporting, the old registration filled in', async () => {
      // given
      const zhangwei = await registeredEngineer('change');
      const xinzhu = await f.enterpriseOf('qiye-xinzhu');
      await f.service.saveEmployer(zhangwei, { creditCode: xinzhu.creditCode });
      const releaseCertificate = await pdf(zhangwei, '解聘证明.pdf');
      // when
      const { application } = await f.service.start(zhangwei, {
        profession: 'engineer',
        matter: 'change',
        formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural', releaseCertificate },
        // zhangwei's social security is paid at the old employer yet
        acknowledgements: { socialSecurity: true },
      });
      // then
      assert.equal(application.enterpriseId, xinzhu.id);
      assert.equal(application.data?.previousEmployerName, '浙江华建工程设计有限公司');
      assert.deepEqual(application.data?.releaseCertificate, [releaseCertificate]);
      assert.equal(f.engine.instances[0].variables?.employerCode, xinzhu.creditCode);
      const attachment = await f.models.Attachment.findByPk(releaseCertificate);
      assert.deepEqual([attachment?.kind, attachment?.applicationId], ['releaseCertificate', application.id]);
    });
  });

  describe('rule 8: renewal only in the 6 months before expiry', () => {
    it('refuses before the window opens, naming it', async () => {
      const zhangwei = await registeredEngineer('renewal', 400);
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'renewal', formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural' } }),
        409,
        '注册专业类型：“一级注册结构工程师”专业注册有效期至2027-04-06，延续注册只能在注册期满前6个月内申报（2026-10-06至2027-04-06），请于2026-10-06起申报（规则8）',
      );
    });

    it('refuses after the registration expired', async () => {
      const zhangwei = await registeredEngineer('renewal', -1);
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'renewal', formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural' } }),
        409,
        '注册专业类型：“一级注册结构工程师”专业的注册有效期已于2026-03-01届满，超过延续注册申报期，不能申报延续注册（规则8）',
      );
    });

    it('files a renewal inside the window, reported by the employer of the registration', async () => {
      // given: lina's 建筑工程 runs out in 120 days
      const lina = await f.account('lina');
      const construction = await f.enterpriseOf('qiye-jianshe');
      await f.readLetter(lina, { profession: 'constructor', matter: 'renewal' });
      const formData = {
        ...CONSTRUCTOR_PROFILE,
        specialties: ['building'],
        photo: await f.upload(lina, 'photo.jpg', jpeg(295, 413)),
        signature: await f.upload(lina, 'signature.png', png(405, 162)),
      };
      // when
      const { application } = await f.service.start(lina, { profession: 'constructor', matter: 'renewal', formData });
      // then
      assert.equal(application.enterpriseId, construction.id);
      assert.match(application.number, /^C20260302-/);
      assert.equal(f.engine.instances[0].bpmnProcessId, 'zhuce-renewal-constructor');
      // 民族、学历… change directly (rule 15)
      const person = await f.personOf('lina');
      assert.deepEqual([person.ethnicity, person.school], ['汉族', '浙江大学']);
    });
  });

  describe('rule 9: change of seal number or reissue of the certificate', () => {
    it('refuses without the requirement', async () => {
      const zhangwei = await registeredEngineer('modify-reissue');
      await assertRefusedUnchanged(
        f,
        () =>
          f.service.start(zhangwei, {
            profession: 'engineer',
            matter: 'modify-reissue',
            formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural', reissueReason: '执业印章遗失' },
          }),
        422,
        '更改/补办要求：请选择“更改执业印章号”或“补办注册证书”（规则9：更改补办须填写原因和要求）',
      );
    });

    it('refuses without the reason', async () => {
      const zhangwei = await registeredEngineer('modify-reissue');
      await assertRefusedUnchanged(
        f,
        () =>
          f.service.start(zhangwei, {
            profession: 'engineer',
            matter: 'modify-reissue',
            formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural', reissueRequirement: 'change-seal' },
          }),
        422,
        '更改/补办原因：请选择更改或补办的原因（规则9：更改补办须填写原因和要求）',
      );
    });
  });

  describe('rule 10: cancellation', () => {
    const cancel = (extra: Record<string, unknown>) => ({ ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural', ...extra });

    it('refuses without a reason', async () => {
      const zhangwei = await registeredEngineer('cancel');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'cancel', formData: cancel({ forcedCancellation: 'no' }) }),
        422,
        '注销原因：请选择注销原因（规则10：注销须填写原因）',
      );
    });

    it('refuses a forced cancellation without the award or judgment', async () => {
      const zhangwei = await registeredEngineer('cancel');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'cancel', formData: cancel({ forcedCancellation: 'yes', cancellationReason: '已与聘用单位解除聘用劳动关系' }) }),
        422,
        `${AWARD}：“是否强制注销”选择“是”时须上传${AWARD}（规则10）`,
      );
    });

    it('files an ordinary cancellation without documents', async () => {
      const zhangwei = await registeredEngineer('cancel');
      const { application } = await f.service.start(zhangwei, {
        profession: 'engineer',
        matter: 'cancel',
        formData: cancel({ forcedCancellation: 'no', cancellationReason: '本人申请注销注册' }),
      });
      assert.equal(application.data?.filedBy, 'applicant');
      assert.equal(f.engine.instances[0].variables?.filedBy, 'applicant');
      assert.equal(f.engine.instances[0].variables?.cancellationReason, '本人申请注销注册', 'the process shows the reason (一级建造师: as the opinion of 审批通过)');
    });

    describe('filed by the employer', () => {
      async function employerReady() {
        await f.registration('zhangwei', { profession: 'engineer', specialty: 'structural', employer: 'qiye', daysLeft: 400 });
        const qiye = await f.account('qiye');
        await f.readLetter(qiye, { profession: 'engineer', matter: 'cancel' });
        const person = await f.personOf('zhangwei');
        return { qiye, person };
      }
      const byEmployer = (person: { name: string; idNumber: string }, extra: Record<string, unknown>) => ({
        applicantName: person.name,
        idNumber: person.idNumber,
        specialty: 'structural',
        cancellationReason: '已与聘用单位解除聘用劳动关系',
        employerCommitment: true,
        ...extra,
      });

      it('refuses without the award or judgment', async () => {
        const { qiye, person } = await employerReady();
        await assertRefusedUnchanged(
          f,
          () => f.service.start(qiye, { profession: 'engineer', matter: 'cancel', formData: byEmployer(person, {}) }),
          422,
          `${AWARD}：企业申请强制注销须上传${AWARD}（规则10）`,
        );
      });

      it("refuses a person who holds no registration at the employer", async () => {
        const { qiye } = await employerReady();
        const liuyang = await f.personOf('liuyang');
        const arbitrationDocument = await pdf(qiye, '判决书.pdf');
        await assertRefusedUnchanged(
          f,
          () => f.service.start(qiye, { profession: 'engineer', matter: 'cancel', formData: byEmployer(liuyang, { arbitrationDocument }) }),
          409,
          '注册专业类型：刘洋没有在本单位的“一级注册结构工程师”专业有效注册，不能申请强制注销（规则10）',
        );
      });

      it('files the forced cancellation with filedBy = employer', async () => {
        // given
        const { qiye, person } = await employerReady();
        const arbitrationDocument = await pdf(qiye, '判决书.pdf');
        // when
        const { application } = await f.service.start(qiye, { profession: 'engineer', matter: 'cancel', formData: byEmployer(person, { arbitrationDocument }) });
        // then
        assert.equal(application.personId, person.id);
        assert.equal(application.status, '企业已上报');
        assert.deepEqual(
          { filedBy: f.engine.instances[0].variables?.filedBy, applicantId: f.engine.instances[0].variables?.applicantId },
          { filedBy: 'employer', applicantId: String(person.id) },
        );
      });

      it('refuses an employer whose basic information is not saved (rule 12)', async () => {
        const { qiye, person } = await employerReady();
        await f.models.Enterprise.update({ basicInfoSavedAt: null }, { where: { id: qiye.enterpriseId! } });
        const arbitrationDocument = await pdf(qiye, '判决书.pdf');
        await assertRefusedUnchanged(
          f,
          () => f.service.start(qiye, { profession: 'engineer', matter: 'cancel', formData: byEmployer(person, { arbitrationDocument }) }),
          409,
          '企业基本信息：请先在“企业基本信息”中填写并保存企业基本信息，保存后方可申报或上报注册信息（规则12）',
        );
      });

      it('refuses a forced cancellation of 一级建造师, which only the person files', async () => {
        const jianshe = await f.account('qiye-jianshe');
        await assertRefusedUnchanged(
          f,
          () => f.service.start(jianshe, { profession: 'constructor', matter: 'cancel', formData: {} }),
          422,
          '一级建造师注销手续由本人办理，聘用企业不能申请强制注销',
        );
      });
    });
  });

  describe('rule 13: employer qualification fix (补正资质)', () => {
    it('asks for the qualification copy when the number is not found in the enterprise register', async () => {
      const xinzhu = await f.account('qiye-xinzhu');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(xinzhu, { matter: 'qualification-fix', formData: { qualificationCertificateNo: 'A133009999' } }),
        422,
        '企业资质副本：未检测到该企业资质证书号，须上传企业资质副本并填写企业资质证书号（规则13）',
      );
    });

    it('files the fix without a copy when the number is found', async () => {
      // given
      const qiye = await f.account('qiye');
      // when
      const { application } = await f.service.start(qiye, { matter: 'qualification-fix', formData: { qualificationCertificateNo: 'a133000101' } });
      // then
      assert.equal(application.data?.qualificationDetected, true);
      assert.match(application.number, /^Q20260302-/);
      assert.deepEqual(f.engine.instances[0].variables, {
        applicationId: String(application.id),
        profession: 'architect,engineer',
        matter: 'qualification-fix',
        employerCode: (await f.enterpriseOf('qiye')).creditCode,
        province: '33',
      });
    });
  });

  describe('rule 14: enterprise rename', () => {
    it('refuses while a case of the employer is in flight', async () => {
      // given: zhangwei's initial registration waits at 浙江华建
      const zhangwei = await f.account('zhangwei');
      await f.service.saveEmployer(zhangwei, { creditCode: (await f.enterpriseOf('qiye')).creditCode });
      await f.givePhotoAndSignature('zhangwei');
      await f.readLetter(zhangwei, { profession: 'engineer', matter: 'initial' });
      const { application } = await f.service.start(zhangwei, {
        profession: 'engineer',
        matter: 'initial',
        formData: engineerInitial(),
      });
      const qiye = await f.account('qiye');
      qiye.displayName = '浙江华建设计集团有限公司';
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(qiye, { matter: 'enterprise-rename', formData: {} }),
        409,
        `本单位名下有正在办理的注册申报业务（申报编号${application.number}），待全部办理完结后再申报企业名称变更（规则14）`,
      );
    });

    it('refuses when the name has not changed', async () => {
      const qiye = await f.account('qiye');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(qiye, { matter: 'enterprise-rename', formData: {} }),
        409,
        '现单位名称：与原单位名称相同；请先到工商行政管理部门及企业资质证书行政主管部门变更企业名称，再申报企业名称变更（规则14）',
      );
    });

    it('asks a testing institute (检测单位) for the renamed qualification copy', async () => {
      // given
      const testing = await f.models.Enterprise.findOne({ where: { kind: '检测单位' } });
      const account = await f.models.Account.create({
        username: 'qiye-jiance',
        passwordHash: 'x',
        role: 'employer',
        displayName: '浙江安信检测技术有限公司',
        personId: null,
        enterpriseId: testing!.id,
        province: null,
        professions: null,
        supervisorId: null,
      });
      // when / then: the page cannot switch the requirement off
      await assertRefusedUnchanged(
        f,
        () => f.service.start(account, { matter: 'enterprise-rename', formData: { requiresQualificationCopy: false } }),
        422,
        '更名后的企业资质副本：检测单位、施工图审查机构更名须上传更名后的企业资质副本（规则14）',
      );
      const renamedQualificationCopy = await pdf(account, '资质副本.pdf');
      const { application } = await f.service.start(account, { matter: 'enterprise-rename', formData: { renamedQualificationCopy } });
      assert.deepEqual([application.data?.previousEnterpriseName, application.data?.newEnterpriseName], ['浙江安信建筑工程检测有限公司', '浙江安信检测技术有限公司']);
    });
  });

  describe('rule 15: name or ID change with evidence', () => {
    async function correction(extra: Record<string, unknown>, withEvidence = true) {
      const zhangwei = await f.account('zhangwei');
      await f.readLetter(zhangwei, { profession: 'engineer', matter: 'info-correction' });
      const evidence = withEvidence ? { idCardScans: await pdf(zhangwei, '身份证.pdf'), evidenceFiles: await pdf(zhangwei, '证明.pdf') } : {};
      return { zhangwei, formData: { personalCommitment: 'accept', changeExplanation: '户籍姓名已变更', ...evidence, ...extra } };
    }

    it('refuses without the evidence', async () => {
      const { zhangwei, formData } = await correction({ newName: '张维' }, false);
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'info-correction', formData }),
        422,
        '身份证正反面：修改姓名或证件信息须重新上传身份证正反面（规则15）',
      );
    });

    it('refuses a request that changes nothing', async () => {
      const { zhangwei, formData } = await correction({ newName: '张伟' });
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'info-correction', formData }),
        422,
        '修改信息：请填写要更正的姓名、证件类型或证件号码，须与当前信息不同（规则15：姓名、证件信息的修改须提交证明材料并经审核）',
      );
    });

    it('refuses a new 身份证号 with a wrong check digit', async () => {
      const person = await f.personOf('zhangwei');
      const wrong = person.idNumber.slice(0, 17) + (person.idNumber[17] === '1' ? '2' : '1');
      const { zhangwei, formData } = await correction({ newIdNumber: wrong });
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { profession: 'engineer', matter: 'info-correction', formData }),
        422,
        /^证件号码.*（规则15）$/,
      );
    });

    it('files the change for review; the person keeps the old name until it is approved', async () => {
      const { zhangwei, formData } = await correction({ newName: '张维' });
      const { application } = await f.service.start(zhangwei, { profession: 'engineer', matter: 'info-correction', formData });
      assert.equal(application.data?.correctionKind, 'identity');
      assert.equal(f.engine.instances[0].bpmnProcessId, 'zhuce-info-correction-engineer');
      assert.equal((await f.personOf('zhangwei')).name, '张伟');
    });
  });
});
