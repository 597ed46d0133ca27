import assert from 'node:assert/strict';
import { SOCIAL_SECURITY_WARNING } from '../../../server/applications/texts.js';
import { SubmissionRefused } from '../../../server/inbox/user-task-service.js';
import { jpeg, png } from '../validation/images.js';
import { CONSTRUCTOR_PROFILE, DESIGN_CONDITIONS, assertRefusedUnchanged, engineerInitial, fixture, type Fixture } from './fixture.js';

const ENGINEER_INITIAL = { profession: 'engineer', matter: 'initial' };

describe('starting a matter', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(() => f.close());

  /** zhangwei has saved 所在企业信息 and a photo and signature on file, and read the letter. */
  async function zhangweiReady() {
    const zhangwei = await f.account('zhangwei');
    const design = await f.enterpriseOf('qiye');
    await f.service.saveEmployer(zhangwei, { creditCode: design.creditCode });
    await f.givePhotoAndSignature('zhangwei');
    await f.readLetter(zhangwei, ENGINEER_INITIAL);
    return zhangwei;
  }

  describe('the allowed path', () => {
    it('creates the case with a readable number, its first timeline entry, and starts the process with the variables the model expects', async () => {
      // given
      const zhangwei = await zhangweiReady();
      const design = await f.enterpriseOf('qiye');
      const person = await f.personOf('zhangwei');
      // when
      const { application, message } = await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() });
      // then
      assert.match(application.number, /^E20260302-\d{5}$/);
      assert.equal(application.status, '个人已上报');
      assert.equal(application.enterpriseId, design.id);
      assert.equal(application.province, '33');
      assert.deepEqual(application.specialties, ['structural']);
      assert.equal(application.data?.employerName, '浙江华建工程设计有限公司');
      assert.equal(application.data?.applicantName, '张伟');
      assert.equal(message, '您所申请的事项已成功提交企业，请通知企业尽快上报注册数据。');
      assert.deepEqual(f.engine.instances, [
        {
          processInstanceKey: '1',
          bpmnProcessId: 'zhuce-initial-engineer',
          variables: {
            applicationId: String(application.id),
            applicantId: String(person.id),
            profession: 'engineer',
            matter: 'initial',
            employerCode: design.creditCode,
            province: '33',
          },
        },
      ]);
      assert.equal((await f.models.Application.findByPk(application.id))?.processInstanceKey, '1');
      const events = await f.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
      assert.deepEqual(
        events.map((e) => [e.step, e.actorName]),
        [['个人填报', '张伟']],
      );
      assert.equal(await f.models.AuditEntry.count({ where: { entityType: 'application', entityId: String(application.id) } }), 1);
    });

    it('numbers the cases of a day one after the other', async () => {
      // given
      const zhangwei = await zhangweiReady();
      const first = await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() });
      await f.readLetter(zhangwei, ENGINEER_INITIAL);
      // when
      const second = await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ specialty: 'geotechnical' }) });
      // then
      assert.equal(Number(second.application.number.slice(-5)), Number(first.application.number.slice(-5)) + 1);
    });

    it('takes the case back out when the engine does not start the process', async () => {
      // given
      const zhangwei = await zhangweiReady();
      f.engine.failNextCreate = true;
      // when / then
      await assertRefusedUnchanged(f, () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }), 503, '流程引擎暂时不可用，申报未能提交，请稍后再试');
      // and the letter read before still counts for the next attempt
      const { application } = await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() });
      assert.equal(application.status, '个人已上报');
    });

    it('gives the page the read-only values and flags the server will judge by', async () => {
      // given
      const wangfang = await f.account('wangfang');
      await f.service.saveEmployer(wangfang, { creditCode: (await f.enterpriseOf('qiye')).creditCode });
      // when
      const form = await f.service.startForm(wangfang, { profession: 'architect', matter: 'initial' });
      // then
      assert.equal(form.formId, 'apply-initial-architect');
      assert.equal(form.data.applicantName, '王芳');
      assert.equal(form.data.employerName, '浙江华建工程设计有限公司');
      assert.equal(form.data.employerQualificationNo, 'A133000101');
      assert.equal(form.data.socialSecurityAnomaly, true);
    });
  });

  describe('matters a profession does not offer', () => {
    it('refuses 变更注册 of 一级建造师 and points to 注销 then 重新注册', async () => {
      const lina = await f.account('lina');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(lina, { profession: 'constructor', matter: 'change', formData: {} }),
        422,
        '一级建造师不办理变更注册：变更执业单位须先办理注销手续，再申请重新注册（一级建造师常见问题14）',
      );
    });

    it('refuses an employer starting an applicant matter', async () => {
      const qiye = await f.account('qiye');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(qiye, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        403,
        '一级注册结构工程师和其他专业勘察设计注册工程师执业资格认定（初始注册）由申请人本人申报，聘用企业在“注册申报管理”中上报或退回',
      );
    });
  });

  describe('rule 1: every approval condition ticked', () => {
    it('refuses naming the condition left unticked', async () => {
      const zhangwei = await zhangweiReady();
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ conditionContinuingEducation: false }) }),
        422,
        '审批条件：请认真阅读并勾选全部审批条件（全选）后再办理，未勾选：3、达到继续教育要求（规则1）',
      );
    });

    it('refuses a constructor who did not tick 注册须知', async () => {
      const lina = await f.account('lina');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(lina, { profession: 'constructor', matter: 'add-specialty', formData: { ...CONSTRUCTOR_PROFILE, noticeAccepted: false } }),
        422,
        '注册须知：请认真阅读并勾选全部注册须知（全选）后再办理，未勾选：本人已认真阅读“注册须知”、“收取材料”（规则1）',
      );
    });
  });

  describe('rule 2: the commitment letter open for 60 seconds, enforced by the server', () => {
    it('refuses when the letter was never opened', async () => {
      const zhangwei = await f.account('zhangwei');
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        409,
        '请先打开并仔细阅读《个人承诺书》，60秒后方可确认（承诺书须阅读满60秒）',
      );
    });

    it('refuses before the 60 seconds have passed on the server clock, saying how long is left', async () => {
      // given
      const zhangwei = await f.account('zhangwei');
      await f.service.openCommitment(zhangwei, ENGINEER_INITIAL);
      f.clock.advance(30_000);
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        409,
        '请仔细阅读《个人承诺书》，阅读满60秒后方可确认（还需30秒）',
      );
    });

    it('cancels the draft when the applicant does not commit, and asks for the letter again', async () => {
      // given
      const zhangwei = await zhangweiReady();
      const before = await f.snapshot();
      // when
      await assert.rejects(f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ personalCommitment: 'decline' }) }), {
        status: 409,
        message: '您选择了“本人不做出上述承诺”，本次申报已取消（规则2：不作出承诺则取消申报）',
      });
      // then: no case, and the reading is closed
      const after = await f.snapshot();
      assert.deepEqual({ ...after, decidedReadings: before.decidedReadings }, before);
      assert.equal(after.decidedReadings, Number(before.decidedReadings) + 1);
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        409,
        '您已选择不做出《个人承诺书》中的承诺，本次申报已取消；如需继续申报，请重新打开并阅读《个人承诺书》',
      );
    });

    it('uses a reading up: the next case needs the letter read again', async () => {
      // given
      const zhangwei = await zhangweiReady();
      await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() });
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ specialty: 'geotechnical' }) }),
        409,
        '请先打开并仔细阅读《个人承诺书》，60秒后方可确认（承诺书须阅读满60秒）',
      );
    });
  });

  describe('rule 3: social-security anomaly', () => {
    async function wangfangReady() {
      const wangfang = await f.account('wangfang');
      await f.service.saveEmployer(wangfang, { creditCode: (await f.enterpriseOf('qiye')).creditCode });
      await f.givePhotoAndSignature('wangfang');
      await f.readLetter(wangfang, { profession: 'architect', matter: 'initial' });
      return wangfang;
    }
    const architectInitial = () => engineerInitial({ specialty: 'architecture' });

    it('refuses with the warning of seed 000 (HTTP 409) until the applicant confirms', async () => {
      const wangfang = await wangfangReady();
      await assertRefusedUnchanged(f, () => f.service.start(wangfang, { profession: 'architect', matter: 'initial', formData: architectInitial() }), 409, SOCIAL_SECURITY_WARNING);
    });

    it('judges the anomaly itself, whatever the page says', async () => {
      const wangfang = await wangfangReady();
      await assertRefusedUnchanged(
        f,
        () => f.service.start(wangfang, { profession: 'architect', matter: 'initial', formData: { ...architectInitial(), socialSecurityAnomaly: false } }),
        409,
        SOCIAL_SECURITY_WARNING,
      );
    });

    it('files the case with the acknowledgement recorded once the applicant confirms', async () => {
      // given
      const wangfang = await wangfangReady();
      // when
      const { application } = await f.service.start(wangfang, {
        profession: 'architect',
        matter: 'initial',
        formData: architectInitial(),
        acknowledgements: { socialSecurity: true },
      });
      // then
      assert.equal(application.data?.socialSecurityAcknowledged, true);
      assert.equal(application.data?.socialSecurityAnomaly, true);
      const [event] = await f.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
      const audit = await f.models.AuditEntry.findOne({ where: { dedupeKey: event.dedupeKey } });
      assert.equal(audit?.detail?.socialSecurityAcknowledged, true);
    });
  });

  describe('rule 5: photo and signature', () => {
    it('refuses while the profile has no photo and signature on file', async () => {
      // given
      await (await f.personOf('zhangwei')).update({ photoAttachmentId: null, signatureAttachmentId: null });
      const zhangwei = await f.account('zhangwei');
      await f.service.saveEmployer(zhangwei, { creditCode: (await f.enterpriseOf('qiye')).creditCode });
      await f.readLetter(zhangwei, ENGINEER_INITIAL);
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        422,
        '照片、签名：个人信息中没有一寸照片和手写签名，每项注册申报都须有照片和签名，请先在“个人信息”中上传（规则5）',
      );
    });

    describe('uploaded with the form', () => {
      async function liuyangForm(photo: Buffer, photoName = 'photo.jpg') {
        // A profile without photo and signature: these come with the form.
        await (await f.personOf('liuyang')).update({ photoAttachmentId: null, signatureAttachmentId: null });
        const liuyang = await f.account('liuyang');
        const supervision = await f.enterpriseOf('qiye-jianli');
        await f.readLetter(liuyang, { profession: 'supervisor', matter: 'initial' });
        const formData = {
          ...CONSTRUCTOR_PROFILE,
          employerName: supervision.name,
          employerCode: supervision.creditCode,
          specialty1: 'civil-building',
          photo: await f.upload(liuyang, photoName, photo),
          signature: await f.upload(liuyang, 'signature.png', png(405, 162)),
        };
        delete (formData as Record<string, unknown>).smsCode;
        return { liuyang, formData };
      }

      it('refuses a file that is not a jpg or png, judged from its bytes', async () => {
        const { liuyang, formData } = await liuyangForm(Buffer.from('%PDF-1.4 not an image'), 'photo.png');
        await assertRefusedUnchanged(
          f,
          () => f.service.start(liuyang, { profession: 'supervisor', matter: 'initial', formData }),
          422,
          '上传一寸免冠照片文件内容不是jpg、jpeg或png图片',
        );
      });

      it('refuses a photo over 500 KB', async () => {
        const { liuyang, formData } = await liuyangForm(jpeg(295, 413, { totalBytes: 500 * 1024 + 1 }));
        await assertRefusedUnchanged(
          f,
          () => f.service.start(liuyang, { profession: 'supervisor', matter: 'initial', formData }),
          422,
          '上传一寸免冠照片不能大于500KB，当前为501KB',
        );
      });

      it('makes the files attachments of the case, puts them on file, and warns about a size other than recommended', async () => {
        // given
        const { liuyang, formData } = await liuyangForm(jpeg(300, 400));
        // when
        const { application, warnings } = await f.service.start(liuyang, { profession: 'supervisor', matter: 'initial', formData });
        // then
        const attachments = await f.models.Attachment.findAll({ where: { applicationId: application.id }, order: [['id', 'ASC']] });
        assert.deepEqual(attachments.map((a) => a.kind), ['photo', 'signature']);
        const person = await f.personOf('liuyang');
        assert.equal(person.photoAttachmentId, attachments[0].id);
        assert.deepEqual(warnings, ['上传一寸免冠照片推荐尺寸为413px*295px（宽295px、高413px），当前为宽300px、高400px']);
      });
    });
  });

  describe('rule 6: initial registration', () => {
    it('refuses a specialty the qualification register does not hold for the person', async () => {
      const zhangwei = await zhangweiReady();
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial({ specialty: 'hvac' }) }),
        422,
        '注册专业：资格库中未找到您“注册公用设备工程师(暖通空调)”专业的执业资格记录（须与身份证号、姓名一致），不能申报（规则6：申报的专业须已取得相应执业资格）',
      );
    });

    it('refuses a specialty the person is registered for already', async () => {
      // given
      const zhangwei = await zhangweiReady();
      await f.registration('zhangwei', { profession: 'engineer', specialty: 'structural', employer: 'qiye', daysLeft: 400 });
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        409,
        '注册专业：您已注册“一级注册结构工程师”专业，每个注册专业只可申报一次，不能重复注册（规则6）',
      );
    });

    it('refuses a second case for a specialty while the first is in flight', async () => {
      // given
      const zhangwei = await zhangweiReady();
      const { application } = await f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() });
      await f.readLetter(zhangwei, ENGINEER_INITIAL);
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: engineerInitial() }),
        409,
        `您已有一件正在办理的一级注册结构工程师和其他专业勘察设计注册工程师执业资格认定（初始注册）（申报编号${application.number}，状态：个人已上报），办结前不能重复申报`,
      );
    });

    it('refuses a specialty in flight under another matter', async () => {
      // given: lina adds 市政公用工程 and, before that is decided, asks for it again through 重新注册
      const lina = await f.account('lina');
      const construction = await f.enterpriseOf('qiye-jianshe');
      const photo = () => f.upload(lina, 'photo.jpg', jpeg(295, 413));
      const signature = () => f.upload(lina, 'signature.png', png(405, 162));
      await f.readLetter(lina, { profession: 'constructor', matter: 'add-specialty' });
      const { application } = await f.service.start(lina, {
        profession: 'constructor',
        matter: 'add-specialty',
        formData: { ...CONSTRUCTOR_PROFILE, specialties: ['municipal'], photo: await photo(), signature: await signature() },
      });
      await f.readLetter(lina, { profession: 'constructor', matter: 're-register' });
      const reRegister = {
        ...CONSTRUCTOR_PROFILE,
        employerName: construction.name,
        employerCode: construction.creditCode,
        contractStart: '2024-01-01',
        qualificationNo: 'JZ201933000123',
        specialties: ['municipal'],
        photo: await photo(),
        signature: await signature(),
      };
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(lina, { profession: 'constructor', matter: 're-register', formData: reRegister }),
        409,
        `注册专业：您有正在办理的“市政公用工程”专业申报（申报编号${application.number}，状态：个人已上报），办结前不能重复申报（规则6）`,
      );
    });

    it('refuses the same specialty twice in one application', async () => {
      // given
      const liuyang = await f.account('liuyang');
      const supervision = await f.enterpriseOf('qiye-jianli');
      await f.readLetter(liuyang, { profession: 'supervisor', matter: 'initial' });
      const formData = {
        ...CONSTRUCTOR_PROFILE,
        employerName: supervision.name,
        employerCode: supervision.creditCode,
        specialty1: 'civil-building',
        specialty2: 'civil-building',
        photo: await f.upload(liuyang, 'photo.jpg', jpeg(295, 413)),
        signature: await f.upload(liuyang, 'signature.png', png(405, 162)),
      };
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(liuyang, { profession: 'supervisor', matter: 'initial', formData }),
        422,
        '申请注册专业2：不能与申请注册专业1相同，每个专业只能申报一次（规则6）',
      );
    });
  });

  describe('the start form itself', () => {
    it('refuses with every field error of the form at once', async () => {
      const zhangwei = await zhangweiReady();
      const before = await f.snapshot();
      await assert.rejects(
        f.service.start(zhangwei, { ...ENGINEER_INITIAL, formData: { ...DESIGN_CONDITIONS, personalCommitment: 'accept', specialty: 'structural' } }),
        (err: unknown) => {
          assert.ok(err instanceof SubmissionRefused);
          assert.equal(err.status, 422);
          assert.equal(err.message, '资格证书管理号不能为空；资格证书批准日期不能为空；获取执业资格方式不能为空');
          return true;
        },
      );
      assert.deepEqual(await f.snapshot(), before);
    });

    it('refuses a file id of someone else', async () => {
      // given
      const liuyang = await f.account('liuyang');
      const zhangwei = await f.account('zhangwei');
      const supervision = await f.enterpriseOf('qiye-jianli');
      await f.readLetter(liuyang, { profession: 'supervisor', matter: 'initial' });
      const formData = {
        ...CONSTRUCTOR_PROFILE,
        employerName: supervision.name,
        employerCode: supervision.creditCode,
        specialty1: 'civil-building',
        photo: await f.upload(zhangwei, 'photo.jpg', jpeg(295, 413)),
        signature: await f.upload(liuyang, 'signature.png', png(405, 162)),
      };
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.start(liuyang, { profession: 'supervisor', matter: 'initial', formData }),
        403,
        '上传一寸免冠照片：该文件不是当前账号上传的，不能用于本次申报',
      );
    });
  });
});
