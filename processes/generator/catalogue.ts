/**
 * workers/CATALOGUE.md: every job type the processes use, what the worker
 * must do, and where it is used (computed from the models).
 */
import type { ProcessModel } from './processes.js';
import { JOB } from './vocabulary.js';

export interface JobDoc {
  type: string;
  title: string;
  does: string;
  headers?: string;
  reads: string;
  returns: string;
  errors?: string;
}

const CHECK_ERROR = 'thrown with the variable `checkFailure = { code, message }` (message in Chinese, naming the rule) and caught by `Error_CheckFailed` on the check sub-process: the case ends as 审批不通过 with that message as opinion';

/** Every job type's entry; the studio builds its element templates from these. */
export const JOB_DOCS: JobDoc[] = [
  {
    type: JOB.setStatus,
    title: '更新状态',
    does:
      'Sets the case status to the header `status` (when present), appends the timeline entry (event, actor, opinion, time), writes 我的消息 to the applicant and, when `notify` names it, the employer (rule 18), and an audit record. Writes once per job: a retried job must not add a second entry (key the writes by the job key).',
    headers: '`status` (optional; the status name users see), `event` (timeline event code), `actor` (`applicant` / `employer` / `province` / `ministry` / `system`), `notify` (`applicant` or `applicant,employer` or `employer`)',
    reads: '`applicationId`; local `opinion` from the task\'s input mapping (may be null)',
    returns: 'nothing',
  },
  {
    type: JOB.checkQualification,
    title: '核查资格库',
    does:
      'Rule 6: every specialty of the case (`specialty`, `specialties`, `specialty1`/`specialty2` of the start form) is in the qualification register for the person, matched on ID number and name; where the form gives 资格证书管理号, 批准日期 or 获取方式 they must agree with the register.',
    reads: '`applicationId`',
    returns: 'nothing',
    errors: `\`QUALIFICATION_NOT_FOUND\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkSpecialtyUnique,
    title: '核查专业未重复注册',
    does: 'Rule 6: each specialty only once: the case names no specialty twice (申请注册专业1/2), the person holds no active registration of it and no other case for it is in flight.',
    reads: '`applicationId`',
    returns: 'nothing',
    errors: `\`SPECIALTY_ALREADY_REGISTERED\`, \`SPECIALTY_IN_FLIGHT\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkPhotoSignature,
    title: '核查照片和签名',
    does:
      'Rule 5: a photo and a signature are there: on file in the profile (`source = profile`) or uploaded with this request (`source = request`); jpg/jpeg/png judged from the bytes, at most 500 KB.',
    headers: '`source` (`profile` / `request`)',
    reads: '`applicationId`',
    returns: 'nothing',
    errors: `\`PHOTO_SIGNATURE_MISSING\`, \`PHOTO_SIGNATURE_INVALID\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkSocialSecurity,
    title: '核查社保缴纳',
    does:
      'Rule 3: looks the applicant up in the social-security register at the case\'s employer. On an anomaly it flags the case for reviewers, records the applicant\'s acknowledgement (`socialSecurityAcknowledged` of the start form) and opens one appeal item (申辩) for the applicant and the employer; the case goes on.',
    reads: '`applicationId`, `employerCode`',
    returns: '`socialSecurityAnomaly` (boolean)',
  },
  {
    type: JOB.checkDuplicatePerson,
    title: '人员查重',
    does:
      'Rule 4: whether the person holds a registration of any qualification at another employer. With `consequence = anomaly` it flags the case and opens an appeal item; with `consequence = refusal` (一级建造师) the process refuses the case with a 不予注册告知书.',
    headers: '`consequence` (`anomaly` / `refusal`)',
    reads: '`applicationId`, `employerCode`',
    returns: '`duplicatePerson` (boolean), `duplicateDetail` (Chinese sentence naming the other registration, or null)',
  },
  {
    type: JOB.checkRenewalWindow,
    title: '核查延续注册申报期',
    does: 'Rule 8: today (China date) lies within the profession\'s renewal window (professions.ts `renewalWindowMonths`, 6 months) before the registration expires, and not after it.',
    reads: '`applicationId`, `profession`',
    returns: 'nothing',
    errors: `\`RENEWAL_WINDOW_CLOSED\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkRegistrationActive,
    title: '核查注册有效',
    does:
      'The person holds an active registration: of the case\'s specialty (`scope = specialty`: 变更、延续、更改补办、注销), or of any specialty of the profession (`scope = profession`: 增项). Fills the case with the registration it found (原聘用单位, 执业印章号, 有效期; rule 7).',
    headers: '`scope` (`specialty` / `profession`)',
    reads: '`applicationId`, `profession`',
    returns: 'nothing',
    errors: `\`REGISTRATION_NOT_FOUND\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkEmployerDiffers,
    title: '核查原聘用单位与现聘用单位不一致',
    does: 'Rule 7: the new employer (`employerCode`) is not the employer of the current registration.',
    reads: '`applicationId`, `employerCode`',
    returns: 'nothing',
    errors: `\`SAME_EMPLOYER\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkEmployerInfo,
    title: '核查企业基本信息已保存',
    does: 'Rule 12: the employer saved its 企业基本信息 before reporting. The server refuses 上报 already; this keeps the process honest.',
    reads: '`employerCode`',
    returns: 'nothing',
    errors: '`EMPLOYER_INFO_MISSING`, caught by `Error_EmployerInfoMissing`: the employer is told and gets the report task again',
  },
  {
    type: JOB.checkEmployerQualification,
    title: '核查企业资质（预注册）',
    does: 'Rule 13: whether the employer holds a qualification certificate; without one the case is marked 预注册 and waits after approval for the employer\'s 补正资质.',
    reads: '`applicationId`, `employerCode`',
    returns: '`preRegistration` (boolean)',
  },
  {
    type: JOB.checkEvidence,
    title: '核查证明材料',
    does:
      'Rule 15: the request changes something (`newName`, `newIdType` or `newIdNumber` differs from the record; a new ID number passes the ISO 7064 check), the ID scans and the evidence are uploaded, and no other 信息更正 of the person is in flight.',
    reads: '`applicationId`',
    returns: 'nothing',
    errors: `\`NOTHING_TO_CHANGE\`, \`EVIDENCE_MISSING\`, \`CORRECTION_IN_FLIGHT\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.checkRenamePreconditions,
    title: '核查更名条件',
    does: 'Rule 14: the employer has no registration case in flight, the name really changes, and a 检测单位 or 施工图审查机构 uploaded the renamed qualification copy.',
    reads: '`applicationId`, `employerCode`',
    returns: 'nothing',
    errors: `\`APPLICATIONS_IN_FLIGHT\`, \`NAME_UNCHANGED\`, \`QUALIFICATION_COPY_MISSING\`, ${CHECK_ERROR}`,
  },
  {
    type: JOB.detectEmployerQualification,
    title: '检测企业资质证书号',
    does: 'Rule 13: looks the certificate number of the 补正资质 request up in the enterprise register for this employer.',
    reads: '`applicationId`, `employerCode`',
    returns: '`qualificationDetected` (boolean), `qualificationCertificateNo` (normalised)',
  },
  {
    type: JOB.computeDeadline,
    title: '计算办理时限',
    does:
      'Rule 16: from now (the server clock) adds the time limit in Chinese working days (`server/domain/working-days.ts`, `workingDayDeadline`): `kind = acceptance` uses the matter\'s `acceptanceWorkingDays`, `kind = review` its `reviewWorkingDays` (professions.ts, by `profession` and `matter`), or the header `workingDays` where given. `dueAt` is 17:00 China time on the last day; `remindAt` is 09:00 China time two working days earlier (the due day itself for limits under 3 days). Both as ISO strings with offset, e.g. `2025-10-14T17:00:00+08:00` (`formatChinaDateTime`). Tests replace this handler to make the timers fire within seconds.',
    headers: '`kind` (`acceptance` / `review`), `workingDays` (optional)',
    reads: '`profession`, `matter`',
    returns: '`dueAt`, `remindAt`; output mappings store them as `acceptanceDueAt` / `acceptanceRemindAt` or `reviewDueAt` / `reviewRemindAt`',
  },
  {
    type: JOB.sendReminder,
    title: '提醒办理人员',
    does: 'The reminder timer fired: finds the open inbox task of the element `taskElementId` in this process instance and sends its candidate groups a reminder of the due date (a message, and a mark in the inbox).',
    headers: '`taskElementId`',
    reads: '`applicationId`',
    returns: 'nothing',
  },
  {
    type: JOB.escalateOverdue,
    title: '超期升级至上级',
    does: 'The time limit passed: marks the inbox task of `taskElementId` overdue and notifies the supervisors of each candidate group (`supervisor:{group}`), with an audit record.',
    headers: '`taskElementId`',
    reads: '`applicationId`',
    returns: 'nothing',
  },
  {
    type: JOB.generateDocument,
    title: '生成文书',
    does:
      'Renders the document template to PDF with a verification QR code, stores it, links it to the case and tells the applicant: `acceptance-notice` 受理通知书, `correction-notice` 补正通知书 (with `correctionContent`, `correctionReason`), `refusal-notice` 不予注册告知书 (with `reviewOpinion`, `provinceReviewOpinion` or `duplicateDetail`, whichever decided), `cancellation-certificate` 注销证明.',
    headers: '`document` (`acceptance-notice` / `correction-notice` / `refusal-notice` / `cancellation-certificate`)',
    reads: '`applicationId` and the variables named above',
    returns: 'nothing',
  },
  {
    type: JOB.writeRegistration,
    title: '写入注册信息',
    does:
      'By `matter`: `initial` / `re-register` create a registration per specialty with a new 注册号 and 执业印章号, valid from the approval date for the profession\'s validity (2 years architects, 3 the others); `change` moves it to the new employer; `renewal` runs the validity on from the old expiry (rule 8); `add-specialty` adds the specialty under the person\'s 注册号; `modify-reissue` assigns a new 执业印章号 (`reissueRequirement = change-seal`) or marks the certificate for reissue. Every change writes a history row; a repeated job finds its own writes (keyed by `applicationId`).',
    reads: '`applicationId`, `matter`, `profession`',
    returns: '`registrationNo`',
  },
  {
    type: JOB.cancelRegistration,
    title: '注销注册',
    does: 'The registration of the case\'s specialty (一级建造师: the person\'s registration) becomes 注销 with reason, forced flag and time; history row.',
    reads: '`applicationId`',
    returns: 'nothing',
  },
  {
    type: JOB.issueCertificate,
    title: '签发电子注册证书',
    does:
      'Issues the electronic certificate PDF (photo, signature, QR code) of the registrations the case wrote (`reason = registration`) or of every active registration of the person (`reason = profile-change`), superseding earlier ones.',
    headers: '`reason` (`registration` / `profile-change`)',
    reads: '`applicationId`',
    returns: 'nothing',
  },
  {
    type: JOB.applyProfileChange,
    title: '更新个人信息',
    does: 'Rule 15: `change = identity` writes the approved name, ID type and ID number to the person and every record of the person, keeping the history; `change = photo-signature` replaces the photo and signature on file.',
    headers: '`change` (`identity` / `photo-signature`)',
    reads: '`applicationId`',
    returns: 'nothing',
  },
  {
    type: JOB.applyEnterpriseRename,
    title: '更新单位名称',
    does: 'Rule 14: the new name replaces the old one in the enterprise register, every registration of the employer and their history, and the employer\'s staff get their certificates issued again with the new name.',
    reads: '`applicationId`, `employerCode`',
    returns: 'nothing',
  },
  {
    type: JOB.applyQualificationFix,
    title: '更新预注册申报的企业资质',
    does:
      'Rule 13: writes the qualification certificate number to the employer and to each of its 预注册 cases, clears their 预注册 flag, and publishes `employer-qualification-fixed` with the correlation key of each case waiting for it (its `applicationId`).',
    reads: '`applicationId`, `employerCode`, `qualificationCertificateNo`',
    returns: 'nothing',
  },
];

export function catalogue(models: ProcessModel[]): string {
  const known = new Set(JOB_DOCS.map((d) => d.type));
  for (const type of Object.values(JOB)) if (!known.has(type)) throw new Error(`job type ${type} has no catalogue entry`);
  const usedBy = (type: string) =>
    models.filter((m) => [...m.diagram.nodes.values()].some((n) => n.jobType === type)).map((m) => `\`${m.id}\``);
  const sections = JOB_DOCS.map((d) => {
    const users = usedBy(d.type);
    return [
      `### \`${d.type}\``,
      '',
      `**${d.title}.** ${d.does}`,
      '',
      ...(d.headers ? [`- headers: ${d.headers}`] : []),
      `- reads: ${d.reads}`,
      `- returns: ${d.returns}`,
      `- BPMN errors: ${d.errors ?? 'none (a technical failure fails the job; when the retries are gone Zeebe raises an incident)'}`,
      `- used by (${users.length}): ${users.length === models.length ? 'every process' : users.join(', ')}`,
      '',
    ].join('\n');
  });
  return `<!-- Generated by processes/generator (npx tsx processes/generator/generate.ts); edit processes/generator/catalogue.ts, not this file. -->
# Job worker catalogue

One worker module per job type (\`workers/\`). Every job carries
\`applicationId\`; a worker reads the case from the database rather than
from process variables, and returns only the variables listed here. Checks
that refuse a case throw a BPMN error; technical failures fail the job (with
retries, then an incident). Messages, statuses and candidate groups are
described in [../processes/README.md](../processes/README.md).

User tasks are not in this list: they are job-worker user tasks of type
\`io.camunda.zeebe:userTask\`, which the server's inbox activates and completes
when the form is submitted.

${sections.join('\n')}`;
}
