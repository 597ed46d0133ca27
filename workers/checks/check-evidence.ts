/**
 * 核查证明材料 (rule 15): a name / ID correction really changes something
 * (a new ID number of type 身份证 must pass the ISO 7064 check), the ID scans
 * and the evidence are uploaded, and no other 信息更正 of the person is in flight.
 */
import { complete } from '../../server/engine/port.js';
import { FieldError } from '../../server/validation/field-error.js';
import { validateIdNumber } from '../../server/validation/id-number.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { applicantOf, chinaToday, otherCasesInFlight, uploadsOf } from './case-facts.js';
import { refuse } from './refusal.js';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The start form's upload fields and their labels. */
const EVIDENCE = [
  { field: 'idCardScans', label: '身份证正反面' },
  { field: 'evidenceFiles', label: '公安机关或人事考试部门出具的证明材料' },
];

export const checkEvidence: JobWorker = {
  type: 'zhuce.check-evidence',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);
    const data = application.data ?? {};

    const newName = text(data.newName);
    const newIdType = text(data.newIdType);
    const newIdNumber = text(data.newIdNumber).toUpperCase();
    const changes =
      (newName !== '' && newName !== person.name) ||
      (newIdType !== '' && newIdType !== person.idType) ||
      (newIdNumber !== '' && newIdNumber !== person.idNumber.toUpperCase());
    if (!changes) {
      return refuse('NOTHING_TO_CHANGE', '信息更正须修改姓名、证件类型或证件号码中的至少一项：本次填写的内容与现有信息相同');
    }
    if (newIdNumber !== '' && (newIdType || person.idType) === '身份证') {
      const checked = validateIdNumber(newIdNumber, { field: '证件号码', today: chinaToday(deps) });
      if (checked instanceof FieldError) return refuse('NOTHING_TO_CHANGE', `新填写的${checked.message}，无法更正为该身份证号`);
    }

    const missing = [];
    for (const { field, label } of EVIDENCE) {
      if ((await uploadsOf(application, field, deps)).length === 0) missing.push(label);
    }
    if (missing.length > 0) {
      return refuse('EVIDENCE_MISSING', `修改姓名或证件信息须上传证明材料：未上传${missing.join('、')}`);
    }

    const [other] = await otherCasesInFlight(application, { personId: person.id, matter: 'info-correction' }, deps);
    if (other) {
      return refuse('CORRECTION_IN_FLIGHT', `您的另一项信息更正（申报编号${other.number}，${other.status}）正在办理中，办结后方可再次申请`);
    }
    return complete();
  },
};
