import assert from 'node:assert/strict';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ApplicationService, type ApplicationServiceDeps } from '../../../server/applications/application-service.js';
import { HttpError } from '../../../server/http/errors.js';
import { SmsCode, SmsCodes, SMS_CODE_VALID_MS } from '../../../server/sms/codes.js';
import { OutboxSms } from '../../../server/sms/outbox.js';
import { CONSTRUCTOR_PROFILE, fixture, type Fixture } from '../applications/fixture.js';
import { jpeg, png } from '../validation/images.js';

const refusedWith = (status: number, field: string, message: RegExp) => (err: unknown) =>
  err instanceof HttpError && err.status === status && err.field === field && message.test(err.message);

describe('短信验证码 through the SMS port (seed 003 §3.1.4)', () => {
  let f: Fixture;
  let outbox: OutboxSms;
  let codes: SmsCodes;
  let nextCode: string;

  beforeEach(async () => {
    f = await fixture();
    outbox = new OutboxSms({ sequelize: f.sequelize, clock: f.clock });
    nextCode = '246810';
    codes = new SmsCodes({ sequelize: f.sequelize, clock: f.clock, sms: outbox, generate: () => nextCode });
  });
  afterEach(() => f.close());

  describe('sending', () => {
    it('sends a six-digit code to the phone through the port; only a hash is kept', async () => {
      // given
      const lina = await f.account('lina');
      const person = await f.personOf('lina');
      // when
      const sent = await codes.send(lina.id, person.mobile);
      // then
      const [message] = await outbox.latest(5, person.mobile!);
      assert.equal(message.text, '【注册通】您的短信验证码为246810，10分钟内有效。请勿将验证码告诉他人。');
      assert.equal(sent.expiresAt.getTime(), f.clock.now().getTime() + SMS_CODE_VALID_MS);
      const [row] = await SmsCode.findAll({ where: { accountId: lina.id } });
      assert.ok(!JSON.stringify(row.get({ plain: true })).includes('246810'), 'the code itself is not stored');
    });

    it('sends at most one code a minute to a phone', async () => {
      const lina = await f.account('lina');
      await codes.send(lina.id, '13800000001');
      await assert.rejects(codes.send(lina.id, '13800000001'), refusedWith(429, '短信验证码', /发送过于频繁，请\d+秒后再获取/));
      await codes.send(lina.id, '13800000002');
      assert.equal((await outbox.latest(10)).length, 2, 'the refused request sent nothing');
    });

    it('sends at most five codes an hour to a phone', async () => {
      // given: no per-minute limit, so only the hourly one counts
      const hourly = new SmsCodes({ sequelize: f.sequelize, clock: f.clock, sms: outbox, limits: { perMinute: new RateLimiterMemory({ points: 100, duration: 60 }) } });
      const lina = await f.account('lina');
      for (let i = 0; i < 5; i++) await hourly.send(lina.id, '13900000001');
      // when / then
      await assert.rejects(hourly.send(lina.id, '13900000001'), refusedWith(429, '短信验证码', /一小时内最多获取5次/));
      assert.equal((await outbox.latest(10, '13900000001')).length, 5);
    });

    it('refuses to send without a valid phone on file', async () => {
      const lina = await f.account('lina');
      await assert.rejects(codes.send(lina.id, null), refusedWith(422, '手机号码', /个人信息中没有有效的手机号码/));
      await assert.rejects(codes.send(lina.id, '2380000000'), refusedWith(422, '手机号码', /手机号码/));
      assert.equal((await outbox.latest(10)).length, 0);
    });
  });

  describe('checking', () => {
    it('accepts the newest code once, refuses a wrong one, an expired one and one after five wrong tries', async () => {
      const lina = await f.account('lina');
      const phone = '13800000009';
      await codes.issue(lina.id, phone);
      await assert.rejects(codes.check(lina.id, phone, '000000'), refusedWith(422, '短信验证码', /验证码不正确/));
      const row = await codes.check(lina.id, phone, '246810');
      await codes.use(row);
      await assert.rejects(codes.check(lina.id, phone, '246810'), refusedWith(422, '短信验证码', /请先点击“获取短信验证码”/));

      await codes.issue(lina.id, phone);
      f.clock.advance(SMS_CODE_VALID_MS);
      await assert.rejects(codes.check(lina.id, phone, '246810'), refusedWith(422, '短信验证码', /已过期/));

      await codes.issue(lina.id, phone);
      for (let i = 0; i < 5; i++) await assert.rejects(codes.check(lina.id, phone, '111111'));
      await assert.rejects(codes.check(lina.id, phone, '246810'), refusedWith(422, '短信验证码', /错误次数过多/));
    });

    it('does not take another account\'s code', async () => {
      const lina = await f.account('lina');
      const zhangwei = await f.account('zhangwei');
      await codes.issue(zhangwei.id, '13800000010');
      await assert.rejects(codes.check(lina.id, '13800000010', '246810'), refusedWith(422, '短信验证码', /请先点击/));
    });
  });

  describe('on submission', () => {
    async function linaRenewal() {
      const service = new ApplicationService({ ...(f.service as unknown as { deps: ApplicationServiceDeps }).deps, smsCodes: codes });
      const lina = await f.account('lina');
      await f.readLetter(lina, { profession: 'constructor', matter: 'renewal' });
      const formData = {
        ...CONSTRUCTOR_PROFILE,
        specialties: ['building'],
        photo: await f.upload(lina, 'photo.jpg', jpeg(295, 413)),
        signature: await f.upload(lina, 'signature.png', png(405, 162)),
      };
      return { service, lina, formData, person: await f.personOf('lina') };
    }

    it('refuses a 一级建造师 filing without the code sent to the phone on file, and creates nothing', async () => {
      // given
      const { service, lina, formData } = await linaRenewal();
      const before = await f.snapshot();
      // when / then: the form's pattern is met, but no code was sent
      await assert.rejects(
        service.start(lina, { profession: 'constructor', matter: 'renewal', formData: { ...formData, smsCode: '123456' } }),
        refusedWith(422, '短信验证码', /请先点击“获取短信验证码”/),
      );
      assert.deepEqual(await f.snapshot(), before);
    });

    it('files with the right code, uses it up, and keeps it out of the case data', async () => {
      // given
      const { service, lina, formData, person } = await linaRenewal();
      await codes.send(lina.id, person.mobile);
      // when
      const { application } = await service.start(lina, { profession: 'constructor', matter: 'renewal', formData: { ...formData, smsCode: nextCode } });
      // then
      assert.equal(application.status, '个人已上报');
      assert.equal(application.data?.smsCode, undefined);
      const [row] = await SmsCode.findAll({ where: { accountId: lina.id } });
      assert.ok(row.usedAt, 'the code is used');
    });

    it('a wrong code is a field error and counts a failed try', async () => {
      const { service, lina, formData, person } = await linaRenewal();
      await codes.send(lina.id, person.mobile);
      await assert.rejects(
        service.start(lina, { profession: 'constructor', matter: 'renewal', formData: { ...formData, smsCode: '999999' } }),
        refusedWith(422, '短信验证码', /验证码不正确/),
      );
      const [row] = await SmsCode.findAll({ where: { accountId: lina.id } });
      assert.equal(row.failedAttempts, 1);
      assert.equal(await f.models.Application.count({ where: { personId: person.id, matter: 'renewal' } }), 0);
    });
  });
});
