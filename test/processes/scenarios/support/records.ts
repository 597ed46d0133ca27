/**
 * What a case left in the database, read the way the pages show it: the
 * progress timeline (审核进度) as "step | status" lines in order, the
 * documents, the messages (我的消息) of the applicant and the employer, and
 * the assertions every scenario makes on them.
 */
import assert from 'node:assert/strict';
import { Op } from 'sequelize';
import type { Message } from '../../../../server/db/models/message.js';
import { HttpError } from '../../../../server/http/errors.js';
import type { World } from './world.js';

const STATUS_TITLE = /申报状态变更为：(.+)$/;

export class Records {
  constructor(private readonly world: World) {}

  /** 审核进度: "step | status" in the order it happened; "-" where the step changed no status. */
  async timeline(applicationId: number): Promise<string[]> {
    const events = await this.world.models.ApplicationEvent.findAll({ where: { applicationId }, order: [['id', 'ASC']] });
    return events.map((e) => `${e.step} | ${e.status ?? '-'}`);
  }

  /** The opinion the timeline shows at the first entry of this step. */
  async opinion(applicationId: number, step: string): Promise<string | null> {
    const event = await this.world.models.ApplicationEvent.findOne({ where: { applicationId, step }, order: [['id', 'ASC']] });
    assert.ok(event, `case ${applicationId} has a timeline entry ${step}`);
    return event.opinion;
  }

  /** Who the timeline names for the first entry of this step. */
  async actor(applicationId: number, step: string): Promise<string | null> {
    const event = await this.world.models.ApplicationEvent.findOne({ where: { applicationId, step }, order: [['id', 'ASC']] });
    assert.ok(event, `case ${applicationId} has a timeline entry ${step}`);
    return event.actorName;
  }

  /** The kinds of the documents issued for the case, in order (受理通知书, 注册证书 …). */
  async documents(applicationId: number): Promise<string[]> {
    const documents = await this.world.models.Document.findAll({ where: { applicationId }, order: [['id', 'ASC']] });
    return documents.map((d) => d.kind);
  }

  async messages(applicationId: number, recipient: { kind: Message['recipientKind']; id: number }): Promise<Message[]> {
    return this.world.models.Message.findAll({
      where: { applicationId, recipientKind: recipient.kind, recipientId: recipient.id },
      order: [['id', 'ASC']],
    });
  }

  /** The statuses a recipient was told of, in order. */
  async statusesTold(applicationId: number, recipient: { kind: Message['recipientKind']; id: number }): Promise<string[]> {
    const messages = await this.messages(applicationId, recipient);
    return messages.map((m) => STATUS_TITLE.exec(m.title)?.[1]).filter((s): s is string => Boolean(s));
  }

  // --- assertions every scenario makes --------------------------------------------

  async assertTimeline(applicationId: number, expected: string[]): Promise<void> {
    assert.deepEqual(await this.timeline(applicationId), expected, `审核进度 of case ${applicationId}`);
  }

  /** Rule 18: the applicant was told of every status the case took, in order. */
  async assertApplicantToldEveryStatus(applicationId: number): Promise<void> {
    const application = (await this.world.models.Application.findByPk(applicationId))!;
    const statuses = (await this.world.models.ApplicationEvent.findAll({ where: { applicationId, status: { [Op.ne]: null } }, order: [['id', 'ASC']] })).map((e) => e.status);
    assert.deepEqual(await this.statusesTold(applicationId, { kind: 'person', id: application.personId! }), statuses, `我的消息 of the applicant of case ${applicationId}`);
  }

  /** Rule 18: the employer was told of these statuses, in this order (among others). */
  async assertEmployerTold(applicationId: number, statuses: string[]): Promise<void> {
    const application = (await this.world.models.Application.findByPk(applicationId))!;
    const told = await this.statusesTold(applicationId, { kind: 'enterprise', id: application.enterpriseId! });
    const missing = statuses.filter((s) => !told.includes(s));
    assert.deepEqual(missing, [], `我的消息 of the employer of case ${applicationId} (told: ${told.join('、')})`);
    assert.deepEqual(
      told.filter((s) => statuses.includes(s)),
      statuses.filter((s) => told.includes(s)),
      'in order',
    );
  }

  async assertDocuments(applicationId: number, expected: string[]): Promise<void> {
    assert.deepEqual(await this.documents(applicationId), expected, `documents of case ${applicationId}`);
  }
}

/** A request the service must refuse with this status and a message matching `message`. */
export async function assertRefused(request: Promise<unknown>, status: number, message: RegExp | string): Promise<void> {
  await assert.rejects(request, (err: unknown) => {
    assert.ok(err instanceof HttpError, `expected a refusal, got ${String(err)}`);
    assert.equal(err.status, status, err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}
