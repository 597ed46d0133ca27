/**
 * Every process of the system: one per matter and profession, plus the
 * employer-side matters. The chains follow SPEC §4–§6 and the domain data in
 * server/domain/professions.ts (employer step, provincial stage, time limits,
 * 事项编码).
 */
import { matterOf, professionByCode, type MatterCode, type ProfessionCode } from '../../server/domain/professions.js';
import { Diagram } from './diagram.js';
import {
  CHECK,
  Chain,
  acceptanceStage,
  approvedStatus,
  automaticChecks,
  certificate,
  duplicatePersonRefusal,
  employerStep,
  endEvent,
  gateway,
  preRegistrationWait,
  registrationAndAnnouncement,
  reviewStage,
  serviceTask,
  statusTask,
  submission,
  type Check,
  type ReviewOptions,
  type Withdrawal,
} from './stages.js';
import { GROUP, JOB, STATUS } from './vocabulary.js';

export interface ProcessModel {
  /** File name without `.bpmn`, equal to the process id. */
  id: string;
  profession: ProfessionCode | 'employer';
  matter: string;
  diagram: Diagram;
}

const REGISTRATION_MATTERS: MatterCode[] = ['initial', 'change', 'renewal', 'add-specialty', 're-register'];

function checksFor(profession: ProfessionCode, matter: MatterCode): Check[] {
  const duplicate = profession === 'constructor' ? CHECK.duplicateRefusal : CHECK.duplicateAnomaly;
  const common = [CHECK.photoSignature, CHECK.socialSecurity, duplicate];
  switch (matter) {
    case 'initial':
    case 're-register':
      return [CHECK.qualification, CHECK.specialtyUnique, ...common];
    case 'change':
      return [CHECK.registrationActive, CHECK.employerDiffers, ...common];
    case 'renewal':
      return [CHECK.registrationActive, CHECK.renewalWindow, ...common];
    case 'add-specialty':
      return [CHECK.professionRegistered, CHECK.qualification, CHECK.specialtyUnique, ...common];
    case 'modify-reissue':
      return [CHECK.registrationActive, ...common];
    case 'cancel':
      return [CHECK.registrationActive];
    case 'info-correction':
      return [CHECK.evidence];
  }
}

function header(profession: ProfessionCode, matter: MatterCode, id: string, extra: Record<string, string> = {}, nameSuffix = '') {
  const offering = matterOf(profession, matter);
  if (!offering) throw new Error(`${profession} offers no ${matter}`);
  const p = professionByCode(profession);
  return {
    id,
    name: `${offering.title}${nameSuffix}`,
    properties: {
      matterCode: offering.matterCode,
      profession,
      matter,
      professionName: p.name,
      matterName: offering.name,
      ...extra,
    },
  };
}

const REGISTRATION_REVIEW: Omit<ReviewOptions, 'level' | 'entry'> = {
  form: 'ministry-review',
  taskName: '部级审批',
  decisionVariable: 'reviewDecision',
  approveValue: 'approve',
  approveLabel: '审批通过',
  refuseLabel: '不予注册',
  opinionVariable: 'reviewOpinion',
  refusalNotice: true,
};

const PROVINCE_REVIEW: Omit<ReviewOptions, 'entry'> = {
  level: 'province',
  form: 'province-review',
  taskName: '省级审查',
  decisionVariable: 'provinceReviewDecision',
  approveValue: 'forward',
  approveLabel: '审查通过，上报部级',
  refuseLabel: '审查不通过',
  opinionVariable: 'provinceReviewOpinion',
  refusalNotice: true,
  endName: '不予注册',
};

const CHANGE_REQUEST_REVIEW: Omit<ReviewOptions, 'level' | 'entry' | 'taskName'> = {
  form: 'ministry-review-change-request',
  decisionVariable: 'reviewDecision',
  approveValue: 'approve',
  approveLabel: '审核通过',
  refuseLabel: '审核不通过',
  opinionVariable: 'reviewOpinion',
  refusalNotice: true,
};

const ACCEPTED = { status: STATUS.underReview, event: 'accepted', actor: 'ministry' as const, opinion: '=acceptanceOpinion' };

/** Forwarding to the authority: the provincial stage for architects (SPEC §4), then the ministry's acceptance. */
function authorityStages(c: Chain, profession: ProfessionCode, withdrawal: Withdrawal, refusalNotice: boolean): void {
  if (professionByCode(profession).provincialStage) {
    c.next(statusTask('Task_StatusProvinceNotAccepted', `更新状态：${STATUS.provinceNotAccepted}`, { status: STATUS.provinceNotAccepted, event: 'forwarded-to-province', actor: 'system' }));
    acceptanceStage(c, 'province', withdrawal);
    reviewStage(c, {
      ...PROVINCE_REVIEW,
      refusalNotice,
      entry: { status: STATUS.provinceReview, event: 'province-accepted', actor: 'province', opinion: '=acceptanceOpinion' },
    });
    c.skip();
    c.next(
      statusTask('Task_StatusMinistryNotAccepted', `更新状态：${STATUS.ministryNotAccepted}`, {
        status: STATUS.ministryNotAccepted,
        event: 'province-forwarded',
        actor: 'province',
        opinion: '=provinceReviewOpinion',
      }),
    );
  } else {
    c.next(
      statusTask('Task_StatusMinistryNotAccepted', `更新状态：${STATUS.ministryNotAccepted}`, {
        status: STATUS.ministryNotAccepted,
        event: 'forwarded-to-ministry',
        actor: 'system',
      }),
    );
  }
  acceptanceStage(c, 'ministry', withdrawal);
}

function submitted(c: Chain, startForm: string, employer: boolean): void {
  submission(
    c,
    startForm,
    '个人提交申请',
    { status: STATUS.submitted, event: 'submitted', actor: 'applicant', notify: employer ? 'applicant,employer' : 'applicant' },
    `更新状态：${STATUS.submitted}`,
  );
}

/** 初始、变更、延续、增项、重新注册 and 更改补办: the full chain of SPEC §5. */
function applicationProcess(profession: ProfessionCode, matter: MatterCode): ProcessModel {
  const offering = matterOf(profession, matter)!;
  const id = `zhuce-${matter}-${profession}`;
  const d = new Diagram(header(profession, matter, id));
  const c = new Chain(d);
  submitted(c, `apply-${matter}-${profession}`, offering.employerStep);
  automaticChecks(c, checksFor(profession, matter));
  if (profession === 'constructor') duplicatePersonRefusal(c);
  if (offering.employerStep) employerStep(c);
  // 一级建造师: once the employer reported there is no withdrawal (seed 003 FAQ 11).
  const withdrawal: Withdrawal = !offering.employerStep ? 'direct' : profession === 'constructor' ? 'none' : 'consent';
  authorityStages(c, profession, withdrawal, true);
  reviewStage(c, { level: 'ministry', ...REGISTRATION_REVIEW, entry: ACCEPTED });
  approvedStatus(c);
  if (REGISTRATION_MATTERS.includes(matter)) {
    if (offering.employerStep) preRegistrationWait(c);
    registrationAndAnnouncement(c, true);
  } else {
    registrationAndAnnouncement(c, false);
  }
  return { id, profession, matter, diagram: d };
}

/**
 * 注销 of architects, engineers and supervisors: filed by the applicant (the
 * employer reports it) or by the employer itself as a forced cancellation
 * with the arbitration award or judgment (rule 10). No acceptance step; the
 * authority decides at once (professions.ts: review 0 working days).
 */
function cancellationProcess(profession: ProfessionCode): ProcessModel {
  const id = `zhuce-cancel-${profession}`;
  const d = new Diagram(header(profession, 'cancel', id));
  const c = new Chain(d);
  c.next({ id: 'StartEvent_Submitted', name: '提交注销申请', kind: 'startEvent', formId: `apply-cancel-${profession}` });
  const filedBy = c.next(gateway('Gateway_FiledBy', '申请人'));
  const byEmployer = d.add({
    ...statusTask('Task_StatusEmployerFiled', `更新状态：${STATUS.employerReported}（企业申请强制注销）`, {
      status: STATUS.employerReported,
      event: 'employer-filed-cancellation',
      actor: 'employer',
      notify: 'applicant,employer',
    }),
    col: filedBy.col + 1,
    row: 1,
  });
  d.connect(filedBy.id, byEmployer.id, { name: '企业', condition: '=filedBy = "employer"' });
  c.continueFrom(filedBy.id, { name: '个人', isDefault: true });
  c.next(statusTask('Task_StatusSubmitted', `更新状态：${STATUS.submitted}`, { status: STATUS.submitted, event: 'submitted', actor: 'applicant', notify: 'applicant,employer' }));
  const filedJoin = c.next(gateway('Gateway_FiledJoin', '已提交'));
  d.connect(byEmployer.id, filedJoin.id);
  automaticChecks(c, checksFor(profession, 'cancel'));
  const needsEmployer = c.next(gateway('Gateway_NeedsEmployerReport', '是否需要企业上报'));
  c.continueFrom(needsEmployer.id, { name: '个人申请', isDefault: true });
  employerStep(c);
  const reported = c.next(gateway('Gateway_EmployerReportedJoin', '企业已确认'));
  d.connect(needsEmployer.id, reported.id, {
    name: '企业申请',
    condition: '=filedBy = "employer"',
    route: { kind: 'channel', row: -1, beside: 'above', leave: 'top', enter: 'top' },
  });
  if (professionByCode(profession).provincialStage) {
    reviewStage(c, {
      ...PROVINCE_REVIEW,
      refusalNotice: true,
      refuseLabel: '审查不通过',
      endName: '审查不通过',
      entry: { status: STATUS.provinceReview, event: 'forwarded-to-province', actor: 'system' },
    });
    c.skip();
  }
  reviewStage(c, {
    level: 'ministry',
    form: 'ministry-review-cancel',
    taskName: '部级审核注销',
    decisionVariable: 'reviewDecision',
    approveValue: 'approve',
    approveLabel: '准予注销',
    refuseLabel: '不予注销',
    opinionVariable: 'reviewOpinion',
    refusalNotice: true,
    entry: { status: STATUS.underReview, event: 'review-started', actor: 'system' },
  });
  approvedStatus(c);
  cancellationOutcome(c);
  return { id, profession, matter: 'cancel', diagram: d };
}

function cancellationOutcome(c: Chain): void {
  c.next(serviceTask('Task_CancelRegistration', '注销注册', JOB.cancelRegistration));
  c.next(serviceTask('Task_CancellationCertificate', '生成注销证明', JOB.generateDocument, { headers: { document: 'cancellation-certificate' } }));
  c.next(endEvent('End_Cancelled', '已注销'));
}

/** 一级建造师 注销手续: processed immediately, no employer, no review wait (seed 002 图 10). */
function constructorCancellation(): ProcessModel {
  const id = 'zhuce-cancel-constructor';
  const d = new Diagram(header('constructor', 'cancel', id));
  const c = new Chain(d);
  submitted(c, 'apply-cancel-constructor', false);
  automaticChecks(c, checksFor('constructor', 'cancel'));
  approvedStatus(c, 'system', '=cancellationReason');
  cancellationOutcome(c);
  return { id, profession: 'constructor', matter: 'cancel', diagram: d };
}

/**
 * 信息更正 (rule 15): name or ID change with evidence, or a new photo and
 * signature; the ministry accepts and reviews, then every record of the
 * person changes and the certificates are issued again.
 */
function profileChangeProcess(profession: ProfessionCode, kind: 'identity' | 'photo-signature'): ProcessModel {
  const id = kind === 'identity' ? `zhuce-info-correction-${profession}` : `zhuce-photo-signature-${profession}`;
  const d = new Diagram(header(profession, 'info-correction', id, { correctionKind: kind }, kind === 'identity' ? '' : ' — 修改免冠照及手写签名'));
  const c = new Chain(d);
  submitted(c, kind === 'identity' ? `apply-info-correction-${profession}` : `apply-photo-signature-${profession}`, false);
  automaticChecks(c, kind === 'identity' ? [CHECK.evidence] : [CHECK.photoSignatureRequest]);
  c.next(
    statusTask('Task_StatusMinistryNotAccepted', `更新状态：${STATUS.ministryNotAccepted}`, {
      status: STATUS.ministryNotAccepted,
      event: 'forwarded-to-ministry',
      actor: 'system',
    }),
  );
  acceptanceStage(c, 'ministry', 'direct');
  reviewStage(c, {
    level: 'ministry',
    ...CHANGE_REQUEST_REVIEW,
    taskName: kind === 'identity' ? '部级审核信息更正' : '部级审核照片和签名',
    entry: ACCEPTED,
  });
  approvedStatus(c);
  c.next(serviceTask('Task_ApplyProfileChange', kind === 'identity' ? '更新该人员全部记录' : '更新照片和签名', JOB.applyProfileChange, { headers: { change: kind } }));
  certificate(c, 'profile-change');
  return { id, profession, matter: kind === 'identity' ? 'info-correction' : 'photo-signature', diagram: d };
}

function employerHeader(id: string, name: string, matter: string) {
  return { id, name, properties: { profession: 'architect,engineer', matter, professionName: '一级注册建筑师、勘察设计注册工程师', matterName: name } };
}

/** 企业名称变更 (rule 14): refused while the employer has cases in flight; after approval every registration shows the new name. */
function enterpriseRenameProcess(): ProcessModel {
  const id = 'zhuce-enterprise-rename';
  const d = new Diagram(employerHeader(id, '企业名称变更', 'enterprise-rename'));
  const c = new Chain(d);
  submission(
    c,
    'apply-enterprise-rename',
    '企业提交名称变更',
    { status: STATUS.employerReported, event: 'employer-reported', actor: 'employer', notify: 'employer' },
    `更新状态：${STATUS.employerReported}`,
  );
  automaticChecks(c, [CHECK.renamePreconditions]);
  reviewStage(c, {
    level: 'ministry',
    ...CHANGE_REQUEST_REVIEW,
    taskName: '部级审核企业名称变更',
    candidateGroups: GROUP.ministryDesign,
    workingDays: 20,
    entry: { status: STATUS.underReview, event: 'review-started', actor: 'system', notify: 'employer' },
  });
  approvedStatus(c);
  c.next(serviceTask('Task_ApplyEnterpriseRename', '更新全部注册和证书的单位名称', JOB.applyEnterpriseRename));
  c.next(endEvent('End_Renamed', '已更名'));
  return { id, profession: 'employer', matter: 'enterprise-rename', diagram: d };
}

/**
 * 补正资质 (rule 13): an employer that now holds a qualification completes its
 * 预注册 cases, with the certificate number found in the enterprise register
 * or, failing that, an uploaded copy the ministry checks.
 */
function qualificationFixProcess(): ProcessModel {
  const id = 'zhuce-qualification-fix';
  const d = new Diagram(employerHeader(id, '补正资质', 'qualification-fix'));
  const c = new Chain(d);
  submission(
    c,
    'apply-qualification-fix',
    '企业提交补正资质',
    { status: STATUS.employerReported, event: 'employer-reported', actor: 'employer', notify: 'employer' },
    `更新状态：${STATUS.employerReported}`,
  );
  c.next(serviceTask('Task_DetectEmployerQualification', '检测企业资质证书号', JOB.detectEmployerQualification));
  const detected = c.next(gateway('Gateway_QualificationDetected', '是否检测到资质证书号'));
  c.continueFrom(detected.id, { name: '未检测到，核验资质副本', isDefault: true });
  reviewStage(c, {
    level: 'ministry',
    ...CHANGE_REQUEST_REVIEW,
    taskName: '部级核验企业资质副本',
    candidateGroups: GROUP.ministryDesign,
    workingDays: 5,
    entry: { status: STATUS.underReview, event: 'review-started', actor: 'system', notify: 'employer' },
  });
  c.skip();
  const join = c.next(gateway('Gateway_QualificationConfirmed', '资质已确认'));
  d.connect(detected.id, join.id, {
    name: '已检测到',
    condition: '=qualificationDetected = true',
    route: { kind: 'channel', row: -2, beside: 'above', leave: 'top', enter: 'top' },
  });
  c.next(serviceTask('Task_ApplyQualificationFix', '更新预注册申报的企业资质', JOB.applyQualificationFix));
  approvedStatus(c, 'system', '="企业资质证书号：" + qualificationCertificateNo');
  c.next(endEvent('End_QualificationFixed', '已补正资质'));
  return { id, profession: 'employer', matter: 'qualification-fix', diagram: d };
}

export function allProcesses(): ProcessModel[] {
  const models: ProcessModel[] = [];
  for (const profession of ['architect', 'engineer', 'constructor', 'supervisor'] as const) {
    for (const offering of professionByCode(profession).matters) {
      if (offering.matter === 'cancel') models.push(profession === 'constructor' ? constructorCancellation() : cancellationProcess(profession));
      else if (offering.matter === 'info-correction') models.push(profileChangeProcess(profession, 'identity'), profileChangeProcess(profession, 'photo-signature'));
      else models.push(applicationProcess(profession, offering.matter));
    }
  }
  models.push(enterpriseRenameProcess(), qualificationFixProcess());
  return models;
}
