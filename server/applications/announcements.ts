/**
 * 公告: the ministry publishes a batch of approved registrations of one
 * profession. The announcement is numbered (建市注〔2026〕12号), recorded with
 * its list and an audit record, and each listed case waiting at
 * Catch_AnnouncementPublished gets `announcement-published` (correlation key
 * its applicationId). A case is eligible once it is 审批通过 and its
 * registration is written (zhuce.write-registration leaves a history row; a
 * 预注册 case waits for its employer's 补正资质 before that). The batch is
 * all or nothing: one case that may not be listed refuses the whole batch.
 *
 * The messages are published after the announcement is committed, with a
 * time to live of a day and messageId `announcement-published:{id}`, so a
 * delivery that failed can be sent again (`resend`) without a second effect.
 */
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Application } from '../db/models/application.js';
import type { Models } from '../db/models/index.js';
import { professionName } from '../domain/labels.js';
import { formatChinaDateTime } from '../domain/working-days.js';
import type { EnginePort } from '../engine/port.js';
import { announcementDocument } from '../documents/announcement-document.js';
import type { DocumentService } from '../documents/document-service.js';
import type { ServiceActor } from './actor.js';
import { AlreadyFiled, type FilingKeys } from './filing-keys.js';
import type { AnnouncedCase, Announcement, ApplicationModels } from './models.js';
import { nextAnnouncementNumber, withUniqueRetry } from './numbering.js';
import { conflict, invalid, notYours, unknown } from './refusal.js';
import { STATUS } from './statuses.js';

export const ANNOUNCEMENT_MESSAGE = 'announcement-published';
const MESSAGE_TTL_MS = 24 * 60 * 60 * 1000;
/** Matters whose process waits for an announcement (the registration matters). */
export const ANNOUNCED_MATTERS = ['initial', 'change', 'renewal', 'add-specialty', 're-register'];

export interface PublishedAnnouncement {
  announcement: Announcement;
  /** Cases whose message the engine did not take; send again with resend. */
  undelivered: number[];
  /** The page's batch was published before: this is that announcement, and nothing was published now. */
  repeated?: boolean;
}

export class Announcements {
  constructor(
    private readonly deps: {
      models: Models;
      own: ApplicationModels;
      sequelize: Sequelize;
      clock: Clock;
      engine: EnginePort;
      filingKeys: FilingKeys;
      /** Renders the 公告 PDF right after publishing; without it the PDF is made when first downloaded. */
      documents?: DocumentService;
      log?: (message: string) => void;
    },
  ) {}

  /** `filingKey`: the key the page was rendered with; the same key publishes once. */
  async publish(actor: ServiceActor, applicationIds: number[], filingKey?: string | null): Promise<PublishedAnnouncement> {
    this.mustBeMinistry(actor);
    if (filingKey) {
      const first = await this.deps.filingKeys.find('announcement', actor.id, filingKey);
      if (first) return this.publishedBefore(first.result);
    }
    const ids = [...new Set(applicationIds.map(Number))].filter((id) => Number.isInteger(id) && id > 0);
    if (ids.length === 0) throw invalid('请先勾选要公告的申报');
    const cases = await this.eligibleCases(actor, ids);

    const now = this.deps.clock.now();
    const items = await this.itemsOf(cases);
    let announcement: Announcement;
    try {
      announcement = await withUniqueRetry(() =>
        this.deps.sequelize.transaction(async (transaction) => {
          const { number, year, sequence } = await nextAnnouncementNumber(this.deps.own, now, transaction);
          const created = await this.deps.own.Announcement.create(
            { number, year, sequence, profession: cases[0].profession, publishedAt: now, publishedBy: actor.id, items, createdAt: now, updatedAt: now },
            { transaction },
          );
          // Before the items: a repeat of this page's batch stops here, not at the one-announcement-per-case index.
          if (filingKey) await this.deps.filingKeys.claim('announcement', actor.id, filingKey, { announcementId: created.id }, transaction);
          await this.deps.own.AnnouncementItem.bulkCreate(
            cases.map((c) => ({ announcementId: created.id, applicationId: c.id, createdAt: now })),
            { transaction },
          );
          await this.deps.models.AuditEntry.create(
            {
              at: now,
              actorAccountId: actor.id,
              actorName: actor.displayName,
              action: 'announcement-published',
              entityType: 'announcement',
              entityId: String(created.id),
              detail: { number, profession: created.profession, applicationIds: cases.map((c) => c.id) },
              dedupeKey: `announcement:${number}`,
            },
            { transaction },
          );
          return created;
        }),
      );
    } catch (err) {
      if (err instanceof AlreadyFiled) return this.publishedBefore((await this.deps.filingKeys.find('announcement', actor.id, err.key))?.result);
      // Another announcement listed one of these cases meanwhile (one announcement per case).
      if (err instanceof UniqueConstraintError) throw conflict('所选申报中有已由其他公告发布的，请刷新页面后重新勾选');
      throw err;
    }
    // The 公告 PDF; a failure here leaves it to the first download (portals/announcement-documents.ts), never the publication.
    if (this.deps.documents) {
      await announcementDocument({ models: this.deps.models, own: this.deps.own, documents: this.deps.documents }, announcement.id).catch((err: unknown) =>
        this.deps.log?.(`announcement ${announcement.number}: PDF not rendered now (${String(err)})`),
      );
    }
    return { announcement, undelivered: await this.deliver(announcement) };
  }

  private async publishedBefore(result: unknown): Promise<PublishedAnnouncement> {
    const id = (result as { announcementId?: number } | null)?.announcementId;
    const announcement = id ? await this.deps.own.Announcement.findByPk(id) : null;
    if (!announcement) throw conflict('该批公告已提交，请刷新页面查看');
    return { announcement, undelivered: [], repeated: true };
  }

  /** Sends the announcement's messages again; cases that got theirs are not affected twice (messageId). */
  async resend(actor: ServiceActor, announcementId: number): Promise<PublishedAnnouncement> {
    this.mustBeMinistry(actor);
    const announcement = await this.deps.own.Announcement.findByPk(announcementId);
    if (!announcement) throw unknown('公告不存在');
    return { announcement, undelivered: await this.deliver(announcement) };
  }

  private mustBeMinistry(actor: ServiceActor): void {
    if (actor.role !== 'ministry_reviewer') throw notYours('只有部级审查人员可以发布公告');
  }

  private async eligibleCases(actor: ServiceActor, ids: number[]): Promise<Application[]> {
    const { models, own } = this.deps;
    const cases = await models.Application.findAll({ where: { id: { [Op.in]: ids } }, order: [['id', 'ASC']] });
    const missing = ids.filter((id) => !cases.some((c) => c.id === id));
    if (missing.length > 0) throw unknown(`申报不存在：${missing.join('、')}`);
    for (const c of cases) {
      if (actor.professions?.length && !actor.professions.includes(c.profession)) {
        throw notYours(`申报编号${c.number}：不在您的审查范围（${professionName(c.profession)}）内，不能公告`);
      }
    }
    if (new Set(cases.map((c) => c.profession)).size > 1) throw invalid('一次公告只能包含同一注册类别的申报，请按注册类别分别公告');
    const listed = await own.AnnouncementItem.findAll({ where: { applicationId: { [Op.in]: ids } } });
    for (const c of cases) {
      if (!ANNOUNCED_MATTERS.includes(c.matter)) throw conflict(`申报编号${c.number}：该事项审批通过后不需要公告`);
      if (c.status !== STATUS.approved) throw conflict(`申报编号${c.number}：当前状态为“${c.status}”，只有审批通过的申报可以公告`);
      const earlier = listed.find((l) => l.applicationId === c.id);
      if (earlier) {
        const announcement = await own.Announcement.findByPk(earlier.announcementId);
        throw conflict(`申报编号${c.number}：已列入公告${announcement?.number ?? ''}，不能重复公告`);
      }
      if ((await models.RegistrationHistory.count({ where: { applicationId: c.id } })) === 0) {
        throw conflict(`申报编号${c.number}：注册信息尚未写入（预注册的申报须待企业补正资质），暂不能公告`);
      }
    }
    return cases;
  }

  private async itemsOf(cases: Application[]): Promise<AnnouncedCase[]> {
    const { Person, Enterprise } = this.deps.models;
    return Promise.all(
      cases.map(async (c) => ({
        applicationId: c.id,
        number: c.number,
        applicantName: (c.personId ? (await Person.findByPk(c.personId))?.name : null) ?? '',
        profession: c.profession,
        specialties: c.specialties ?? [],
        employerName: c.enterpriseId ? ((await Enterprise.findByPk(c.enterpriseId))?.name ?? null) : null,
      })),
    );
  }

  private async deliver(announcement: Announcement): Promise<number[]> {
    const undelivered: number[] = [];
    for (const item of announcement.items) {
      try {
        await this.deps.engine.publishMessage({
          name: ANNOUNCEMENT_MESSAGE,
          correlationKey: String(item.applicationId),
          variables: {
            announcementId: String(announcement.id),
            announcementNo: announcement.number,
            announcedAt: formatChinaDateTime(announcement.publishedAt),
          },
          timeToLiveMs: MESSAGE_TTL_MS,
          messageId: `${ANNOUNCEMENT_MESSAGE}:${item.applicationId}`,
        });
      } catch {
        undelivered.push(item.applicationId);
      }
    }
    return undelivered;
  }
}
