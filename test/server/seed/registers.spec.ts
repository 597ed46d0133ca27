import assert from 'node:assert/strict';
import { Op } from 'sequelize';
import type { Sequelize } from 'sequelize';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { RegisterSeeder } from '../../../server/seed/registers.js';
import { validateCreditCode, validateIdNumber } from '../../../server/validation/index.js';
import { FieldError } from '../../../server/validation/field-error.js';
import { migratedDatabase } from '../../support/database.js';

describe('the synthetic register seeder', () => {
  let sequelize: Sequelize;
  let models: Models;

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
  });
  after(() => sequelize.close());

  it('fills every register in batches, with anomalies and registrations about to expire', async () => {
    // given a leap day as "today": validity arithmetic must not produce 29 February of a common year
    const referenceDate = '2028-02-29';
    // when
    const summary = await new RegisterSeeder(sequelize, models, { persons: 600, seed: 'spec', referenceDate, batchSize: 250 }).run();
    // then
    assert.equal(summary.persons, 600);
    assert.equal(await models.Person.count(), 600);
    assert.equal(await models.Qualification.count(), summary.qualifications);
    assert.equal(await models.Registration.count(), summary.registrations);
    assert.ok(summary.enterprises >= 24);
    for (const p of await models.Person.findAll({ limit: 50 })) assert.ok(!(validateIdNumber(p.idNumber) instanceof FieldError), p.idNumber);
    for (const e of await models.Enterprise.findAll({ limit: 50 })) assert.ok(!(validateCreditCode(e.creditCode) instanceof FieldError), e.creditCode);
    const horizon = '2028-08-29';
    assert.ok((await models.Registration.count({ where: { validTo: { [Op.between]: [referenceDate, horizon] } } })) > 0, 'some expire within six months');
    assert.ok((await models.Enterprise.count({ where: { kind: ['检测单位', '施工图审查机构'] } })) > 0, 'testing labs and drawing reviewers exist');
    const paidElsewhere = await sequelize.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM registrations r JOIN persons p ON p.id = r."personId" JOIN enterprises e ON e.id = r."enterpriseId"
       WHERE NOT EXISTS (SELECT 1 FROM social_security_records s WHERE s."idNumber" = p."idNumber" AND s."creditCode" = e."creditCode")`,
      { type: 'SELECT' as never },
    );
    assert.ok(Number(paidElsewhere[0].n) > 0, 'some registered people pay no social security at their employer');
  });

  it('adds more people on a second run without colliding with the first', async () => {
    // when
    const more = await new RegisterSeeder(sequelize, models, { persons: 300, seed: 'spec-2', referenceDate: '2028-02-29', sequenceStart: 601 }).run();
    // then
    assert.ok(more.persons >= 295, 'only the rare ID number drawn twice is skipped');
    assert.equal(await models.Person.count(), 600 + more.persons);
  });
});
