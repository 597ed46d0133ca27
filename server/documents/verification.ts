/**
 * 文书核验: what the public verification page shows for a code printed on a
 * document. A certificate shows the current state of its registration
 * (有效, 已被新证书替代, 已注销, 已过期), the registered specialties and their
 * validity; every document shows its kind, number and date. The holder's name
 * and ID number are masked as the authority does (张*, 3303**********7775).
 */
import type { Clock } from '../clock.js';
import type { Document } from '../db/models/document.js';
import type { Models } from '../db/models/index.js';
import { caseTitle, professionName, specialtyName } from '../domain/labels.js';
import { maskIdNumber, maskName } from '../domain/masking.js';
import { chinaDate } from '../validation/fields.js';
import { DOCUMENT_KINDS } from './document-service.js';

export type CertificateState = '有效' | '已被新证书替代' | '已注销' | '已过期';

export interface CertificateFacts {
  state: CertificateState;
  /** Why the state is what it is, in one sentence. */
  explanation: string;
  professionName: string;
  registrationNumber: string;
  enterpriseName: string | null;
  specialties: Array<{ name: string; validFrom: string; validTo: string; status: string }>;
  /** The certificate that replaced this one, when it was replaced. */
  replacedBy: { number: string; issuedAt: Date } | null;
}

export interface Verification {
  code: string;
  kind: string;
  number: string;
  issuedAt: Date;
  holderName: string | null;
  holderIdNumber: string | null;
  matter: string | null;
  applicationNumber: string | null;
  certificate: CertificateFacts | null;
}

/** Verification codes are 20 hexadecimal characters (document-service.ts). */
export const VERIFICATION_CODE = /^[0-9A-F]{20}$/;

export function normaliseCode(raw: unknown): string {
  return String(raw ?? '').replace(/\s+/g, '').toUpperCase();
}

export class DocumentVerification {
  constructor(private readonly deps: { models: Models; clock: Clock }) {}

  async verify(rawCode: string): Promise<Verification | null> {
    const code = normaliseCode(rawCode);
    if (!VERIFICATION_CODE.test(code)) return null;
    const { models } = this.deps;
    const document = await models.Document.findOne({ where: { verificationCode: code } });
    if (!document) return null;
    const [application, person] = await Promise.all([
      document.applicationId ? models.Application.findByPk(document.applicationId) : null,
      document.personId ? models.Person.findByPk(document.personId, { attributes: ['id', 'name', 'idNumber'] }) : null,
    ]);
    return {
      code,
      kind: document.kind,
      number: document.number,
      issuedAt: document.createdAt,
      holderName: person ? maskName(person.name) : null,
      holderIdNumber: person ? maskIdNumber(person.idNumber) : null,
      matter: application ? caseTitle(application.profession, application.matter) : null,
      applicationNumber: application?.number ?? null,
      certificate: document.kind === DOCUMENT_KINDS.certificate ? await this.certificateFacts(document) : null,
    };
  }

  private async certificateFacts(document: Document): Promise<CertificateFacts> {
    const { models, clock } = this.deps;
    // Certificate numbers are the 注册号 and a running issue number (workers/effects/certificates.ts).
    const registrationNumber = document.number.replace(/-\d+$/, '');
    const registrations = document.personId
      ? await models.Registration.findAll({ where: { personId: document.personId, registrationNumber }, order: [['id', 'ASC']] })
      : [];
    const live = registrations.filter((r) => r.status === '已注册');
    const shown = live.length ? live : registrations;
    const today = chinaDate(clock.now());
    const replacement =
      document.supersededById !== null && document.supersededById !== undefined
        ? await models.Document.findByPk(document.supersededById, { attributes: ['id', 'number', 'createdAt'] })
        : null;
    const latestValidTo = live.map((r) => r.validTo ?? '').sort().pop() ?? '';

    let state: CertificateState;
    let explanation: string;
    if (replacement) {
      state = '已被新证书替代';
      explanation = `本证书已由编号为 ${replacement.number} 的新证书替代，请以新证书为准。`;
    } else if (document.supersededAt || (registrations.length > 0 && live.length === 0)) {
      state = '已注销';
      explanation = '该注册已注销，本证书作废。';
    } else if (live.length > 0 && latestValidTo && latestValidTo < today) {
      state = '已过期';
      explanation = `该注册的有效期已于 ${latestValidTo} 届满，本证书已过期。`;
    } else {
      state = '有效';
      explanation = '本证书真实有效，注册信息以下表为准。';
    }
    const enterprise = shown[0] ? await models.Enterprise.findByPk(shown[0].enterpriseId, { attributes: ['name'] }) : null;
    const profession = shown[0]?.profession ?? '';
    return {
      state,
      explanation,
      professionName: profession ? professionName(profession) : '',
      registrationNumber,
      enterpriseName: enterprise?.name ?? null,
      specialties: shown.map((r) => ({ name: specialtyName(r.profession, r.specialty), validFrom: r.validFrom ?? '', validTo: r.validTo ?? '', status: r.status })),
      replacedBy: replacement ? { number: replacement.number, issuedAt: replacement.createdAt } : null,
    };
  }
}
