/**
 * What an applicant (or employer) types into the start form of each matter,
 * with the files the form asks for uploaded first, as the page does. Values
 * the form shows read-only come from the server and are not sent. Register
 * facts (资格证书管理号, 批准日期, 获取方式) are the applicant's own, read from
 * the qualification register, so rule 6 finds them.
 */
import { QUALIFICATION_METHODS, type ProfessionCode } from '../../../../server/domain/professions.js';
import { portraitPng, signaturePng } from '../../../../server/seed/portrait.js';
import type { Portal } from './portal.js';

/** 审批条件, all ticked (rule 1). */
const DESIGN_CONDITIONS = { conditionQualified: true, conditionSingleEmployer: true, conditionContinuingEducation: true };

/** The 一级建造师 and 监理工程师 forms' 注册须知 and basic information block (seed 002, 004). */
const PROFILE_BLOCK = {
  noticeAccepted: true,
  ethnicity: '汉族',
  education: '大学本科',
  degree: '学士',
  school: '浙江大学',
  major: '土木工程',
  graduationDate: '2012-06-30',
};

/** The SMS code the 一级建造师 forms ask for (the login flow has checked it). */
const SMS = { smsCode: '123456' };

const PDF = (name: string) => Buffer.from(`%PDF-1.4\n% ${name}\n`);

export interface FormOptions {
  /** One specialty (specialty / 申请注册专业1) or several (specialties, 申请注册专业1/2). */
  specialties: string[];
  /** Who reports a form with a typed employer (一级建造师, 监理工程师 初始注册, 重新注册). */
  employer?: string;
  /** 更改补办: 更改执业印章号 or 补办注册证书. */
  reissueRequirement?: 'change-seal' | 'reissue-certificate';
  /** 信息更正: the new name. */
  newName?: string;
  /** A seed for the new photo and signature of 修改免冠照及手写签名. */
  portraitSeed?: string;
}

export class StartForms {
  private uploads = 0;

  constructor(private readonly portal: Portal) {}

  private get world() {
    return this.portal.world;
  }

  /** The start form of `matter` as `username` fills it in. */
  async of(username: string, profession: ProfessionCode, matter: string, options: FormOptions): Promise<Record<string, unknown>> {
    const [first] = options.specialties;
    const constructor = profession === 'constructor';
    const personal = { personalCommitment: 'accept' };
    switch (matter) {
      case 'initial':
      case 're-register':
        if (constructor) {
          const [qualification] = await this.qualifications(username, profession, [first]);
          return {
            ...PROFILE_BLOCK,
            ...personal,
            ...SMS,
            ...(await this.typedEmployer(options.employer!)),
            contractStart: '2023-03-01',
            qualificationNo: qualification.certificateNumber,
            specialties: options.specialties,
            ...(await this.portrait(username)),
          };
        }
        if (profession === 'supervisor') {
          const [specialty1, specialty2] = options.specialties;
          return {
            ...PROFILE_BLOCK,
            ...personal,
            ...(await this.typedEmployer(options.employer!)),
            specialty1,
            ...(specialty2 ? { specialty2 } : {}),
            ...(await this.portrait(username)),
          };
        }
        {
          const [qualification] = await this.qualifications(username, profession, [first]);
          return {
            ...DESIGN_CONDITIONS,
            ...personal,
            specialty: first,
            qualificationNo: qualification.certificateNumber,
            qualificationApprovalDate: qualification.approvalDate,
            qualificationMethod: QUALIFICATION_METHODS.find((m) => m.name === qualification.obtainedBy)?.code,
          };
        }
      case 'change':
        return { ...DESIGN_CONDITIONS, ...personal, specialty: first, releaseCertificate: await this.file(username, 'releaseCertificate', '解聘证明.pdf', PDF('解聘证明')) };
      case 'renewal':
      case 'add-specialty':
        if (constructor) return { ...PROFILE_BLOCK, ...personal, ...SMS, specialties: options.specialties, ...(await this.portrait(username)) };
        return { ...DESIGN_CONDITIONS, ...personal, specialty: first };
      case 'modify-reissue':
        return {
          ...DESIGN_CONDITIONS,
          ...personal,
          specialty: first,
          reissueReason: options.reissueRequirement === 'change-seal' ? '执业印章遗失' : '注册证书遗失',
          reissueRequirement: options.reissueRequirement ?? 'reissue-certificate',
        };
      case 'cancel':
        if (constructor) return { ...PROFILE_BLOCK, ...SMS, cancellationReason: '已与聘用企业解除聘用合同关系' };
        return { ...DESIGN_CONDITIONS, ...personal, specialty: first, forcedCancellation: 'no', cancellationReason: '本人申请注销注册' };
      case 'info-correction':
        return {
          ...personal,
          ...(constructor ? SMS : {}),
          newName: options.newName,
          changeExplanation: '户籍登记姓名已变更，公安机关出具了证明',
          idCardScans: await this.file(username, 'idCardScans', '身份证正反面.pdf', PDF('身份证')),
          evidenceFiles: await this.file(username, 'evidenceFiles', '户籍证明.pdf', PDF('户籍证明')),
        };
      case 'photo-signature':
        return { ...personal, ...(constructor ? SMS : {}), ...(await this.portrait(username, options.portraitSeed)) };
      default:
        throw new Error(`no start form for ${matter}`);
    }
  }

  /** 企业申请强制注销 (rule 10): the person by name and ID, the award or judgment, the 企业承诺书 confirmed. */
  async forcedCancellation(employer: string, applicant: string, specialty: string): Promise<Record<string, unknown>> {
    const person = await this.world.person(applicant);
    return {
      applicantName: person.name,
      idNumber: person.idNumber,
      specialty,
      cancellationReason: '已与聘用单位解除聘用劳动关系',
      arbitrationDocument: await this.file(employer, 'arbitrationDocument', '仲裁裁决书.pdf', PDF('仲裁裁决书')),
      cancellationExplanation: '劳动争议仲裁委员会裁决解除劳动关系，本人未办理注销',
      employerCommitment: true,
    };
  }

  /** 补正资质: the certificate number, and the copy where the register does not know the number. */
  async qualificationFix(employer: string, certificateNo: string, withCopy: boolean): Promise<Record<string, unknown>> {
    return {
      qualificationCertificateNo: certificateNo,
      ...(withCopy ? { qualificationCopy: await this.file(employer, 'qualificationCopy', '企业资质副本.pdf', PDF('企业资质副本')) } : {}),
    };
  }

  private async qualifications(username: string, profession: ProfessionCode, specialties: string[]) {
    const person = await this.world.person(username);
    const records = await this.world.models.Qualification.findAll({ where: { idNumber: person.idNumber, name: person.name, profession, specialty: specialties } });
    if (records.length !== specialties.length) throw new Error(`${username} is not qualified for ${specialties.join(', ')}`);
    return records;
  }

  /** 企业名称 and 统一社会信用代码 typed as the employer's documents show them. */
  private async typedEmployer(employer: string) {
    const enterprise = await this.world.enterprise(employer);
    return { employerName: enterprise.name, employerCode: enterprise.creditCode };
  }

  /** A photo and signature of their own for each filing (lanes file at the same time). */
  private async portrait(username: string, seed = username) {
    const own = `${seed}-${++this.uploads}`;
    return {
      photo: await this.file(username, 'photo', 'photo.png', portraitPng(own)),
      signature: await this.file(username, 'signature', 'signature.png', signaturePng(own)),
    };
  }

  private file(username: string, field: string, name: string, bytes: Buffer): Promise<number> {
    return this.portal.upload(username, field, name, bytes);
  }
}
