/**
 * 申报编号 and 公告 numbers, drawn inside the transaction that writes the row.
 *
 * 申报编号: one letter for the profession (A 建筑师, E 勘察设计工程师, C 建造师,
 * S 监理工程师, Q 企业事项), the China date of filing, a five-digit sequence per
 * letter and day: E20260302-00017. The sequence continues from the highest
 * number of the day; the unique index on applications.number turns a race
 * between two writers into a retry (see withUniqueRetry).
 *
 * 公告: 建市注〔2026〕12号, numbered per year.
 */
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Models } from '../db/models/index.js';
import { chinaDate } from '../validation/fields.js';
import type { ApplicationModels } from './models.js';

const PROFESSION_LETTERS: Record<string, string> = { architect: 'A', engineer: 'E', constructor: 'C', supervisor: 'S' };
const EMPLOYER_LETTER = 'Q';
const SEQUENCE_DIGITS = 5;

export async function nextApplicationNumber(models: Models, profession: string, now: Date, transaction: Transaction): Promise<string> {
  const prefix = `${PROFESSION_LETTERS[profession] ?? EMPLOYER_LETTER}${chinaDate(now).replace(/-/g, '')}-`;
  const last = await models.Application.findOne({
    where: { number: { [Op.like]: `${prefix}%` } },
    order: [['number', 'DESC']],
    attributes: ['number'],
    transaction,
  });
  const sequence = last ? Number(last.number.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

export async function nextAnnouncementNumber(
  models: ApplicationModels,
  now: Date,
  transaction: Transaction,
): Promise<{ number: string; year: number; sequence: number }> {
  const year = Number(chinaDate(now).slice(0, 4));
  const highest = await models.Announcement.max('sequence', { where: { year }, transaction });
  const sequence = (Number(highest) || 0) + 1;
  return { number: `建市注〔${year}〕${sequence}号`, year, sequence };
}

/** Runs a numbering write again when a concurrent writer took the same number. */
export async function withUniqueRetry<T>(write: () => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || attempt >= attempts) throw err;
      // Several app servers numbering at once would collide again in lockstep: wait a growing, random moment.
      await new Promise((r) => setTimeout(r, Math.random() * 25 * attempt));
    }
  }
}
