/**
 * 信息更正 of every profession (rule 15): a change of name with its evidence,
 * and a new photo and signature, each reviewed by the ministry without an
 * employer step, then written to every record of the person, with the
 * certificates issued again. Each applicant holds one registration, so each
 * approved change issues one 注册证书.
 */
import assert from 'node:assert/strict';
import type { Application } from '../../../server/db/models/application.js';
import type { ProfessionCode } from '../../../server/domain/professions.js';
import { givenRegistration } from './support/given.js';
import { declareMatter } from './support/matter-scenarios.js';
import { currentCertificate } from './support/registers.js';
import { PEOPLE, route } from './support/routes.js';
import type { Stage } from './support/suite.js';
import { scenarioSuite } from './support/suite.js';

const NEW_NAMES: Record<ProfessionCode, string> = { architect: '王芳菲', engineer: '张维', constructor: '李娜娜', supervisor: '刘阳' };

/** The certificate in force for each 注册号 of the person is the one this case issued. */
async function assertCertificatesReissued({ world }: Stage, application: Application): Promise<void> {
  const registrations = await world.models.Registration.findAll({ where: { personId: application.personId!, status: '已注册' } });
  assert.ok(registrations.length > 0);
  for (const registration of registrations) {
    const inForce = await currentCertificate(world, registration.registrationNumber!);
    assert.deepEqual(inForce.map((c) => c.applicationId), [application.id], `the 注册证书 of ${registration.registrationNumber} in force`);
  }
}

scenarioSuite('信息更正 and new photo and signature of every profession', ({ scenario, given }) => {
  given(async ({ world }) => {
    await givenRegistration(world, 'wangfang', { profession: 'architect', specialty: 'architecture', at: 'design', daysLeft: 400 });
    await givenRegistration(world, 'zhangwei', { profession: 'engineer', specialty: 'structural', at: 'design', daysLeft: 400 });
    await givenRegistration(world, 'liuyang', { profession: 'supervisor', specialty: 'civil-building', at: 'supervision', daysLeft: 400 });
  });

  for (const profession of ['architect', 'engineer', 'constructor', 'supervisor'] as const) {
    const { applicant } = PEOPLE[profession];
    const newName = NEW_NAMES[profession];
    declareMatter(scenario, {
      lane: applicant,
      route: route(profession, 'info-correction'),
      options: { form: { specialties: [], newName } },
      async refused({ world }, application) {
        assert.notEqual((await world.models.Person.findByPk(application.personId!))?.name, newName, 'the name stays');
      },
      async approved(stage, application) {
        const { world } = stage;
        const person = await world.models.Person.findByPk(application.personId!);
        assert.equal(person?.name, newName);
        assert.equal((await world.account(applicant).then((a) => world.models.Account.findByPk(a.id)))?.displayName, newName, 'the applicant account shows it');
        assert.ok((await world.models.Qualification.count({ where: { idNumber: person!.idNumber, name: newName } })) > 0, 'the qualification register follows');
        const history = await world.models.RegistrationHistory.findAll({ where: { applicationId: application.id } });
        assert.ok(history.length > 0 && history.every((h) => h.change === 'identity' && h.after?.personName === newName), 'each registration keeps the change');
        await assertCertificatesReissued(stage, application);
      },
    });
    declareMatter(scenario, {
      lane: applicant,
      route: route(profession, 'photo-signature'),
      options: { form: { specialties: [], portraitSeed: `${applicant}-new` } },
      async approved(stage, application) {
        const { world } = stage;
        const person = await world.models.Person.findByPk(application.personId!);
        const filed = await world.models.Attachment.findAll({ where: { applicationId: application.id, kind: ['photo', 'signature'] }, order: [['id', 'ASC']] });
        assert.deepEqual([person?.photoAttachmentId, person?.signatureAttachmentId], filed.map((a) => a.id), 'the photo and signature of the request are on file');
        await assertCertificatesReissued(stage, application);
      },
    });
  }
});
