/**
 * Guessing passwords is slowed per account and per address: after
 * `loginMaxFailures` failed logins of one username within 15 minutes (five
 * times as many from one address, which may be an office behind one NAT),
 * login is refused until the window has passed, even with the right
 * password. A successful login clears the account's count. Counters live in
 * the database (security/rate-limits.ts).
 */
import type { Sequelize } from 'sequelize';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequests } from '../http/errors.js';
import { blockedFor, count, createRateLimiter, minutesOf } from '../security/rate-limits.js';

const WINDOW_SECONDS = 15 * 60;
const ADDRESS_FACTOR = 5;

export class LoginThrottle {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(sequelize: Sequelize, maxFailures: number) {
    this.perAccount = createRateLimiter(sequelize, { keyPrefix: 'login-account', points: maxFailures, duration: WINDOW_SECONDS });
    this.perAddress = createRateLimiter(sequelize, { keyPrefix: 'login-address', points: maxFailures * ADDRESS_FACTOR, duration: WINDOW_SECONDS });
  }

  /** Refuses (429) before the password is even looked at while either count is used up. */
  async check(username: string, address: string): Promise<void> {
    const wait = Math.max(await blockedFor(this.perAccount, accountKey(username)), await blockedFor(this.perAddress, address));
    if (wait > 0) {
      throw new TooManyRequests(`登录失败次数过多，已暂停登录，请${minutesOf(wait)}分钟后再试`, Math.ceil(wait / 1000), '密码');
    }
  }

  async failed(username: string, address: string): Promise<void> {
    await Promise.all([count(this.perAccount, accountKey(username)), count(this.perAddress, address)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.perAccount.delete(accountKey(username));
  }
}

/** Usernames are matched as typed, but counted case-insensitively so case games do not reset the count. */
const accountKey = (username: string) => username.toLowerCase();
