/**
 * The demo data set of `npm start`: a few named people and employers in
 * Zhejiang that the demo accounts log in as, staff around them, and a few
 * hundred synthetic persons in the registers. Seeding runs once: a database
 * that already has the demo accounts is left as it is.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { hashPassword } from '../auth/passwords.js';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import type { EnterpriseKind } from '../db/models/enterprise.js';
import type { ProfessionCode } from '../domain/professions.js';
import { defineApplicationModels } from '../applications/models.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { portraitPng, signaturePng } from './portrait.js';
import crypto from 'node:crypto';
import { RegisterSeeder } from './registers.js';
import { SyntheticData } from './synthetic.js';
import { addYears, validityStart } from '../domain/days.js';

const PROVINCE = '33';
const HANGZHOU = '330100';

interface DemoEnterprise {
  key: string;
  name: string;
  industry: string;
  kind: EnterpriseKind;
  certificate?: { industry: string; number: string; grade: string };
  province?: string;
}

const ENTERPRISES: DemoEnterprise[] = [
  { key: 'design', name: '浙江华建工程设计有限公司', industry: '勘察设计行业', kind: '一般', certificate: { industry: '工程设计', number: 'A133000101', grade: '甲级' } },
  { key: 'construction', name: '浙江宏远建设集团有限公司', industry: '建筑施工行业', kind: '一般', certificate: { industry: '建筑业', number: 'D233001234', grade: '一级' } },
  { key: 'supervision', name: '浙江正诚工程监理有限公司', industry: '工程监理行业', kind: '一般', certificate: { industry: '工程监理', number: 'E133000567', grade: '甲级' } },
  { key: 'unqualified', name: '浙江新筑工程设计有限公司', industry: '勘察设计行业', kind: '一般' },
  { key: 'testing', name: '浙江安信建筑工程检测有限公司', industry: '检测单位', kind: '检测单位', certificate: { industry: '检测', number: 'JC33000088', grade: '综合类' } },
  { key: 'drawing-review', name: '杭州恒信施工图审查中心', industry: '施工图审查机构', kind: '施工图审查机构', certificate: { industry: '施工图审查', number: 'SC33000012', grade: '一类' } },
  { key: 'other', name: '江苏中衡建筑设计研究院有限公司', industry: '勘察设计行业', kind: '一般', province: '32', certificate: { industry: '工程设计', number: 'A132000233', grade: '甲级' } },
];

interface DemoPerson {
  username: string;
  employer: string;
  profession: ProfessionCode;
  specialties: string[];
  /** Registered already: specialty codes and days until expiry. */
  registered?: { specialties: string[]; daysLeft: number };
  /** Social security paid at this employer key, or none (a 社保 anomaly). */
  paysAt: string | null;
}

const PEOPLE: DemoPerson[] = [
  { username: 'zhangwei', employer: 'design', profession: 'engineer', specialties: ['structural', 'geotechnical'], paysAt: 'design' },
  { username: 'lina', employer: 'construction', profession: 'constructor', specialties: ['building', 'municipal'], registered: { specialties: ['building'], daysLeft: 120 }, paysAt: 'construction' },
  { username: 'wangfang', employer: 'design', profession: 'architect', specialties: ['architecture'], paysAt: null },
  { username: 'liuyang', employer: 'supervision', profession: 'supervisor', specialties: ['civil-building', 'transport'], paysAt: 'supervision' },
];

const EMPLOYER_ACCOUNTS: Record<string, string> = {
  qiye: 'design',
  'qiye-jianshe': 'construction',
  'qiye-jianli': 'supervision',
  'qiye-xinzhu': 'unqualified',
};

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const VALIDITY: Record<ProfessionCode, number> = { architect: 2, engineer: 3, constructor: 3, supervisor: 3 };

export async function seedDemo(sequelize: Sequelize, models: Models, { clock, backgroundPersons = 300 }: { clock: Clock; backgroundPersons?: number }): Promise<boolean> {
  if (await models.Account.findOne({ where: { username: 'admin' } })) return false;
  const today = isoDay(clock.now());
  const synthetic = new SyntheticData('zhuce-demo', { referenceDate: today });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = clock.now();

  const { PersonEmployer } = defineApplicationModels(sequelize);
  await sequelize.transaction(async (transaction) => {
    const enterpriseIds = new Map<string, { id: number; creditCode: string; province: string }>();
    for (const e of ENTERPRISES) {
      const province = e.province ?? PROVINCE;
      const template = synthetic.enterprise({ provinceCode: province, cityCode: province === PROVINCE ? HANGZHOU : undefined });
      const row = await models.Enterprise.create(
        {
          creditCode: template.creditCode,
          name: e.name,
          legalRepresentative: template.legalRepresentative,
          province,
          city: template.city,
          address: template.address,
          industry: e.industry,
          kind: e.kind,
          contactName: template.contactName,
          contactPhone: template.contactPhone,
          basicInfoSavedAt: now,
        },
        { transaction },
      );
      if (e.certificate) {
        await models.EnterpriseQualification.create(
          { enterpriseId: row.id, industry: e.certificate.industry, certificateNumber: e.certificate.number, grade: e.certificate.grade, validUntil: addYears(today, 3) },
          { transaction },
        );
      }
      enterpriseIds.set(e.key, { id: row.id, creditCode: row.creditCode, province });
    }

    for (const demo of PEOPLE) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === demo.username)!;
      const generated = synthetic.person({ provinceCode: PROVINCE, sex: ['lina', 'wangfang'].includes(demo.username) ? '女' : '男' });
      const person = await models.Person.create(
        { ...generated, name: account.displayName, idType: '身份证', photoAttachmentId: null, signatureAttachmentId: null },
        { transaction },
      );
      const quals = synthetic.qualifications({ ...generated, name: account.displayName }, demo.profession, { specialties: demo.specialties });
      await models.Qualification.bulkCreate(
        quals.map((q) => ({ idNumber: q.idNumber, name: q.name, profession: q.profession, specialty: q.specialty, certificateNumber: q.certificateNumber, approvalDate: q.approvalDate, obtainedBy: q.obtainedBy, year: q.year })),
        { transaction },
      );
      const employer = enterpriseIds.get(demo.employer)!;
      await person.update(
        { photoAttachmentId: await fileImage(models, transaction, person.id, 'photo', portraitPng(person.idNumber)), signatureAttachmentId: await fileImage(models, transaction, person.id, 'signature', signaturePng(person.idNumber)) },
        { transaction },
      );
      // 所在企业信息 saved in the profile, as the applicant does before filing (seed 000 §2.2).
      await PersonEmployer.create(
        { personId: person.id, enterpriseId: employer.id, handlerMobile: person.mobile, employedFrom: `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`, employedUntil: null },
        { transaction },
      );
      if (demo.paysAt) {
        await models.SocialSecurityRecord.create(
          { idNumber: person.idNumber, creditCode: enterpriseIds.get(demo.paysAt)!.creditCode, firstMonth: `${Number(today.slice(0, 4)) - 3}${today.slice(4, 7)}`, lastMonth: today.slice(0, 7), monthsPaid: 37 },
          { transaction },
        );
      }
      for (const specialty of demo.registered?.specialties ?? []) {
        const validTo = isoDay(new Date(clock.now().getTime() + demo.registered!.daysLeft * DAY_MS));
        const validFrom = validityStart(validTo, VALIDITY[demo.profession]);
        await models.Registration.create(
          {
            personId: person.id,
            profession: demo.profession,
            specialty,
            enterpriseId: employer.id,
            registrationNumber: synthetic.registrationNumber(demo.profession, specialty, PROVINCE, Number(validFrom.slice(0, 4))),
            sealNumber: synthetic.sealNumber(demo.profession, specialty, PROVINCE),
            validFrom,
            validTo,
            status: '已注册',
          },
          { transaction },
        );
      }
      await models.Account.create(
        { username: demo.username, passwordHash, role: 'applicant', displayName: account.displayName, personId: person.id, enterpriseId: null, province: null, professions: null, supervisorId: null },
        { transaction },
      );
    }

    // Colleagues, so the employers' lists and expiry warnings have content.
    const staffPlan: Array<[string, ProfessionCode, number]> = [
      ['design', 'engineer', 6],
      ['design', 'architect', 4],
      ['construction', 'constructor', 8],
      ['supervision', 'supervisor', 5],
    ];
    for (const [key, profession, count] of staffPlan) {
      const employer = enterpriseIds.get(key)!;
      for (let i = 0; i < count; i++) {
        const generated = synthetic.person({ provinceCode: PROVINCE });
        const person = await models.Person.create({ ...generated, idType: '身份证', photoAttachmentId: null, signatureAttachmentId: null }, { transaction });
        const [q] = synthetic.qualifications(generated, profession);
        await models.Qualification.create(
          { idNumber: q.idNumber, name: q.name, profession, specialty: q.specialty, certificateNumber: q.certificateNumber, approvalDate: q.approvalDate, obtainedBy: q.obtainedBy, year: q.year },
          { transaction },
        );
        await models.SocialSecurityRecord.create(
          { idNumber: person.idNumber, creditCode: employer.creditCode, firstMonth: `${Number(today.slice(0, 4)) - 2}${today.slice(4, 7)}`, lastMonth: today.slice(0, 7), monthsPaid: 25 },
          { transaction },
        );
        // Every third colleague's registration runs out within six months.
        const validTo = isoDay(new Date(clock.now().getTime() + (i % 3 === 0 ? 30 + i * 15 : 400 + i * 30) * DAY_MS));
        const validFrom = validityStart(validTo, VALIDITY[profession]);
        await models.Registration.create(
          {
            personId: person.id,
            profession,
            specialty: q.specialty,
            enterpriseId: employer.id,
            registrationNumber: synthetic.registrationNumber(profession, q.specialty, PROVINCE, Number(validFrom.slice(0, 4))),
            sealNumber: synthetic.sealNumber(profession, q.specialty, PROVINCE),
            validFrom,
            validTo,
            status: '已注册',
          },
          { transaction },
        );
      }
    }

    for (const [username, key] of Object.entries(EMPLOYER_ACCOUNTS)) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
      await models.Account.create(
        { username, passwordHash, role: 'employer', displayName: account.displayName, personId: null, enterpriseId: enterpriseIds.get(key)!.id, province: null, professions: null, supervisorId: null },
        { transaction },
      );
    }
    const chief = await models.Account.create(
      { username: 'buji-chuzhang', passwordHash, role: 'ministry_reviewer', displayName: '部注册中心处长', personId: null, enterpriseId: null, province: null, professions: null, supervisorId: null },
      { transaction },
    );
    const staff: Array<[string, 'provincial_reviewer' | 'ministry_reviewer' | 'analyst' | 'admin', string | null, number | null]> = [
      ['shengji', 'provincial_reviewer', PROVINCE, null],
      ['buji', 'ministry_reviewer', null, chief.id],
      ['fenxi', 'analyst', null, null],
      ['admin', 'admin', null, null],
    ];
    for (const [username, role, province, supervisorId] of staff) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
      await models.Account.create(
        { username, passwordHash, role, displayName: account.displayName, personId: null, enterpriseId: null, province, professions: null, supervisorId },
        { transaction },
      );
    }
  });

  if (backgroundPersons > 0) {
    await new RegisterSeeder(sequelize, models, { persons: backgroundPersons, seed: 'zhuce-demo-background', referenceDate: today, synthetic }).run();
  }
  return true;
}

/** A person's photo or signature on file (rule 5), stored as an upload is; the attachment's id. */
export async function fileImage(models: Models, transaction: Transaction, personId: number, kind: 'photo' | 'signature', png: Buffer): Promise<number> {
  const sha256 = crypto.createHash('sha256').update(png).digest('hex');
  await models.AttachmentContent.findOrCreate({ where: { sha256 }, defaults: { sha256, content: png }, transaction });
  const attachment = await models.Attachment.create(
    { kind, fileName: `${kind}.png`, mimeType: 'image/png', size: png.length, sha256, width: kind === 'photo' ? 295 : 405, height: kind === 'photo' ? 413 : 162, personId, enterpriseId: null, applicationId: null, uploadedBy: null },
    { transaction },
  );
  return attachment.id;
}
