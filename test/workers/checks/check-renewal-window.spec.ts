import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkRenewalWindow } from '../../../workers/checks/check-renewal-window.js';
import { demoEmployer, demoPerson, fileCase, newPerson, registerPerson } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-renewal-window', () => {
  const NOW = new Date('2026-11-23T02:00:00Z');
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness(NOW);
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  afterEach(() => h.clock.set(NOW));
  after(() => h.close());

  const run = (applicationId: number) =>
    checkRenewalWindow.handle(job({ type: checkRenewalWindow.type, variables: { applicationId, profession: 'engineer' } }), h.deps);

  async function renewal(name: string, validTo: string | null) {
    const person = await newPerson(h.models, name);
    const employer = await demoEmployer(h.models, 'design');
    if (validTo) await registerPerson(h.models, person, employer, { profession: 'engineer', specialty: 'chemical', validTo });
    return fileCase(h.models, { person, employer, profession: 'engineer', matter: 'renewal', data: { specialty: 'chemical' } });
  }

  it('passes a renewal within six months of the expiry, twice without writing', async () => {
    // given: lina's registration expires in 120 days (demo seed)
    const application = await fileCase(h.models, {
      person: await demoPerson(h.models, 'lina'),
      employer: await demoEmployer(h.models, 'construction'),
      profession: 'constructor',
      matter: 'renewal',
      data: { specialties: ['building'] },
    });
    const delivery = job({ type: checkRenewalWindow.type, variables: { applicationId: application.id, profession: 'constructor' } });
    // when
    const result = await checkRenewalWindow.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkRenewalWindow.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('opens the window on the China date six months before the expiry', async () => {
    // given: expiry 2027-06-30, so the window opens 2026-12-30 (China)
    const application = await renewal('陶然', '2027-06-30');
    const message = '延续注册须在注册有效期届满前6个月内申报：您的“注册化工工程师”注册有效期至2027-06-30，自2026-12-30起方可申报';
    // when
    h.clock.set(new Date('2026-12-29T15:59:59Z'));
    const lastDayBefore = await run(application.id);
    h.clock.set(new Date('2026-12-29T16:00:00Z'));
    const firstDay = await run(application.id);
    // then
    assert.deepEqual(lastDayBefore, refusal('RENEWAL_WINDOW_CLOSED', message));
    assert.equal(firstDay.outcome, 'complete');
  });

  it('counts six months back to the month’s last day where the day does not exist', async () => {
    // given
    const application = await renewal('姜涛', '2027-08-31');
    // when
    const result = await run(application.id);
    // then
    assert.deepEqual(
      result,
      refusal('RENEWAL_WINDOW_CLOSED', '延续注册须在注册有效期届满前6个月内申报：您的“注册化工工程师”注册有效期至2027-08-31，自2027-02-28起方可申报'),
    );
  });

  it('accepts the expiry day itself and refuses the day after', async () => {
    // given (today is 2026-11-23 in China)
    const expiresToday = await renewal('戚薇', '2026-11-23');
    const expiredYesterday = await renewal('谢言', '2026-11-22');
    // when / then
    assert.equal((await run(expiresToday.id)).outcome, 'complete');
    assert.deepEqual(
      await run(expiredYesterday.id),
      refusal('RENEWAL_WINDOW_CLOSED', '您的“注册化工工程师”注册已于2026-11-22到期，已过延续注册申报期（须在注册有效期届满前6个月内申报）'),
    );
  });

  it('refuses a renewal without a registration to renew', async () => {
    // given
    const application = await renewal('邹明', null);
    // when / then
    assert.deepEqual(
      await run(application.id),
      refusal('REGISTRATION_NOT_FOUND', '未找到您“注册化工工程师”专业的有效注册，无法办理延续注册（须持有有效注册）'),
    );
  });
});
