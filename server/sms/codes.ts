/**
 * 短信验证码 (seed 003 §3.1.4: 点击【获取短信验证码】按钮，输入发送至手机的短信
 * 验证码): a six-digit code sent through the SMS port to the phone on file,
 * valid ten minutes on the service's clock, five wrong tries, used once.
 * Sending is throttled per phone (one a minute, five an hour) with
 * rate-limiter-flexible's counters in the database, so the limit holds across
 * app servers. Only a hash of the code is stored; the code itself exists only
 * in the message.
 */
import crypto from 'node:crypto';
import { DataTypes, Model, Op, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize, type Transaction } from 'sequelize';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Clock } from '../clock.js';
import { HttpError, TooManyRequests } from '../http/errors.js';
import { blockedFor, count, createRateLimiter } from '../security/rate-limits.js';
import type { SmsPort } from './port.js';

export const SMS_CODE_FIELD = '短信验证码';
export const SMS_CODE_VALID_MS = 10 * 60_000;
export const SMS_CODE_MAX_FAILURES = 5;
export const SMS_PER_MINUTE = 1;
export const SMS_PER_HOUR = 5;

export class SmsCode extends Model<InferAttributes<SmsCode>, InferCreationAttributes<SmsCode>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare phone: string;
  declare codeHash: string;
  declare salt: string;
  declare expiresAt: Date;
  declare failedAttempts: CreationOptional<number>;
  declare usedAt: Date | null;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    SmsCode.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        phone: { type: DataTypes.STRING(16), allowNull: false },
        codeHash: { type: DataTypes.STRING(64), allowNull: false },
        salt: { type: DataTypes.STRING(32), allowNull: false },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
        failedAttempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        usedAt: DataTypes.DATE,
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'sms_codes', updatedAt: false, createdAt: false },
    );
  }
}

/** 138****5678: how a page names the phone a code went to. */
export const maskPhone = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone);

const hashOf = (salt: string, code: string) => crypto.createHash('sha256').update(`${salt}:${code}`).digest('hex');

export interface SmsCodeDeps {
  sequelize: Sequelize;
  clock: Clock;
  sms: SmsPort;
  /** Six digits; tests may fix it. */
  generate?: () => string;
  /** Overrides of the sending limits (per phone). */
  limits?: { perMinute?: RateLimiterAbstract; perHour?: RateLimiterAbstract };
}

export class SmsCodes {
  private readonly perMinute: RateLimiterAbstract;
  private readonly perHour: RateLimiterAbstract;

  /** The port the codes go through (the development outbox lists what it sent). */
  get port(): SmsPort {
    return this.deps.sms;
  }

  constructor(private readonly deps: SmsCodeDeps) {
    SmsCode.initModel(deps.sequelize);
    this.perMinute = deps.limits?.perMinute ?? createRateLimiter(deps.sequelize, { keyPrefix: 'sms-minute', points: SMS_PER_MINUTE, duration: 60 });
    this.perHour = deps.limits?.perHour ?? createRateLimiter(deps.sequelize, { keyPrefix: 'sms-hour', points: SMS_PER_HOUR, duration: 3600 });
  }

  /** 获取短信验证码: throttled per phone, then issued. */
  async send(accountId: number, phone: string | null): Promise<{ phone: string; expiresAt: Date }> {
    const to = this.phoneOf(phone);
    const minute = await blockedFor(this.perMinute, to);
    if (minute > 0) {
      throw new TooManyRequests(`${SMS_CODE_FIELD}：发送过于频繁，请${Math.ceil(minute / 1000)}秒后再获取`, Math.ceil(minute / 1000), SMS_CODE_FIELD);
    }
    const hour = await blockedFor(this.perHour, to);
    if (hour > 0) {
      throw new TooManyRequests(`${SMS_CODE_FIELD}：该手机号一小时内最多获取${SMS_PER_HOUR}次验证码，请${Math.ceil(hour / 60_000)}分钟后再试`, Math.ceil(hour / 1000), SMS_CODE_FIELD);
    }
    await count(this.perMinute, to);
    await count(this.perHour, to);
    return this.issue(accountId, to);
  }

  /** A new code for the account's phone, sent through the port (no throttling: send() is the door for requests). */
  async issue(accountId: number, phone: string): Promise<{ phone: string; expiresAt: Date }> {
    const code = this.deps.generate?.() ?? String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = crypto.randomBytes(8).toString('hex');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + SMS_CODE_VALID_MS);
    await SmsCode.create({ accountId, phone, codeHash: hashOf(salt, code), salt, expiresAt, usedAt: null, createdAt: now });
    await this.deps.sms.send({
      phone,
      purpose: 'verification-code',
      text: `【注册通】您的短信验证码为${code}，10分钟内有效。请勿将验证码告诉他人。`,
    });
    return { phone, expiresAt };
  }

  /**
   * Checks the code the form carries against the newest unused code sent to
   * the phone for the account; a wrong code counts a failure. Refusals are
   * 422 naming 短信验证码. Returns the code's row for `use`.
   */
  async check(accountId: number, phone: string | null, code: unknown): Promise<SmsCode> {
    const to = this.phoneOf(phone);
    const typed = typeof code === 'string' ? code.trim() : '';
    if (!/^\d{6}$/.test(typed)) throw new HttpError(422, `${SMS_CODE_FIELD}：请输入发送至手机${maskPhone(to)}的6位短信验证码`, SMS_CODE_FIELD);
    const now = this.deps.clock.now();
    const latest = await SmsCode.findOne({
      where: { accountId, phone: to, usedAt: { [Op.is]: null } },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
    });
    if (!latest) throw new HttpError(422, `${SMS_CODE_FIELD}：请先点击“获取短信验证码”，验证码将发送至手机${maskPhone(to)}`, SMS_CODE_FIELD);
    if (latest.expiresAt.getTime() <= now.getTime()) throw new HttpError(422, `${SMS_CODE_FIELD}：验证码已过期（10分钟内有效），请重新获取`, SMS_CODE_FIELD);
    if (latest.failedAttempts >= SMS_CODE_MAX_FAILURES) throw new HttpError(422, `${SMS_CODE_FIELD}：错误次数过多，该验证码已失效，请重新获取`, SMS_CODE_FIELD);
    if (hashOf(latest.salt, typed) !== latest.codeHash) {
      await SmsCode.update({ failedAttempts: latest.failedAttempts + 1 }, { where: { id: latest.id } });
      throw new HttpError(422, `${SMS_CODE_FIELD}：验证码不正确，请核对发送至手机${maskPhone(to)}的短信`, SMS_CODE_FIELD);
    }
    return latest;
  }

  /** Marks a checked code used, in the transaction that acted on it: it opens nothing a second time. */
  async use(code: SmsCode, transaction?: Transaction): Promise<void> {
    await SmsCode.update({ usedAt: this.deps.clock.now() }, { where: { id: code.id }, transaction });
  }

  private phoneOf(phone: string | null): string {
    const to = (phone ?? '').trim();
    if (!/^1\d{10}$/.test(to)) {
      throw new HttpError(422, `手机号码：个人信息中没有有效的手机号码，无法发送短信验证码，请先在“个人信息”中填写手机号码`, '手机号码');
    }
    return to;
  }
}
