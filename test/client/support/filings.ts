/** Cases filed through the application service, for browser tests that need one to look at. */
import type { BrowserWorld } from './browser-world.js';

/** 张伟's 勘察设计注册工程师 初始注册 (结构), filed through the service after the 个人承诺书's minute. */
export async function fileForZhangwei(world: BrowserWorld) {
  const { models, runtime, clock } = world;
  const zhangwei = (await models.Account.findOne({ where: { username: 'zhangwei' } }))!;
  const qualification = (await models.Qualification.findOne({ where: { name: '张伟', specialty: 'structural' } }))!;
  const matter = { profession: 'engineer', matter: 'initial' };
  await runtime.applications.openCommitment(zhangwei, matter);
  clock.advance(61_000);
  const { application } = await runtime.applications.start(zhangwei, {
    ...matter,
    formData: {
      conditionQualified: true,
      conditionSingleEmployer: true,
      conditionContinuingEducation: true,
      personalCommitment: 'accept',
      specialty: 'structural',
      qualificationNo: qualification.certificateNumber,
      qualificationApprovalDate: qualification.approvalDate,
      qualificationMethod: 'exam',
    },
  });
  return application;
}
