/**
 * Declares the scenarios a matter's route calls for, in the order one lane
 * runs them (the case that ends with a registration last, as it changes what
 * the next filing may do):
 *   with an employer who consents (rule 11):  撤回 at the employer, 退回,
 *     撤回 with consent, refusal after reminders, the happy path;
 *   一级建造师 with an employer:               撤回 at the employer, 退回,
 *     refusal after reminders, the happy path (withdrawals refused in it);
 *   without an employer:                       撤回 before acceptance, 撤回
 *     while waiting for 补正, refusal after reminders, the happy path;
 *   注销 (no acceptance):                       撤回 at the employer, 退回,
 *     refusal after reminders, 注销 approved.
 */
import type { Application } from '../../../../server/db/models/application.js';
import type { Level, Route } from './routes.js';
import { Scenarios, type CaseOptions } from './scenarios.js';
import type { DeclareScenario, Stage } from './suite.js';

export interface MatterPlan {
  lane: string;
  route: Route;
  options: CaseOptions;
  /** Where the refusal happens: the architects' province may refuse in 省级审查. */
  refuseAt?: Level;
  /** The spec's own checks on what the approved case changed. */
  approved?: (stage: Stage, application: Application) => Promise<void>;
  /** The spec's own checks after the refusal. */
  refused?: (stage: Stage, application: Application) => Promise<void>;
}

export function declareMatter(scenario: DeclareScenario, plan: MatterPlan): void {
  const { lane, route, options } = plan;
  const title = route.title;
  const run = (act: (s: Scenarios) => Promise<Application>, then?: (stage: Stage, application: Application) => Promise<void>) => async (stage: Stage) => {
    const application = await act(new Scenarios(stage));
    await then?.(stage, application);
  };
  const refusal = route.refusalNotice ? '，不予注册并出具不予注册告知书' : '，审核不通过';
  const where = plan.refuseAt === 'province' ? '省级审查' : '部级';

  if (route.matter === 'cancel' && route.employer) {
    scenario(lane, `${title}: 撤回 while the employer has the case ends it and tells the employer`, run((s) => s.withdrawnAtEmployer(route, options)));
    scenario(lane, `${title}: the employer's 退回 ends the case with its reason`, run((s) => s.returned(route, options)));
    scenario(lane, `${title}: an overdue review is reminded and escalated, then ${where}不予注销`, run((s) => s.refusedAfterReminders(route, options, plan.refuseAt), plan.refused));
    scenario(lane, `${title}: approved after the reviews, the registration is 注销 with its 注销证明`, run((s) => s.cancelled(route, options), plan.approved));
    return;
  }
  if (route.employer) {
    scenario(lane, `${title}: 撤回 while the employer has the case ends it and tells the employer`, run((s) => s.withdrawnAtEmployer(route, options)));
    scenario(lane, `${title}: the employer's 退回 ends the case with its reason`, run((s) => s.returned(route, options)));
    if (route.withdrawal === 'consent') {
      scenario(lane, `${title}: 撤回 before acceptance asks the employer, whose consent ends the case`, run((s) => s.withdrawnWithConsent(route, options)));
    }
  } else {
    scenario(lane, `${title}: 撤回 before acceptance ends the case at once`, run((s) => s.withdrawnBeforeAcceptance(route, options)));
    scenario(lane, `${title}: 撤回 while waiting for 补正 ends the case at once`, run((s) => s.withdrawnWhileCorrecting(route, options)));
  }
  scenario(lane, `${title}: overdue tasks are reminded and escalated; ${where}${refusal}`, run((s) => s.refusedAfterReminders(route, options, plan.refuseAt), plan.refused));
  const withdrawals = route.withdrawal === 'none' ? '撤回 refused once reported' : route.withdrawal === 'consent' ? 'the employer refuses a 撤回 during 补正, 撤回 refused after acceptance' : '撤回 refused after acceptance';
  scenario(
    lane,
    `${title}: after one 补正 round (${withdrawals}) approved${route.announced ? ', announced (公告)' : ''} and certified (注册证书)`,
    run((s) => s.certified(route, options), plan.approved),
  );
}
