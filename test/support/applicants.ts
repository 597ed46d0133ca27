/**
 * More applicants like the demo seed's (server/seed/demo.ts): a synthetic
 * person with an applicant account, the qualifications of their profession,
 * photo and signature on file, 所在企业信息 saved at a demo employer and
 * social security paid there. Tests that need many cases at once give each
 * lane an applicant of its own, since one person files one case of a matter
 * and specialty at a time (rule 6).
 */
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { defineApplicationModels } from '../../server/applications/models.js';
import { hashPassword } from '../../server/auth/passwords.js';
import type { Clock } from '../../server/clock.js';
import type { Models } from '../../server/db/models/index.js';
import type { ProfessionCode } from '../../server/domain/professions.js';
import { DEMO_PASSWORD } from '../../server/seed/demo-accounts.js';
import { fileImage } from '../../server/seed/demo.js';
import { portraitPng, signaturePng } from '../../server/seed/portrait.js';
import { SyntheticData } from '../../server/seed/synthetic.js';
import { DEMO_EMPLOYERS, type DemoEmployer } from './case-builder.js';

export interface ApplicantSpec {
  username: string;
  profession: ProfessionCode;
  /** The specialties of the person's qualifications. */
  specialties: string[];
  /** The demo employer the person works for and pays social security at. */
  employer: DemoEmployer;
}

const PROVINCE = '33';
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Adds the applicants in one transaction; `seed` keeps their synthetic identities apart from the demo seed's. */
export async function addApplicants(sequelize: Sequelize, models: Models, clock: Clock, specs: ApplicantSpec[], seed = `applicants-${crypto.randomBytes(4).toString('hex')}`): Promise<void> {
  const today = isoDay(clock.now());
  // Issued numbers (资格证书 …) count on from far past the demo seed's, which start at 1.
  const synthetic = new SyntheticData(seed, { referenceDate: today, sequenceStart: 500_000 });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { PersonEmployer } = defineApplicationModels(sequelize);
  const employers = new Map<DemoEmployer, { id: number; creditCode: string }>();
  for (const key of new Set(specs.map((s) => s.employer))) {
    const enterprise = await models.Enterprise.findOne({ where: { name: DEMO_EMPLOYERS[key] } });
    if (!enterprise) throw new Error(`no demo employer ${key}: seed the demo data first`);
    employers.set(key, { id: enterprise.id, creditCode: enterprise.creditCode });
  }
  const years = (n: number) => `${Number(today.slice(0, 4)) - n}${today.slice(4)}`;

  await sequelize.transaction(async (transaction) => {
    for (const spec of specs) {
      const generated = synthetic.person({ provinceCode: PROVINCE });
      const person = await models.Person.create({ ...generated, idType: '身份证', photoAttachmentId: null, signatureAttachmentId: null }, { transaction });
      const qualifications = synthetic.qualifications(generated, spec.profession, { specialties: spec.specialties });
      await models.Qualification.bulkCreate(
        qualifications.map((q) => ({ idNumber: q.idNumber, name: q.name, profession: q.profession, specialty: q.specialty, certificateNumber: q.certificateNumber, approvalDate: q.approvalDate, obtainedBy: q.obtainedBy, year: q.year })),
        { transaction },
      );
      await person.update(
        {
          photoAttachmentId: await fileImage(models, transaction, person.id, 'photo', portraitPng(person.idNumber)),
          signatureAttachmentId: await fileImage(models, transaction, person.id, 'signature', signaturePng(person.idNumber)),
        },
        { transaction },
      );
      const employer = employers.get(spec.employer)!;
      await PersonEmployer.create({ personId: person.id, enterpriseId: employer.id, handlerMobile: person.mobile, employedFrom: years(3), employedUntil: null }, { transaction });
      await models.SocialSecurityRecord.create(
        { idNumber: person.idNumber, creditCode: employer.creditCode, firstMonth: years(3).slice(0, 7), lastMonth: today.slice(0, 7), monthsPaid: 37 },
        { transaction },
      );
      await models.Account.create(
        { username: spec.username, passwordHash, role: 'applicant', displayName: person.name, personId: person.id, enterpriseId: null, province: null, professions: null, supervisorId: null },
        { transaction },
      );
    }
  });
}
