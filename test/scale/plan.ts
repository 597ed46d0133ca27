/**
 * The cases of the scale-out test (scale-out.spec.ts), planned in the parent
 * and run by the two app servers (scale-app.ts). A lane is one applicant of
 * its own (test/support/applicants.ts) working through the cases of one
 * matter in order, as a lane of the scenario tests does
 * (test/processes/scenarios/support/matter-scenarios.ts): the withdrawals and
 * returns first, the case that ends with a registration last. The refusal
 * after reminders gets an applicant of its own, because its short time limits
 * are decided by whichever server runs zhuce.compute-deadline, so both
 * servers hurry every case of that applicant (and no other).
 *
 * Every case is one method of the scenarios' Scenarios class, which asserts
 * the case's timeline, messages and documents on the way; END_STATUS is the
 * status it must end in.
 */
import type { ProfessionCode } from '../../server/domain/professions.js';
import type { DemoEmployer } from '../support/case-builder.js';

export type CaseKind =
  | 'withdrawnAtEmployer'
  | 'returned'
  | 'withdrawnWithConsent'
  | 'withdrawnBeforeAcceptance'
  | 'withdrawnWhileCorrecting'
  | 'refusedAfterReminders'
  | 'certified'
  | 'cancelled';

export const END_STATUS: Record<CaseKind, string> = {
  withdrawnAtEmployer: '个人撤回',
  returned: '企业退回',
  withdrawnWithConsent: '个人撤回',
  withdrawnBeforeAcceptance: '个人撤回',
  withdrawnWhileCorrecting: '个人撤回',
  refusedAfterReminders: '审批不通过',
  certified: '已发证',
  cancelled: '审批通过',
};

/** How many lanes a server runs side by side (SCALE_LANES_AT_ONCE overrides it). */
export const LANES_AT_ONCE = Number(process.env.SCALE_LANES_AT_ONCE || 24);

/** The demo employer accounts that report (上报) the cases of their people. */
export const EMPLOYER_ACCOUNT: Partial<Record<DemoEmployer, string>> = { design: 'qiye', construction: 'qiye-jianshe', supervision: 'qiye-jianli' };

/** Documents a case has at most one of, whatever its route. */
export const ONE_OF_A_KIND = ['注册证书', '注销证明', '不予注册告知书'];

export interface Lane {
  id: string;
  /** The app server (0 or 1) that files and works this lane's cases. */
  server: number;
  username: string;
  profession: ProfessionCode;
  matter: string;
  specialties: string[];
  /** Where the applicant works (所在企业信息, social security). */
  employer: DemoEmployer;
  /** The employer account named in the start form (一级建造师, 监理工程师 初始注册). */
  formEmployer?: string;
  /** A registration held before the lane starts (注销, photo and signature). */
  registered?: string;
  cases: CaseKind[];
}

export interface Plan {
  lanes: Lane[];
}

interface RouteType {
  name: string;
  profession: ProfessionCode;
  matter: string;
  specialty: string;
  employer: DemoEmployer;
  formEmployer?: string;
  registered: boolean;
  /** The cases of the main lane; every route type also has a refusal lane. */
  cases: CaseKind[];
}

const WITH_CONSENT: CaseKind[] = ['withdrawnAtEmployer', 'returned', 'withdrawnWithConsent', 'certified'];
const NO_EMPLOYER: CaseKind[] = ['withdrawnBeforeAcceptance', 'withdrawnWhileCorrecting', 'certified'];
const CANCEL: CaseKind[] = ['withdrawnAtEmployer', 'returned', 'cancelled'];

/** The mix: 初始注册 of every profession, 修改免冠照及手写签名 of every profession, 注销 through the employer. */
const ROUTE_TYPES: RouteType[] = [
  { name: 'architect-initial', profession: 'architect', matter: 'initial', specialty: 'architecture', employer: 'design', registered: false, cases: WITH_CONSENT },
  { name: 'engineer-initial', profession: 'engineer', matter: 'initial', specialty: 'structural', employer: 'design', registered: false, cases: WITH_CONSENT },
  // 一级建造师: once the employer reported, no 撤回 (rule 11).
  { name: 'constructor-initial', profession: 'constructor', matter: 'initial', specialty: 'building', employer: 'construction', formEmployer: 'qiye-jianshe', registered: false, cases: ['withdrawnAtEmployer', 'returned', 'certified'] },
  { name: 'supervisor-initial', profession: 'supervisor', matter: 'initial', specialty: 'civil-building', employer: 'supervision', formEmployer: 'qiye-jianli', registered: false, cases: WITH_CONSENT },
  { name: 'architect-photo', profession: 'architect', matter: 'photo-signature', specialty: 'architecture', employer: 'design', registered: true, cases: NO_EMPLOYER },
  { name: 'engineer-photo', profession: 'engineer', matter: 'photo-signature', specialty: 'structural', employer: 'design', registered: true, cases: NO_EMPLOYER },
  { name: 'constructor-photo', profession: 'constructor', matter: 'photo-signature', specialty: 'building', employer: 'construction', registered: true, cases: NO_EMPLOYER },
  { name: 'supervisor-photo', profession: 'supervisor', matter: 'photo-signature', specialty: 'civil-building', employer: 'supervision', registered: true, cases: NO_EMPLOYER },
  { name: 'architect-cancel', profession: 'architect', matter: 'cancel', specialty: 'architecture', employer: 'design', registered: true, cases: CANCEL },
  { name: 'engineer-cancel', profession: 'engineer', matter: 'cancel', specialty: 'structural', employer: 'design', registered: true, cases: CANCEL },
  { name: 'supervisor-cancel', profession: 'supervisor', matter: 'cancel', specialty: 'civil-building', employer: 'supervision', registered: true, cases: CANCEL },
];

/**
 * The employer's commitment letter is read per account: an employer's
 * reports (上报) are made by one server, whose portal queues them. Cases
 * without an employer step go where there are fewer cases.
 */
const SERVER_OF_EMPLOYER: Partial<Record<DemoEmployer, number>> = { design: 0, construction: 1, supervision: 1 };

function employerStep(type: RouteType): boolean {
  return type.matter !== 'photo-signature';
}

/** Lanes over the route types in turn (main lane, then refusal lane) until `total` cases; the last lane is cut to fit. */
export function planCases(total: number): Plan {
  const lanes: Lane[] = [];
  const load = [0, 0];
  let planned = 0;
  for (let round = 0; planned < total; round++) {
    for (const type of ROUTE_TYPES) {
      for (const cases of [type.cases, ['refusedAfterReminders'] as CaseKind[]]) {
        if (planned >= total) break;
        const taken = cases.slice(0, total - planned);
        const server = employerStep(type) ? SERVER_OF_EMPLOYER[type.employer]! : load[0] <= load[1] ? 0 : 1;
        const id = `${type.name}-${round + 1}${cases.length === 1 ? 'r' : ''}`;
        lanes.push({
          id,
          server,
          username: `scale-${id}`,
          profession: type.profession,
          matter: type.matter,
          specialties: [type.specialty],
          employer: type.employer,
          ...(type.formEmployer ? { formEmployer: type.formEmployer } : {}),
          ...(type.registered ? { registered: type.specialty } : {}),
          cases: taken,
        });
        load[server] += taken.length;
        planned += taken.length;
      }
    }
  }
  return { lanes };
}
