/**
 * The 公告 as a PDF (SPEC §8): the batch of approved registrations the
 * ministry published, numbered as the announcement (建市注〔2026〕12号), one
 * row per person with the employer, the matter, the specialties and the 注册号.
 * The list runs over as many pages as it needs; each further page repeats the
 * table header and names the announcement (render-pdf.ts). Issued once per
 * announcement (dedupe key `announcement:{id}`), right after publishing and
 * otherwise when first asked for.
 */
import type { Document } from '../db/models/document.js';
import type { Models } from '../db/models/index.js';
import type { ApplicationModels } from '../applications/models.js';
import { matterName, professionName, specialtyName } from '../domain/labels.js';
import type { DocumentService } from './document-service.js';

export const announcementDedupeKey = (announcementId: number) => `announcement:${announcementId}`;

export async function announcementDocument(
  deps: { models: Models; own: Pick<ApplicationModels, 'Announcement'>; documents: DocumentService },
  announcementId: number,
): Promise<Document | null> {
  const { models, own, documents } = deps;
  const existing = await models.Document.findOne({ where: { dedupeKey: announcementDedupeKey(announcementId) } });
  if (existing) return existing;
  const announcement = await own.Announcement.findByPk(announcementId);
  if (!announcement) return null;
  const ids = announcement.items.map((i) => i.applicationId);
  const [applications, history] = await Promise.all([
    models.Application.findAll({ where: { id: ids }, attributes: ['id', 'matter'] }),
    models.RegistrationHistory.findAll({ where: { applicationId: ids }, attributes: ['applicationId', 'registrationId'] }),
  ]);
  const registrations = await models.Registration.findAll({ where: { id: history.map((h) => h.registrationId) }, attributes: ['id', 'registrationNumber'] });
  const numberOf = (applicationId: number) => {
    const regIds = history.filter((h) => h.applicationId === applicationId).map((h) => h.registrationId);
    return [...new Set(registrations.filter((r) => regIds.includes(r.id)).map((r) => r.registrationNumber).filter(Boolean))].join('、');
  };
  const items = announcement.items.map((item, index) => ({
    index: index + 1,
    name: item.applicantName,
    enterpriseName: item.employerName ?? '',
    matterName: matterName(applications.find((a) => a.id === item.applicationId)?.matter ?? ''),
    specialtyNames: item.specialties.map((s) => specialtyName(item.profession, s)).join('、'),
    registrationNumber: numberOf(item.applicationId),
    applicationNumber: item.number,
  }));
  return documents.issue({
    kind: 'announcement',
    number: announcement.number,
    dedupeKey: announcementDedupeKey(announcement.id),
    data: { professionName: professionName(announcement.profession), count: items.length, items },
    applicationId: null,
    personId: null,
  });
}
