import assert from 'node:assert/strict';
import type { Application } from '../../../server/db/models/application.js';
import { assertRefusedUnchanged, fixture, type Fixture } from './fixture.js';

describe('announcements (公告)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(() => f.close());

  /** An approved case whose registration zhuce.write-registration has written: it waits for the announcement. */
  async function approved(username: string, employer: string, processId: string, specialty: string): Promise<Application> {
    const application = await f.caseAt(username, employer, '审批通过', processId, [specialty]);
    const [, , profession] = /^zhuce-(.+)-([a-z]+)$/.exec(processId)!;
    await f.registration(username, { profession, specialty, employer, daysLeft: 1095 });
    const registration = await f.models.Registration.findOne({ where: { personId: application.personId!, specialty } });
    await f.models.RegistrationHistory.create({ registrationId: registration!.id, applicationId: application.id, change: 'initial', before: null, after: {}, at: f.clock.now() });
    return application;
  }

  it('publishes one page’s batch once, however often it is submitted at once; the repeats get that announcement', async () => {
    // given
    const buji = await f.account('buji');
    const first = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
    // when
    const published = await Promise.all([1, 2, 3].map(() => f.service.publishAnnouncement(buji, [first.id], 'page-key-1')));
    // then
    assert.equal(new Set(published.map((p) => p.announcement.id)).size, 1);
    assert.equal(published.filter((p) => p.repeated).length, 2);
    assert.equal(await f.service.own.Announcement.count(), 1);
    assert.equal(f.engine.messages.length, 1);
  });

  it('refuses (409) the second of two batches listing the same case at once, instead of failing', async () => {
    // given
    const buji = await f.account('buji');
    const first = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
    // when
    const outcomes = await Promise.allSettled([f.service.publishAnnouncement(buji, [first.id], 'page-a'), f.service.publishAnnouncement(buji, [first.id], 'page-b')]);
    // then
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult | undefined;
    if (refused) assert.equal((refused.reason as { status: number }).status, 409);
    assert.equal(await f.service.own.Announcement.count(), 1);
  });

  it('numbers the announcement, lists the cases, and tells each process', async () => {
    // given
    const buji = await f.account('buji');
    const first = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
    const second = await approved('wangfang', 'qiye', 'zhuce-initial-engineer', 'geotechnical');
    // when
    const { announcement, undelivered } = await f.service.publishAnnouncement(buji, [first.id, second.id]);
    // then
    assert.equal(announcement.number, '建市注〔2026〕1号');
    assert.equal(announcement.profession, 'engineer');
    assert.deepEqual(
      announcement.items.map((i) => [i.number, i.applicantName, i.specialties, i.employerName]),
      [
        [first.number, '张伟', ['structural'], '浙江华建工程设计有限公司'],
        [second.number, '王芳', ['geotechnical'], '浙江华建工程设计有限公司'],
      ],
    );
    assert.deepEqual(undelivered, []);
    assert.deepEqual(f.engine.messages[0], {
      name: 'announcement-published',
      correlationKey: String(first.id),
      variables: { announcementId: String(announcement.id), announcementNo: '建市注〔2026〕1号', announcedAt: '2026-03-02T10:00:00+08:00' },
      timeToLiveMs: 86_400_000,
      messageId: `announcement-published:${first.id}`,
    });
    assert.equal(f.engine.messages.length, 2);
    assert.equal(await f.models.AuditEntry.count({ where: { action: 'announcement-published', entityId: String(announcement.id) } }), 1);
  });

  it('numbers the announcements of a year one after the other', async () => {
    const buji = await f.account('buji');
    await f.service.publishAnnouncement(buji, [(await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural')).id]);
    const { announcement } = await f.service.publishAnnouncement(buji, [(await approved('liuyang', 'qiye-jianli', 'zhuce-initial-supervisor', 'civil-building')).id]);
    assert.equal(announcement.number, '建市注〔2026〕2号');
  });

  it('keeps the messages the engine did not take, to send them again', async () => {
    // given
    const buji = await f.account('buji');
    const application = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
    f.engine.failNextPublish = true;
    // when
    const published = await f.service.publishAnnouncement(buji, [application.id]);
    const resent = await f.service.resendAnnouncement(buji, published.announcement.id);
    // then
    assert.deepEqual([published.undelivered, resent.undelivered], [[application.id], []]);
    assert.deepEqual(
      f.engine.messages.map((m) => m.messageId),
      [`announcement-published:${application.id}`],
    );
  });

  describe('refused as a whole, and nothing changes', () => {
    it('a case not approved yet', async () => {
      const buji = await f.account('buji');
      const ok = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
      const reviewing = await f.caseAt('wangfang', 'qiye', '审查中', 'zhuce-initial-engineer');
      await assertRefusedUnchanged(
        f,
        () => f.service.publishAnnouncement(buji, [ok.id, reviewing.id]),
        409,
        `申报编号${reviewing.number}：当前状态为“审查中”，只有审批通过的申报可以公告`,
      );
    });

    it('a case announced before', async () => {
      const buji = await f.account('buji');
      const application = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
      await f.service.publishAnnouncement(buji, [application.id]);
      await assertRefusedUnchanged(
        f,
        () => f.service.publishAnnouncement(buji, [application.id]),
        409,
        `申报编号${application.number}：已列入公告建市注〔2026〕1号，不能重复公告`,
      );
    });

    it('a case whose registration is not written yet (预注册 waits for 补正资质)', async () => {
      const buji = await f.account('buji');
      const waiting = await f.caseAt('zhangwei', 'qiye-xinzhu', '审批通过', 'zhuce-initial-engineer', ['structural']);
      await assertRefusedUnchanged(
        f,
        () => f.service.publishAnnouncement(buji, [waiting.id]),
        409,
        `申报编号${waiting.number}：注册信息尚未写入（预注册的申报须待企业补正资质），暂不能公告`,
      );
    });

    it('a matter that is not announced', async () => {
      const buji = await f.account('buji');
      const cancellation = await f.caseAt('zhangwei', 'qiye', '审批通过', 'zhuce-cancel-engineer');
      await assertRefusedUnchanged(f, () => f.service.publishAnnouncement(buji, [cancellation.id]), 409, `申报编号${cancellation.number}：该事项审批通过后不需要公告`);
    });

    it('cases of two professions', async () => {
      const buji = await f.account('buji');
      const engineer = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
      const supervisor = await approved('liuyang', 'qiye-jianli', 'zhuce-initial-supervisor', 'civil-building');
      await assertRefusedUnchanged(
        f,
        () => f.service.publishAnnouncement(buji, [engineer.id, supervisor.id]),
        422,
        '一次公告只能包含同一注册类别的申报，请按注册类别分别公告',
      );
    });

    it('anyone but a ministry reviewer', async () => {
      const shengji = await f.account('shengji');
      const application = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
      await assertRefusedUnchanged(f, () => f.service.publishAnnouncement(shengji, [application.id]), 403, '只有部级审查人员可以发布公告');
    });

    it('a case outside the reviewer’s professions', async () => {
      const buji = await f.account('buji');
      buji.professions = ['architect'];
      const application = await approved('zhangwei', 'qiye', 'zhuce-initial-engineer', 'structural');
      await assertRefusedUnchanged(
        f,
        () => f.service.publishAnnouncement(buji, [application.id]),
        403,
        `申报编号${application.number}：不在您的审查范围（勘察设计注册工程师）内，不能公告`,
      );
    });
  });
});
