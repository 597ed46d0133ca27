/**
 * The case page's 办理进度: the steps of the case's chain as a person reads
 * them (not the technical BPMN), which are done, where the case waits, and
 * when each step still to come is expected — in working days (rule 16, seed
 * 002 图 10: 受理 within 5 working days, review 20 after acceptance, renewal
 * 10, cancellation at once), counted on the Chinese calendar
 * (domain/working-days). The open task's own deadline wins where there is
 * one. A provincial review has no time limit of its own in the manuals, so
 * the steps after it get no date until it is done.
 */
import type { Application, ApplicationEvent } from '../db/models/application.js';
import type { InboxTask } from '../db/models/inbox-task.js';
import { isProfessionCode, professionByCode } from '../domain/professions.js';
import { STATUS } from '../domain/statuses.js';
import { addWorkingDays, chinaDay } from '../domain/working-days.js';

export type StepState = 'done' | 'current' | 'todo' | 'stopped';

export interface ProgressStep {
  key: string;
  label: string;
  state: StepState;
  /** When it happened (done), or the expected day (YYYY-MM-DD) for the current step and those to come. */
  at?: Date;
  expected?: string;
  note?: string;
}

export interface CaseProgress {
  steps: ProgressStep[];
  /** 3/7: done steps of all, for the bar's label. */
  done: number;
  total: number;
  /** Why the case stopped (审批不通过, 企业退回, 个人撤回), when it did. */
  stopped?: string;
  percent: number;
}

const ANNOUNCED = new Set(['initial', 'change', 'renewal', 'add-specialty', 're-register']);
const STOPPED = new Set<string>([STATUS.refused, STATUS.withdrawn, STATUS.employerReturned]);
const FINISHED = new Set<string>([STATUS.certified, STATUS.corrected]);

interface StepDef {
  key: string;
  label: string;
  /** Statuses at which the case waits at this step. */
  waits: string[];
  /** Timeline steps that say it happened. */
  doneBy: RegExp;
}

function chainOf(application: Application): StepDef[] {
  const { matter, profession } = application;
  const offering = isProfessionCode(profession) ? professionByCode(profession).matters.find((m) => m.matter === matter) : undefined;
  const byEmployer = matter === 'enterprise-rename' || matter === 'qualification-fix' || application.data?.filedBy === 'employer';
  const employerStep = !byEmployer && (offering?.employerStep ?? false) && matter !== 'info-correction' && matter !== 'photo-signature';
  const provincial = isProfessionCode(profession) && professionByCode(profession).provincialStage && ANNOUNCED.has(matter);
  const steps: StepDef[] = [{ key: 'filed', label: byEmployer ? '企业申报' : '个人上报', waits: [], doneBy: /个人填报|企业填报|个人上报|企业申请/ }];
  if (employerStep) steps.push({ key: 'employer', label: '企业上报', waits: [STATUS.submitted], doneBy: /企业上报/ });
  if (matter === 'cancel' && profession === 'constructor') {
    steps.push({ key: 'decision', label: '注销办理', waits: [STATUS.submitted, STATUS.employerReported], doneBy: /审批通过|注销/ });
    steps.push({ key: 'end', label: '注销完成', waits: [STATUS.approved], doneBy: /注销证明|已注销/ });
    return steps;
  }
  if (provincial) {
    steps.push({ key: 'province-accept', label: '省级受理', waits: [STATUS.employerReported, STATUS.provinceNotAccepted, STATUS.provinceCorrection], doneBy: /省级受理/ });
    steps.push({ key: 'province-review', label: '省级审查', waits: [STATUS.provinceReview], doneBy: /省级审查通过/ });
  }
  const beforeMinistry = provincial ? [] : [STATUS.submitted, STATUS.employerReported].filter((s) => !(employerStep && s === STATUS.submitted));
  steps.push({ key: 'accept', label: '部级受理', waits: [...beforeMinistry, STATUS.ministryNotAccepted, STATUS.ministryCorrection], doneBy: /部级受理/ });
  steps.push({ key: 'review', label: matter === 'info-correction' || matter === 'photo-signature' ? '部级审核' : '部级审批', waits: [STATUS.underReview], doneBy: /审批通过|审批不通过/ });
  if (ANNOUNCED.has(matter)) steps.push({ key: 'announce', label: '公告', waits: [STATUS.approved], doneBy: /^公告$/ });
  const last = matter === 'cancel' ? '注销完成' : matter === 'enterprise-rename' || matter === 'qualification-fix' ? '办结' : matter === 'info-correction' || matter === 'photo-signature' ? '更正完成' : '发证';
  steps.push({ key: 'end', label: last, waits: ANNOUNCED.has(matter) ? [STATUS.announced] : [STATUS.approved], doneBy: /发证|信息已更正|注销证明|已注销/ });
  return steps;
}

export function caseProgress(application: Application, events: ApplicationEvent[], openTasks: InboxTask[]): CaseProgress {
  const chain = chainOf(application);
  const offering = isProfessionCode(application.profession) ? professionByCode(application.profession).matters.find((m) => m.matter === application.matter) : undefined;
  const acceptanceDays = offering?.acceptanceWorkingDays ?? 5;
  const reviewDays = offering?.reviewWorkingDays ?? 20;
  const finished = FINISHED.has(application.status) || (application.status === STATUS.approved && ['cancel', 'enterprise-rename', 'qualification-fix'].includes(application.matter));
  const stopped = STOPPED.has(application.status) ? application.status : undefined;
  const lastEvent = events[events.length - 1];

  let current = finished ? chain.length : chain.findIndex((s) => s.waits.includes(application.status));
  if (current < 0) current = Math.min(1, chain.length - 1);
  const steps: ProgressStep[] = chain.map((def, i) => {
    const happened = [...events].reverse().find((e) => def.doneBy.test(e.step));
    if (i < current) return { key: def.key, label: def.label, state: 'done', at: happened?.at };
    if (i === current) return { key: def.key, label: def.label, state: stopped ? 'stopped' : 'current', ...(stopped ? { note: stopped } : {}) };
    return { key: def.key, label: def.label, state: 'todo' };
  });
  if (finished && lastEvent) steps[steps.length - 1].at = steps[steps.length - 1].at ?? lastEvent.at;

  if (!stopped && !finished) {
    // From the moment the case reached its current step, the time limits run on working days.
    let from = chinaDay(lastEvent?.at ?? application.updatedAt);
    let known = true;
    const due = openTasks.map((t) => t.dueAt).filter((d): d is Date => Boolean(d)).sort((a, b) => a.getTime() - b.getTime())[0];
    for (let i = current; i < steps.length; i++) {
      const key = steps[i].key;
      let expected: string | undefined;
      if (i === current && due) expected = chinaDay(due);
      else if (key === 'accept' || key === 'province-accept') expected = known ? addWorkingDays(from, acceptanceDays) : undefined;
      else if (key === 'review') expected = known ? addWorkingDays(from, reviewDays) : undefined;
      else if (key === 'employer') steps[i].note = '待聘用企业上报；之后的日期按企业当日上报估算';
      else if (key === 'province-review') {
        steps[i].note = '以省级主管部门办理为准';
        known = false;
      } else if (key === 'decision') expected = known ? from : undefined;
      if (expected) {
        steps[i].expected = expected;
        from = expected;
      }
      if (!expected && !steps[i].note && i > current) steps[i].note = key === 'announce' ? '审批通过后由住房和城乡建设部公告' : '前一环节完成后办理';
    }
  }
  const done = steps.filter((s) => s.state === 'done').length;
  return { steps, done, total: steps.length, stopped, percent: Math.round((done / steps.length) * 100) };
}
