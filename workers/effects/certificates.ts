/**
 * The electronic registration certificate (注册证书): one per 注册号, listing
 * every registered specialty under it (一级建造师 and 监理工程师 hold several),
 * with the person's photo and signature, the employer's current name and the
 * verification QR code. A new certificate supersedes the earlier ones of the
 * same 注册号; certificate numbers are the 注册号 and a running issue number.
 */
import { Op, type Transaction } from 'sequelize';
import type { Document } from '../../server/db/models/document.js';
import type { Registration } from '../../server/db/models/registration.js';
import { DOCUMENT_KINDS } from '../../server/documents/document-service.js';
import { professionName, specialtyName } from '../../server/domain/labels.js';
import { isProfessionCode, professionByCode } from '../../server/domain/professions.js';
import type { WorkerDeps } from '../worker.js';
import { attachmentBytes, idLabel } from './case-data.js';
import { chineseDay } from './dates.js';

const CERTIFICATE = DOCUMENT_KINDS.certificate;

export interface CertificateRequest {
  personId: number;
  registrationNumbers: Iterable<string>;
  applicationId: number | null;
  /** Each certificate is issued once per `${dedupeKey}:${注册号}`. */
  dedupeKey: string;
}

function specialtyOrder(registration: Registration): number {
  if (!isProfessionCode(registration.profession)) return 0;
  return professionByCode(registration.profession).specialties.findIndex((s) => s.code === registration.specialty);
}

/** Issues the certificate of each 注册号 that still has registered (已注册) specialties; returns the documents. */
export async function issueCertificates(deps: WorkerDeps, request: CertificateRequest): Promise<Document[]> {
  const { models, documents } = deps;
  const person = await models.Person.findByPk(request.personId);
  if (!person) throw new Error(`person ${request.personId} not found for a certificate`);
  const photo = await attachmentBytes(deps, person.photoAttachmentId);
  const signature = await attachmentBytes(deps, person.signatureAttachmentId);
  const issued: Document[] = [];

  for (const registrationNumber of new Set(request.registrationNumbers)) {
    const registrations = (
      await models.Registration.findAll({ where: { personId: person.id, registrationNumber, status: '已注册' } })
    ).sort((a, b) => specialtyOrder(a) - specialtyOrder(b));
    if (!registrations.length) continue;
    const [first] = registrations;
    const enterprise = await models.Enterprise.findByPk(first.enterpriseId);
    const sameNumber = { kind: CERTIFICATE, personId: person.id, number: { [Op.like]: `${registrationNumber}-%` } };
    const earlier = await models.Document.count({ where: sameNumber });
    const specialties = registrations.map((r) => ({ name: specialtyName(r.profession, r.specialty), validFrom: chineseDay(r.validFrom), validTo: chineseDay(r.validTo) }));

    const document = await documents.issue({
      kind: 'certificate',
      number: `${registrationNumber}-${String(earlier + 1).padStart(2, '0')}`,
      dedupeKey: `${request.dedupeKey}:${registrationNumber}`,
      applicationId: request.applicationId,
      personId: person.id,
      photo,
      signature,
      data: {
        professionName: professionName(first.profession),
        person: {
          name: person.name,
          sex: person.sex ?? '',
          birthDate: chineseDay(person.birthDate),
          idLabel: idLabel(person.idType),
          idNumber: person.idNumber,
        },
        enterpriseName: enterprise?.name ?? '',
        registrationNumber,
        sealNumber: first.sealNumber ?? '',
        specialties,
        specialtyNames: specialties.map((s) => s.name).join('、'),
        validFrom: specialties[0].validFrom,
        validTo: specialties[0].validTo,
      },
    });
    await models.Document.update(
      { supersededAt: deps.clock.now(), supersededById: document.id },
      { where: { ...sameNumber, id: { [Op.ne]: document.id }, supersededAt: { [Op.is]: null } } },
    );
    issued.push(document);
  }
  return issued;
}

/** Voids the certificates of a 注册号 none of whose specialties is registered any more (注销). */
export async function voidCertificates(deps: WorkerDeps, personId: number, registrationNumber: string, transaction: Transaction): Promise<number> {
  const stillRegistered = await deps.models.Registration.count({ where: { personId, registrationNumber, status: ['已注册', '预注册'] }, transaction });
  if (stillRegistered) return 0;
  const [voided] = await deps.models.Document.update(
    { supersededAt: deps.clock.now(), supersededById: null },
    { where: { kind: CERTIFICATE, personId, number: { [Op.like]: `${registrationNumber}-%` }, supersededAt: { [Op.is]: null } }, transaction },
  );
  return voided;
}
