/**
 * Fills the local registers with synthetic data in batches: enterprises with
 * their qualification certificates, persons, their rows in the qualification
 * register, social-security records (some anomalous) and existing
 * registrations (some at other employers, some expiring within six months).
 * Each batch is one transaction, so memory stays flat however many persons.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { INDUSTRIES } from '../domain/industries.js';
import { professionByCode, type ProfessionCode } from '../domain/professions.js';
import type { Models } from '../db/models/index.js';
import { Prng, SyntheticData, type SyntheticEnterprise } from './synthetic.js';
import { addDays, validityStart } from '../domain/days.js';

export interface RegisterSeedOptions {
  persons: number;
  seed: string | number;
  /** "Today" of the generated world (YYYY-MM-DD): validity and social security run up to it. */
  referenceDate: string;
  batchSize?: number;
  /** Shares issued-number sequences with data generated before (the demo's named people). */
  synthetic?: SyntheticData;
  /** Where issued-number sequences start when no generator is shared; past the numbers already in the database. */
  sequenceStart?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RegisterSeedSummary {
  enterprises: number;
  persons: number;
  qualifications: number;
  socialSecurityRecords: number;
  registrations: number;
}

interface EnterpriseRef {
  id: number;
  creditCode: string;
  province: string;
  employs: readonly string[];
}

const PROFESSION_WEIGHTS: Array<[ProfessionCode, number]> = [
  ['constructor', 0.45],
  ['engineer', 0.25],
  ['supervisor', 0.2],
  ['architect', 0.1],
];

const monthOf = (date: string) => date.slice(0, 7);
const monthsBefore = (month: string, n: number) => {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

function pickProfession(rng: Prng): ProfessionCode {
  let r = rng.float();
  for (const [code, weight] of PROFESSION_WEIGHTS) {
    if ((r -= weight) < 0) return code;
  }
  return 'constructor';
}

export class RegisterSeeder {
  private readonly rng: Prng;
  private readonly synthetic: SyntheticData;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
    private readonly options: RegisterSeedOptions,
  ) {
    this.rng = new Prng(options.seed).fork('register-seeder');
    this.synthetic =
      options.synthetic ?? new SyntheticData(options.seed, { referenceDate: options.referenceDate, sequenceStart: options.sequenceStart });
  }

  async run(): Promise<RegisterSeedSummary> {
    const summary: RegisterSeedSummary = { enterprises: 0, persons: 0, qualifications: 0, socialSecurityRecords: 0, registrations: 0 };
    const enterprises = await this.seedEnterprises(Math.max(8, Math.ceil(this.options.persons / 25)), summary);
    const batchSize = this.options.batchSize ?? 2000;
    for (let done = 0; done < this.options.persons; done += batchSize) {
      const size = Math.min(batchSize, this.options.persons - done);
      await this.sequelize.transaction((transaction) => this.seedPersons(size, enterprises, summary, transaction));
      this.options.onProgress?.(done + size, this.options.persons);
    }
    return summary;
  }

  private async seedEnterprises(count: number, summary: RegisterSeedSummary): Promise<EnterpriseRef[]> {
    const { Enterprise, EnterpriseQualification } = this.models;
    const refs: EnterpriseRef[] = [];
    const now = new Date();
    for (let start = 0; start < count; start += 1000) {
      const batch: SyntheticEnterprise[] = [];
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        // Most employers hold a qualification; every tenth is a 检测单位 or 施工图审查机构 (rule 14).
        const special = i % 10 === 9 ? this.rng.pick(['testing', 'drawing-review'] as const) : undefined;
        batch.push(this.synthetic.enterprise(special ? { industry: special } : {}));
      }
      await this.sequelize.transaction(async (transaction) => {
        await Enterprise.bulkCreate(
          batch.map((e) => ({
            creditCode: e.creditCode,
            name: e.name,
            legalRepresentative: e.legalRepresentative,
            province: e.province,
            city: e.city,
            address: e.address,
            industry: e.industry,
            kind: e.kind,
            contactName: e.contactName,
            contactPhone: e.contactPhone,
            basicInfoSavedAt: this.rng.chance(0.85) ? now : null,
          })),
          { transaction, validate: false, hooks: false },
        );
        const rows = await Enterprise.findAll({
          attributes: ['id', 'creditCode'],
          where: { creditCode: batch.map((e) => e.creditCode) },
          transaction,
        });
        const idOf = new Map(rows.map((r) => [r.creditCode, r.id]));
        const certificates = batch.filter((e) => e.qualification);
        await EnterpriseQualification.bulkCreate(
          certificates.map((e) => ({
            enterpriseId: idOf.get(e.creditCode)!,
            industry: e.qualification!.industry,
            certificateNumber: e.qualification!.certificateNumber,
            grade: e.qualification!.grade,
            validUntil: e.qualification!.validUntil,
          })),
          { transaction, validate: false, hooks: false },
        );
        for (const e of batch) {
          const industry = INDUSTRIES.find((i) => i.code === e.industryCode);
          refs.push({ id: idOf.get(e.creditCode)!, creditCode: e.creditCode, province: e.province, employs: industry?.employs ?? [] });
        }
        summary.enterprises += batch.length;
      });
    }
    return refs;
  }

  private employerFor(profession: ProfessionCode, province: string, enterprises: EnterpriseRef[], avoid?: number): EnterpriseRef {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = this.rng.pick(enterprises);
      if (candidate.id === avoid || !candidate.employs.includes(profession)) continue;
      if (candidate.province === province || attempt > 10) return candidate;
    }
    return enterprises.find((e) => e.id !== avoid) ?? enterprises[0];
  }

  private async seedPersons(count: number, enterprises: EnterpriseRef[], summary: RegisterSeedSummary, transaction: Transaction) {
    const { Person, Qualification, SocialSecurityRecord, Registration } = this.models;
    const today = this.options.referenceDate;
    const drawn = Array.from({ length: count }, () => {
      const profession = pickProfession(this.rng);
      const person = this.synthetic.person();
      return { person, profession, qualifications: this.synthetic.qualifications(person, profession) };
    });
    // An earlier run may have drawn the same ID number; the register keeps the first.
    const taken = new Set(
      (await Person.findAll({ attributes: ['idNumber'], where: { idNumber: drawn.map((p) => p.person.idNumber) }, transaction })).map((p) => p.idNumber),
    );
    const people = drawn.filter((p) => !taken.has(p.person.idNumber));
    await Person.bulkCreate(
      people.map(({ person: p }) => ({
        idNumber: p.idNumber,
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        ethnicity: p.ethnicity,
        mobile: p.mobile,
        email: p.email,
        education: p.education,
        school: p.school,
        major: p.major,
        graduationDate: p.graduationDate,
        photoAttachmentId: null,
        signatureAttachmentId: null,
      })),
      { transaction, validate: false, hooks: false },
    );
    const rows = await Person.findAll({ attributes: ['id', 'idNumber'], where: { idNumber: people.map((p) => p.person.idNumber) }, transaction });
    const idOf = new Map(rows.map((r) => [r.idNumber, r.id]));

    const qualifications = people.flatMap((p) => p.qualifications);
    const social: Array<Record<string, unknown>> = [];
    const registrations: Array<Record<string, unknown>> = [];
    for (const { person, profession, qualifications: quals } of people) {
      const employer = this.employerFor(profession, person.provinceCode, enterprises);
      const months = this.rng.int(6, 96);
      const roll = this.rng.float();
      // 88 % pay at their employer; 7 % pay elsewhere (a 社保 anomaly at the employer); 5 % have no record.
      const paidAt = roll < 0.88 ? employer : roll < 0.95 ? this.employerFor(profession, person.provinceCode, enterprises, employer.id) : null;
      if (paidAt) {
        const last = monthsBefore(monthOf(today), this.rng.int(0, 1));
        social.push({ idNumber: person.idNumber, creditCode: paidAt.creditCode, firstMonth: monthsBefore(last, months - 1), lastMonth: last, monthsPaid: months });
      }
      if (!this.rng.chance(0.6)) continue;
      // Registered: most at their employer, a few at another one (the duplicate-person check finds them).
      const registeredAt = this.rng.chance(0.97) ? employer : this.employerFor(profession, person.provinceCode, enterprises, employer.id);
      const years = professionByCode(profession).validityYears;
      // One in twelve expires within the next six months (rule 17); the rest anywhere in their term.
      const remainingDays = this.rng.chance(1 / 12) ? this.rng.int(1, 180) : this.rng.int(181, years * 365);
      const validTo = addDays(today, remainingDays);
      const validFrom = validityStart(validTo, years);
      const year = Number(validFrom.slice(0, 4));
      const held = profession === 'constructor' || profession === 'supervisor' ? quals.slice(0, 2) : quals.slice(0, 1);
      for (const q of held) {
        registrations.push({
          personId: idOf.get(person.idNumber)!,
          profession,
          specialty: q.specialty,
          enterpriseId: registeredAt.id,
          registrationNumber: this.synthetic.registrationNumber(profession, q.specialty, registeredAt.province, year),
          sealNumber: this.synthetic.sealNumber(profession, q.specialty, registeredAt.province),
          validFrom,
          validTo,
          status: '已注册',
        });
      }
    }
    await Qualification.bulkCreate(
      qualifications.map((q) => ({
        idNumber: q.idNumber,
        name: q.name,
        profession: q.profession,
        specialty: q.specialty,
        certificateNumber: q.certificateNumber,
        approvalDate: q.approvalDate,
        obtainedBy: q.obtainedBy,
        year: q.year,
      })),
      { transaction, validate: false, hooks: false },
    );
    await SocialSecurityRecord.bulkCreate(social as never[], { transaction, validate: false, hooks: false });
    await Registration.bulkCreate(registrations as never[], { transaction, validate: false, hooks: false });
    summary.persons += people.length;
    summary.qualifications += qualifications.length;
    summary.socialSecurityRecords += social.length;
    summary.registrations += registrations.length;
  }
}
