/**
 * Exactly-once filing. Every filing carries the key of the form opening it
 * came from — the commitment reading of the start page, or the key the
 * employer's and the ministry's batch pages were rendered with — and the key
 * is claimed in the `filing_keys` table, unique per scope, account and key.
 * Starting a case claims it in the same transaction that creates the case,
 * so of two identical submissions racing each other one creates the case and
 * the other finds it; a batch claims it before its work and records its
 * results, which a repeated submission gets back.
 */
import crypto from 'node:crypto';
import { DataTypes, Model, UniqueConstraintError, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize, type Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import { conflict } from './refusal.js';

export type FilingScope = 'start' | 'employer-decide' | 'announcement';

export class FilingKey extends Model<InferAttributes<FilingKey>, InferCreationAttributes<FilingKey>> {
  declare id: CreationOptional<number>;
  declare scope: FilingScope;
  declare key: string;
  declare accountId: number;
  declare result: unknown;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    FilingKey.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        scope: { type: DataTypes.STRING(32), allowNull: false },
        key: { type: DataTypes.STRING(64), allowNull: false },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        result: DataTypes.JSON,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'filing_keys' },
    );
  }
}

/** Thrown inside a transaction whose key another request holds: the transaction rolls back and the caller returns the first result. */
export class AlreadyFiled extends Error {
  constructor(readonly scope: FilingScope, readonly key: string) {
    super(`filing key ${scope}:${key} already claimed`);
  }
}

/** A key a page may carry: what crypto.randomUUID() makes. */
const KEY_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export function filingKeyOf(value: unknown): string | null {
  return typeof value === 'string' && KEY_PATTERN.test(value) ? value : null;
}

/** JSON with object keys in order, so the same answers give the same text whatever order the page sent them in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A start form's key: its opening and the answers submitted. The same answers
 * again are the same filing; different answers on one opening are not
 * (the letter's rule 2 then asks for a new reading, as before).
 */
export function startFilingKey(openingId: number, formData: Record<string, unknown>): string {
  return `${openingId}:${crypto.createHash('sha256').update(canonical(formData)).digest('hex').slice(0, 40)}`;
}

export class FilingKeys {
  constructor(private readonly deps: { sequelize: Sequelize; clock: Clock }) {
    FilingKey.initModel(deps.sequelize);
  }

  /** Claims the key inside the caller's transaction, with the result it will stand for; AlreadyFiled when another request holds it. */
  async claim(scope: FilingScope, accountId: number, key: string, result: unknown, transaction?: Transaction): Promise<void> {
    const now = this.deps.clock.now();
    try {
      await FilingKey.create({ scope, key, accountId, result: result ?? null, createdAt: now, updatedAt: now }, { transaction });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new AlreadyFiled(scope, key);
      throw err;
    }
  }

  find(scope: FilingScope, accountId: number, key: string): Promise<FilingKey | null> {
    return FilingKey.findOne({ where: { scope, accountId, key } });
  }

  async record(scope: FilingScope, accountId: number, key: string, result: unknown): Promise<void> {
    await FilingKey.update({ result, updatedAt: this.deps.clock.now() }, { where: { scope, accountId, key } });
  }

  /** Gives the key up when what it was claimed for did not happen, so the same page may try again. */
  async release(scope: FilingScope, accountId: number, key: string, transaction?: Transaction): Promise<void> {
    await FilingKey.destroy({ where: { scope, accountId, key }, transaction });
  }

  /**
   * Runs a batch once per key: the first request claims the key, does the
   * work and records its result; a repeated one gets that result back, or a
   * refusal while the first is still at work. A batch that fails gives the
   * key back.
   */
  async once<T>(scope: FilingScope, accountId: number, key: string, work: () => Promise<T>): Promise<{ result: T; repeated: boolean }> {
    try {
      await this.claim(scope, accountId, key, null);
    } catch (err) {
      if (!(err instanceof AlreadyFiled)) throw err;
      const first = await this.find(scope, accountId, key);
      if (first?.result === null || first?.result === undefined) throw conflict('该批次已提交，正在办理中，请勿重复提交；稍后刷新页面查看结果');
      return { result: first.result as T, repeated: true };
    }
    try {
      const result = await work();
      await this.record(scope, accountId, key, result);
      return { result, repeated: false };
    } catch (err) {
      await this.release(scope, accountId, key);
      throw err;
    }
  }
}
