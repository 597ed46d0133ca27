/**
 * The stages a registration case passes, each as a builder that appends its
 * elements to a process: the main path runs along row 0 left to right;
 * reminders and escalations sit above their task (rows -1, -2); corrections,
 * refusals and withdrawals branch below (rows 1-3). Every stage keeps its
 * side branches inside its own columns so stages compose without overlap
 * (the diagram refuses to serialise otherwise).
 */
import type { Diagram, FlowSpec, Mapping, NodeSpec, Route } from './diagram.js';
import { GROUP, JOB, MESSAGE, STATUS } from './vocabulary.js';

type FlowOptions = Partial<Omit<FlowSpec, 'id' | 'from' | 'to'>>;
type Placed = Omit<NodeSpec, 'col' | 'row'>;

/** Appends nodes to the main row and remembers where the path continues from. */
export class Chain {
  col = 0;
  private tail: string | undefined;
  private pending: FlowOptions = {};

  constructor(readonly d: Diagram) {}

  /** Places a node on the main row, connected from the current tail. */
  next(node: Placed): NodeSpec {
    const placed = this.d.add({ ...node, col: this.col, row: 0 });
    if (this.tail) this.d.connect(this.tail, placed.id, this.pending);
    this.col += 1;
    this.tail = placed.id;
    this.pending = {};
    return placed;
  }

  /** The next node on the main row is reached from `from` with these flow options (a gateway's branch). */
  continueFrom(from: string, options: FlowOptions = {}): void {
    this.tail = from;
    this.pending = options;
  }

  skip(columns = 1): void {
    this.col += columns;
  }
}

// --- element helpers --------------------------------------------------------

export interface StatusChange {
  status?: string;
  event: string;
  actor: 'applicant' | 'employer' | 'province' | 'ministry' | 'system';
  /** FEEL for the opinion the timeline and the message carry. */
  opinion?: string;
  notify?: string;
}

/** A `zhuce.set-status` service task: one worker writes status, timeline, messages and audit. */
export function statusTask(id: string, name: string, change: StatusChange): Placed {
  const headers: Record<string, string> = {};
  if (change.status) headers.status = change.status;
  headers.event = change.event;
  headers.actor = change.actor;
  headers.notify = change.notify ?? 'applicant';
  return {
    id,
    name,
    kind: 'serviceTask',
    jobType: JOB.setStatus,
    headers,
    inputs: change.opinion ? [{ source: change.opinion, target: 'opinion' }] : undefined,
  };
}

export function serviceTask(id: string, name: string, jobType: string, extra: Partial<Placed> = {}): Placed {
  return { id, name, kind: 'serviceTask', jobType, ...extra };
}

export function userTask(id: string, name: string, formId: string, candidateGroups: string, extra: Partial<Placed> = {}): Placed {
  return { id, name, kind: 'userTask', formId, candidateGroups, ...extra };
}

export function gateway(id: string, name: string): Placed {
  return { id, name, kind: 'exclusiveGateway' };
}

export function endEvent(id: string, name: string): Placed {
  return { id, name, kind: 'endEvent' };
}

function at(d: Diagram, node: Placed, col: number, row: number): NodeSpec {
  return d.add({ ...node, col, row });
}

const below = (row: number, leave: 'top' | 'bottom', enter: 'top' | 'bottom' = 'bottom'): Route => ({
  kind: 'channel',
  row,
  beside: 'below',
  leave,
  enter,
});

// --- reminders and escalation (rule 16) -------------------------------------

/**
 * Two non-interrupting timers on a decision task: a reminder to its candidate
 * group at `remindVariable`, an escalation to the group's supervisor at
 * `dueVariable`. The timers read process variables, so tests set them short.
 */
function deadlineTimers(d: Diagram, task: NodeSpec, prefix: string, dueVariable: string, remindVariable: string): void {
  const remind = d.boundary({
    id: `Timer_${prefix}Remind`,
    name: '临近办理时限',
    attachedTo: task.id,
    side: 'top',
    offset: 80,
    interrupting: false,
    definition: { type: 'timer', timeDate: `=${remindVariable}` },
  });
  const reminder = at(d, serviceTask(`Task_${prefix}Remind`, '提醒办理人员', JOB.sendReminder, { headers: { taskElementId: task.id } }), task.col + 1, -1);
  const reminded = at(d, endEvent(`End_${prefix}Reminded`, '已提醒'), task.col + 2, -1);
  d.connect(remind.id, reminder.id);
  d.connect(reminder.id, reminded.id);

  const overdue = d.boundary({
    id: `Timer_${prefix}Overdue`,
    name: '超过办理时限',
    attachedTo: task.id,
    side: 'top',
    offset: 20,
    interrupting: false,
    definition: { type: 'timer', timeDate: `=${dueVariable}` },
  });
  const escalate = at(d, serviceTask(`Task_${prefix}Escalate`, '超期升级至上级', JOB.escalateOverdue, { headers: { taskElementId: task.id } }), task.col + 1, -2);
  const escalated = at(d, endEvent(`End_${prefix}Escalated`, '已升级'), task.col + 2, -2);
  d.connect(overdue.id, escalate.id);
  d.connect(escalate.id, escalated.id);
}

function deadlineTask(id: string, name: string, kind: 'acceptance' | 'review', into: { due: string; remind: string }, workingDays?: number): Placed {
  const headers: Record<string, string> = { kind };
  if (workingDays !== undefined) headers.workingDays = String(workingDays);
  const outputs: Mapping[] = [
    { source: '=dueAt', target: into.due },
    { source: '=remindAt', target: into.remind },
  ];
  return serviceTask(id, name, JOB.computeDeadline, { headers, outputs });
}

// --- submission and automatic checks ---------------------------------------

export interface Check {
  id: string;
  name: string;
  jobType: string;
  headers?: Record<string, string>;
}

export const CHECK = {
  qualification: { id: 'Task_CheckQualification', name: '核查资格库', jobType: JOB.checkQualification },
  specialtyUnique: { id: 'Task_CheckSpecialtyUnique', name: '核查专业未重复注册', jobType: JOB.checkSpecialtyUnique },
  photoSignature: { id: 'Task_CheckPhotoSignature', name: '核查照片和签名', jobType: JOB.checkPhotoSignature, headers: { source: 'profile' } },
  photoSignatureRequest: {
    id: 'Task_CheckPhotoSignature',
    name: '核查新照片和签名',
    jobType: JOB.checkPhotoSignature,
    headers: { source: 'request' },
  },
  socialSecurity: { id: 'Task_CheckSocialSecurity', name: '核查社保缴纳', jobType: JOB.checkSocialSecurity },
  duplicateAnomaly: { id: 'Task_CheckDuplicatePerson', name: '人员查重', jobType: JOB.checkDuplicatePerson, headers: { consequence: 'anomaly' } },
  duplicateRefusal: { id: 'Task_CheckDuplicatePerson', name: '人员查重', jobType: JOB.checkDuplicatePerson, headers: { consequence: 'refusal' } },
  renewalWindow: { id: 'Task_CheckRenewalWindow', name: '核查延续注册申报期', jobType: JOB.checkRenewalWindow },
  registrationActive: { id: 'Task_CheckRegistrationActive', name: '核查注册有效', jobType: JOB.checkRegistrationActive, headers: { scope: 'specialty' } },
  professionRegistered: {
    id: 'Task_CheckRegistrationActive',
    name: '核查已有有效注册',
    jobType: JOB.checkRegistrationActive,
    headers: { scope: 'profession' },
  },
  employerDiffers: { id: 'Task_CheckEmployerDiffers', name: '核查原聘用单位与现聘用单位不一致', jobType: JOB.checkEmployerDiffers },
  evidence: { id: 'Task_CheckEvidence', name: '核查证明材料', jobType: JOB.checkEvidence },
  renamePreconditions: { id: 'Task_CheckRenamePreconditions', name: '核查更名条件', jobType: JOB.checkRenamePreconditions },
} satisfies Record<string, Check>;

/** Start event with its start form, then the status that announces the case. */
export function submission(c: Chain, startForm: string, startName: string, status: StatusChange & { status: string }, statusName: string): void {
  c.next({ id: 'StartEvent_Submitted', name: startName, kind: 'startEvent', formId: startForm });
  c.next(statusTask('Task_StatusSubmitted', statusName, status));
}

/**
 * The automatic checks in one sub-process. A check that refuses the case
 * throws a BPMN error carrying `checkFailure`; the boundary catches any of
 * them and closes the case as 审批不通过 with the check's message.
 */
export function automaticChecks(c: Chain, checks: Check[]): void {
  const d = c.d;
  const first = c.col;
  const sub = c.next({ id: 'SubProcess_Checks', name: '自动核查', kind: 'subProcess', toCol: first + checks.length + 1 });
  at(d, { id: 'StartEvent_Checks', name: '开始核查', kind: 'startEvent', parent: sub.id }, first, 0);
  let previous = 'StartEvent_Checks';
  checks.forEach((check, i) => {
    at(d, serviceTask(check.id, check.name, check.jobType, { headers: check.headers, parent: sub.id }), first + 1 + i, 0);
    d.connect(previous, check.id);
    previous = check.id;
  });
  at(d, { id: 'EndEvent_Checks', name: '核查通过', kind: 'endEvent', parent: sub.id }, first + checks.length + 1, 0);
  d.connect(previous, 'EndEvent_Checks');
  c.col = first + checks.length + 2;

  const failed = d.boundary({
    id: 'Error_CheckFailed',
    name: '核查未通过',
    attachedTo: sub.id,
    side: 'bottom',
    offset: 200,
    interrupting: true,
    definition: { type: 'error' },
    outputs: [{ source: '=checkFailure', target: 'checkFailure' }],
  });
  const status = at(
    d,
    statusTask('Task_StatusCheckFailed', '更新状态：审批不通过（核查未通过）', {
      status: STATUS.refused,
      event: 'check-failed',
      actor: 'system',
      opinion: '=checkFailure.message',
    }),
    first + 1,
    1,
  );
  // A case refused by a check gets its 不予注册告知书 like one refused by a reviewer (issue 9).
  const notice = at(d, refusalNotice('Task_CheckFailedRefusalNotice'), first + 2, 1);
  const end = at(d, endEvent('End_CheckFailed', '核查未通过'), first + 3, 1);
  d.connect(failed.id, status.id);
  d.connect(status.id, notice.id);
  d.connect(notice.id, end.id);
}

/** 一级建造师: a duplicate registration elsewhere means 不予注册 with a 不予注册告知书 (seed 003 FAQ 9). */
export function duplicatePersonRefusal(c: Chain): void {
  const d = c.d;
  const g = c.next(gateway('Gateway_DuplicatePerson', '人员查重是否异常'));
  const status = at(
    d,
    statusTask('Task_StatusDuplicateRefused', '更新状态：审批不通过（人员查重异常）', {
      status: STATUS.refused,
      event: 'duplicate-person-refused',
      actor: 'system',
      opinion: '=duplicateDetail',
    }),
    g.col,
    2,
  );
  const notice = at(d, refusalNotice('Task_DuplicateRefusalNotice'), g.col + 1, 2);
  const end = at(d, endEvent('End_DuplicateRefused', '不予注册'), g.col + 2, 2);
  d.connect(g.id, status.id, { name: '已在其他单位注册', condition: '=duplicatePerson = true' });
  d.connect(status.id, notice.id);
  d.connect(notice.id, end.id);
  c.continueFrom(g.id, { name: '查重正常', isDefault: true });
}

function refusalNotice(id: string): Placed {
  return serviceTask(id, '生成不予注册告知书', JOB.generateDocument, { headers: { document: 'refusal-notice' } });
}

// --- the employer (rule 11, 12, 13) ----------------------------------------

/**
 * The employer reports (上报) or returns (退回) the case. Until it does, the
 * applicant may withdraw at once. Reporting requires the employer's basic
 * information (a missing one sends the task back), and an employer without a
 * qualification makes the case 预注册.
 */
export function employerStep(c: Chain): void {
  const d = c.d;
  const join = c.next(gateway('Gateway_EmployerJoin', '待企业上报'));
  const task = c.next(
    userTask('Task_EmployerReport', '企业上报或退回', 'employer-report', GROUP.employer, { headers: { stage: 'employer-report' } }),
  );

  const withdrawn = d.boundary({
    id: 'Message_WithdrawnBeforeReport',
    name: '个人撤回',
    attachedTo: task.id,
    side: 'top',
    offset: 20,
    interrupting: true,
    definition: { type: 'message', message: MESSAGE.applicationWithdrawn },
  });
  const withdrawnStatus = at(
    d,
    statusTask('Task_StatusWithdrawnBeforeReport', '更新状态：个人撤回', {
      status: STATUS.withdrawn,
      event: 'withdrawn',
      actor: 'applicant',
      opinion: '=withdrawalReason',
      notify: 'applicant,employer',
    }),
    task.col,
    -1,
  );
  const withdrawnEnd = at(d, endEvent('End_WithdrawnBeforeReport', '已撤回'), task.col + 1, -1);
  d.connect(withdrawn.id, withdrawnStatus.id);
  d.connect(withdrawnStatus.id, withdrawnEnd.id);

  const decision = c.next(gateway('Gateway_EmployerDecision', '企业处理方式'));
  const returned = at(
    d,
    statusTask('Task_StatusReturned', '更新状态：企业退回', {
      status: STATUS.employerReturned,
      event: 'returned',
      actor: 'employer',
      opinion: '=returnReason',
    }),
    decision.col,
    1,
  );
  const returnedEnd = at(d, endEvent('End_Returned', '已退回'), decision.col + 1, 1);
  d.connect(decision.id, returned.id, { name: '退回', condition: '=employerDecision = "return"' });
  d.connect(returned.id, returnedEnd.id);
  c.continueFrom(decision.id, { name: '上报', isDefault: true });

  const infoCheck = c.next(serviceTask('Task_CheckEmployerInfo', '核查企业基本信息已保存', JOB.checkEmployerInfo));
  const missing = d.boundary({
    id: 'Error_EmployerInfoMissing',
    name: '企业基本信息未保存',
    attachedTo: infoCheck.id,
    side: 'bottom',
    offset: 80,
    interrupting: true,
    definition: { type: 'error', error: { id: 'Error_EmployerInfoMissingCode', code: 'EMPLOYER_INFO_MISSING', name: '企业基本信息未保存' } },
  });
  const missingStatus = at(
    d,
    statusTask('Task_StatusEmployerInfoMissing', '通知企业完善基本信息', {
      event: 'employer-info-missing',
      actor: 'system',
      opinion: '="企业基本信息未保存，请先在“企业基本信息”中填写并保存后再上报"',
      notify: 'employer',
    }),
    infoCheck.col + 1,
    1,
  );
  d.connect(missing.id, missingStatus.id);
  d.connect(missingStatus.id, join.id, { route: below(1, 'bottom') });

  c.next(
    statusTask('Task_StatusEmployerReported', '更新状态：企业已上报', {
      status: STATUS.employerReported,
      event: 'employer-reported',
      actor: 'employer',
      notify: 'applicant,employer',
    }),
  );
  c.next(serviceTask('Task_CheckEmployerQualification', '核查企业资质（预注册）', JOB.checkEmployerQualification));
}

// --- acceptance and correction (补正) ---------------------------------------

export type Level = 'province' | 'ministry';

const LEVEL = {
  province: {
    prefix: 'Province',
    label: '省级',
    group: GROUP.province,
    actor: 'province' as const,
    notAccepted: STATUS.provinceNotAccepted,
    correction: STATUS.provinceCorrection,
  },
  ministry: {
    prefix: 'Ministry',
    label: '部级',
    group: GROUP.ministry,
    actor: 'ministry' as const,
    notAccepted: STATUS.ministryNotAccepted,
    correction: STATUS.ministryCorrection,
  },
};

/**
 * How the applicant may withdraw before acceptance: with the employer's
 * consent when an employer forwarded the case (rule 11), at once when no
 * employer is involved, not at all for 一级建造师 after the employer reported.
 */
export type Withdrawal = 'consent' | 'direct' | 'none';

/**
 * Acceptance (受理) with its deadline, and the correction loop: the authority
 * names content and reason, the applicant uploads, the case returns to
 * acceptance with a fresh deadline; any number of rounds.
 */
export function acceptanceStage(c: Chain, level: Level, withdrawal: Withdrawal): void {
  const d = c.d;
  const L = LEVEL[level];
  const P = L.prefix;
  const correctionJoin = c.next(gateway(`Gateway_${P}CorrectionJoin`, `${L.label}待受理`));
  c.next(
    deadlineTask(`Task_${P}AcceptanceDeadline`, `计算${L.label}受理时限`, 'acceptance', { due: 'acceptanceDueAt', remind: 'acceptanceRemindAt' }),
  );
  const acceptanceJoin = withdrawal === 'consent' ? c.next(gateway(`Gateway_${P}AcceptanceJoin`, `${L.label}受理中`)) : undefined;
  const task = c.next(
    userTask(`Task_${P}Acceptance`, `${L.label}受理`, `${level}-acceptance`, L.group, {
      dueDate: '=acceptanceDueAt',
      headers: { stage: `${level}-acceptance` },
    }),
  );
  deadlineTimers(d, task, `${P}Acceptance`, 'acceptanceDueAt', 'acceptanceRemindAt');

  const decision = c.next(gateway(`Gateway_${P}AcceptanceDecision`, `${L.label}受理结论`));
  const g = decision.col;
  const requested = at(
    d,
    statusTask(`Task_Status${P}CorrectionRequested`, `更新状态：${L.correction}`, {
      status: L.correction,
      event: 'correction-requested',
      actor: L.actor,
      opinion: '=correctionContent + "：" + correctionReason',
    }),
    g,
    1,
  );
  const notice = at(
    d,
    serviceTask(`Task_${P}CorrectionNotice`, '生成补正通知书', JOB.generateDocument, { headers: { document: 'correction-notice' } }),
    g + 1,
    1,
  );
  d.connect(decision.id, requested.id, { name: '补正', condition: '=acceptanceDecision = "correct"' });
  d.connect(requested.id, notice.id);
  let correctionCol = g + 2;
  const applicantJoin = withdrawal === 'consent' ? at(d, gateway(`Gateway_${P}ApplicantCorrectionJoin`, '待个人补正'), correctionCol++, 1) : undefined;
  if (applicantJoin) d.connect(notice.id, applicantJoin.id);
  const correction = at(
    d,
    userTask(`Task_${P}ApplicantCorrection`, '个人补正', 'applicant-correction', GROUP.applicant, { headers: { stage: `${level}-correction` } }),
    correctionCol,
    1,
  );
  d.connect(applicantJoin?.id ?? notice.id, correction.id);
  const corrected = at(
    d,
    statusTask(`Task_Status${P}Corrected`, `更新状态：${L.notAccepted}（已补正）`, {
      status: L.notAccepted,
      event: 'corrected',
      actor: 'applicant',
      opinion: '=correctionNote',
    }),
    correctionCol + 1,
    1,
  );
  d.connect(correction.id, corrected.id);
  d.connect(corrected.id, correctionJoin.id, { route: below(0, 'top') });

  if (withdrawal === 'consent' && acceptanceJoin && applicantJoin) {
    const withdrawnJoin = at(d, gateway(`Gateway_${P}WithdrawnJoin`, '企业同意撤回'), correction.col + 1, 3);
    consentBranch(d, P, task, acceptanceJoin.id, withdrawnJoin.id, 'Acceptance');
    consentBranch(d, P, correction, applicantJoin.id, withdrawnJoin.id, 'Correction');
    const status = at(
      d,
      statusTask(`Task_Status${P}WithdrawnWithConsent`, '更新状态：个人撤回（企业同意）', {
        status: STATUS.withdrawn,
        event: 'withdrawn-with-consent',
        actor: 'employer',
        opinion: '=withdrawalConsentOpinion',
        notify: 'applicant,employer',
      }),
      withdrawnJoin.col + 1,
      3,
    );
    const end = at(d, endEvent(`End_${P}WithdrawnWithConsent`, '已撤回'), withdrawnJoin.col + 2, 3);
    d.connect(withdrawnJoin.id, status.id);
    d.connect(status.id, end.id);
  }
  if (withdrawal === 'direct') {
    directWithdrawal(d, P, task, 'Acceptance');
    directWithdrawal(d, P, correction, 'Correction');
  }

  c.continueFrom(decision.id, { name: '受理', isDefault: true });
  c.next(serviceTask(`Task_${P}AcceptanceNotice`, '生成受理通知书', JOB.generateDocument, { headers: { document: 'acceptance-notice' } }));
}

/**
 * Rule 11: a withdrawal request interrupts the waiting task and asks the
 * employer; consent withdraws the case, refusal puts the task back.
 */
function consentBranch(d: Diagram, P: string, task: NodeSpec, resumeAt: string, withdrawnJoin: string, where: string): void {
  const request = d.boundary({
    id: `Message_${P}${where}WithdrawalRequested`,
    name: '个人申请撤回',
    attachedTo: task.id,
    side: 'bottom',
    offset: 20,
    interrupting: true,
    definition: { type: 'message', message: MESSAGE.withdrawalRequested },
  });
  const row = task.row + 1 + (task.row === 0 ? 1 : 0);
  const consent = at(
    d,
    userTask(`Task_${P}${where}WithdrawalConsent`, '企业审核撤回申请', 'employer-withdrawal-consent', GROUP.employer, {
      headers: { stage: 'withdrawal-consent' },
    }),
    task.col,
    row,
  );
  const decision = at(d, gateway(`Gateway_${P}${where}WithdrawalConsent`, '企业是否同意撤回'), task.col + 1, row);
  const refused = at(
    d,
    statusTask(`Task_Status${P}${where}WithdrawalRefused`, '记录：企业不同意撤回', {
      event: 'withdrawal-refused',
      actor: 'employer',
      opinion: '=withdrawalConsentOpinion',
      notify: 'applicant,employer',
    }),
    task.col + 2,
    row,
  );
  d.connect(request.id, consent.id);
  d.connect(consent.id, decision.id);
  d.connect(decision.id, refused.id, { name: '不同意', isDefault: true });
  d.connect(refused.id, resumeAt, { route: below(row - 1, 'top') });
  d.connect(decision.id, withdrawnJoin, { name: '同意', condition: '=withdrawalConsent = "agree"' });
}

function directWithdrawal(d: Diagram, P: string, task: NodeSpec, where: string): void {
  const event = d.boundary({
    id: `Message_${P}${where}Withdrawn`,
    name: '个人撤回',
    attachedTo: task.id,
    side: 'bottom',
    offset: 20,
    interrupting: true,
    definition: { type: 'message', message: MESSAGE.applicationWithdrawn },
  });
  const row = task.row + 1 + (task.row === 0 ? 1 : 0);
  const status = at(
    d,
    statusTask(`Task_Status${P}${where}Withdrawn`, '更新状态：个人撤回', {
      status: STATUS.withdrawn,
      event: 'withdrawn',
      actor: 'applicant',
      opinion: '=withdrawalReason',
    }),
    task.col,
    row,
  );
  const end = at(d, endEvent(`End_${P}${where}Withdrawn`, '已撤回'), task.col + 1, row);
  d.connect(event.id, status.id);
  d.connect(status.id, end.id);
}

// --- review and decision ----------------------------------------------------

export interface ReviewOptions {
  level: Level;
  /** Status set when the review starts, e.g. 审查中 after acceptance. */
  entry: StatusChange & { status: string };
  form: string;
  taskName: string;
  decisionVariable: string;
  approveValue: string;
  approveLabel: string;
  refuseLabel: string;
  opinionVariable: string;
  /** A refusal comes with a 不予注册告知书 (every matter's since issue 9: a case never ends 审批不通过 without one). */
  refusalNotice: boolean;
  /** The refusal's end event, when not the refusal label: a provincial 审查不通过 of a registration ends as 不予注册. */
  endName?: string;
  candidateGroups?: string;
  /** For matters without a time limit in professions.ts. */
  workingDays?: number;
}

/** Review with a deadline from acceptance (rule 16), reminders, escalation, and the refusal branch. */
export function reviewStage(c: Chain, o: ReviewOptions): void {
  const d = c.d;
  const L = LEVEL[o.level];
  const P = L.prefix;
  c.next(statusTask(`Task_Status${P}Review`, `更新状态：${o.entry.status}`, o.entry));
  c.next(deadlineTask(`Task_${P}ReviewDeadline`, `计算${L.label}审查时限`, 'review', { due: 'reviewDueAt', remind: 'reviewRemindAt' }, o.workingDays));
  const task = c.next(
    userTask(`Task_${P}Review`, o.taskName, o.form, o.candidateGroups ?? L.group, { dueDate: '=reviewDueAt', headers: { stage: `${o.level}-review` } }),
  );
  deadlineTimers(d, task, `${P}Review`, 'reviewDueAt', 'reviewRemindAt');
  const decision = c.next(gateway(`Gateway_${P}ReviewDecision`, `${L.label}审查结论`));
  const refused = at(
    d,
    statusTask(`Task_Status${P}Refused`, `更新状态：${STATUS.refused}`, {
      status: STATUS.refused,
      event: 'refused',
      actor: o.level === 'province' ? 'province' : 'ministry',
      opinion: `=${o.opinionVariable}`,
      notify: 'applicant,employer',
    }),
    decision.col,
    1,
  );
  d.connect(decision.id, refused.id, { name: o.refuseLabel, condition: `=${o.decisionVariable} != "${o.approveValue}"` });
  let last = refused.id;
  let col = decision.col + 1;
  if (o.refusalNotice) {
    at(d, refusalNotice(`Task_${P}RefusalNotice`), col++, 1);
    d.connect(last, `Task_${P}RefusalNotice`);
    last = `Task_${P}RefusalNotice`;
  }
  at(d, endEvent(`End_${P}Refused`, o.endName ?? o.refuseLabel), col, 1);
  d.connect(last, `End_${P}Refused`);
  c.continueFrom(decision.id, { name: o.approveLabel, isDefault: true });
}

// --- outcomes ----------------------------------------------------------------

export function approvedStatus(c: Chain, actor: StatusChange['actor'] = 'ministry', opinion = '=reviewOpinion'): void {
  c.next(
    statusTask('Task_StatusApproved', `更新状态：${STATUS.approved}`, {
      status: STATUS.approved,
      event: 'approved',
      actor,
      opinion,
      notify: 'applicant,employer',
    }),
  );
}

/** 预注册 cases wait until their employer completed 补正资质 (rule 13). */
export function preRegistrationWait(c: Chain): void {
  const d = c.d;
  const split = c.next(gateway('Gateway_PreRegistration', '是否预注册'));
  const wait = at(
    d,
    { id: 'Catch_EmployerQualificationFixed', name: '企业补正资质', kind: 'messageCatch', message: MESSAGE.employerQualificationFixed },
    split.col + 1,
    -1,
  );
  d.connect(split.id, wait.id, { name: '预注册', condition: '=preRegistration = true' });
  c.continueFrom(split.id, { name: '企业已有资质', isDefault: true });
  c.skip();
  const join = c.next(gateway('Gateway_PreRegistrationJoin', '资质齐备'));
  d.connect(wait.id, join.id);
}

/** Registration written, announced (公告), certificate issued (rule 8: the worker runs renewals on from the old expiry). */
export function registrationAndAnnouncement(c: Chain, announce: boolean): void {
  c.next(serviceTask('Task_WriteRegistration', '写入注册信息（注册号、执业印章号、有效期）', JOB.writeRegistration));
  if (announce) {
    c.next({ id: 'Catch_AnnouncementPublished', name: '等待公告发布', kind: 'messageCatch', message: MESSAGE.announcementPublished });
    c.next(
      statusTask('Task_StatusAnnounced', `更新状态：${STATUS.announced}`, {
        status: STATUS.announced,
        event: 'announced',
        actor: 'ministry',
        opinion: '="公告编号：" + announcementNo',
      }),
    );
  }
  certificate(c, 'registration');
}

export function certificate(c: Chain, reason: 'registration' | 'profile-change'): void {
  c.next(serviceTask('Task_IssueCertificate', '签发电子注册证书', JOB.issueCertificate, { headers: { reason } }));
  c.next(
    statusTask('Task_StatusCertified', `更新状态：${STATUS.certified}`, {
      status: STATUS.certified,
      event: 'certified',
      actor: 'system',
      notify: 'applicant,employer',
    }),
  );
  c.next(endEvent('End_Certified', '已发证'));
}
