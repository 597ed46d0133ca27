/**
 * 注册号 and 执业印章号 as the authority issues them, in the formats of the
 * synthetic registers (server/seed/synthetic.ts):
 *   监理工程师    province + 6 digits                     33000123
 *   一级建造师    abbreviation + 1 + province + year + 6   浙1332026000123
 *   建筑师/工程师 prefix + province + year + 5 digits      JG33202600012
 *   执业印章号    prefix + province + '-' + 7 digits       JG33-0000123
 * Each prefix has a counter in number_sequences, advanced inside the caller's
 * transaction: a rolled-back write gives its number back, a committed one is
 * never handed out again. A new counter starts past the numbers already on
 * registrations (the seeded registers), and a number some other writer took
 * is skipped.
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { ProfessionCode } from '../../server/domain/professions.js';
import { provinceByCode } from '../../server/domain/regions.js';
import { NUMBER_PREFIXES } from '../../server/seed/synthetic.js';
import type { WorkerDeps } from '../worker.js';

interface NumberFormat {
  kind: 'registration' | 'seal';
  prefix: string;
  digits: number;
}

/** 一级建造师 and 监理工程师 hold one 注册号 and one seal for all their specialties; the others one per specialty. */
export function numberedPerPerson(profession: string): boolean {
  return profession === 'constructor' || profession === 'supervisor';
}

function letters(profession: ProfessionCode, specialty: string): string {
  const prefix = profession === 'engineer' ? NUMBER_PREFIXES[specialty] : NUMBER_PREFIXES[profession];
  if (!prefix) throw new Error(`no number prefix for ${profession}/${specialty}`);
  return prefix;
}

export function registrationNumberFormat(profession: ProfessionCode, specialty: string, provinceCode: string, year: number): NumberFormat {
  if (profession === 'supervisor') return { kind: 'registration', prefix: provinceCode, digits: 6 };
  if (profession === 'constructor') {
    const province = provinceByCode(provinceCode);
    if (!province) throw new Error(`no province ${provinceCode} for a 注册号`);
    return { kind: 'registration', prefix: `${province.abbreviation}1${provinceCode}${year}`, digits: 6 };
  }
  return { kind: 'registration', prefix: `${letters(profession, specialty)}${provinceCode}${year}`, digits: 5 };
}

export function sealNumberFormat(profession: ProfessionCode, specialty: string, provinceCode: string): NumberFormat {
  return { kind: 'seal', prefix: `${letters(profession, specialty)}${provinceCode}-`, digits: 7 };
}

const COLUMN = { registration: 'registrationNumber', seal: 'sealNumber' } as const;

export async function takeNumber(deps: WorkerDeps, transaction: Transaction, format: NumberFormat): Promise<string> {
  const { sequelize, models } = deps;
  const column = COLUMN[format.kind];
  const scope = `${format.kind}:${format.prefix}`;
  const render = (n: number) => `${format.prefix}${String(n).padStart(format.digits, '0')}`;
  const taken = async (number: string) => (await models.Registration.count({ where: { [column]: number }, transaction })) > 0;

  const counter = await sequelize.query<{ issued: number }>('SELECT issued FROM number_sequences WHERE scope = :scope', {
    replacements: { scope },
    type: QueryTypes.SELECT,
    transaction,
  });
  if (!counter.length) {
    await sequelize.query('INSERT INTO number_sequences (scope, issued) VALUES (:scope, :issued) ON CONFLICT (scope) DO NOTHING', {
      replacements: { scope, issued: await highestIssued(deps, transaction, format) },
      transaction,
    });
  }
  for (;;) {
    // The UPDATE takes the row lock on PostgreSQL, so concurrent writers queue here.
    await sequelize.query('UPDATE number_sequences SET issued = issued + 1 WHERE scope = :scope', { replacements: { scope }, transaction });
    const [{ issued }] = await sequelize.query<{ issued: number }>('SELECT issued FROM number_sequences WHERE scope = :scope', {
      replacements: { scope },
      type: QueryTypes.SELECT,
      transaction,
    });
    const number = render(Number(issued));
    if (!(await taken(number))) return number;
  }
}

/** The highest sequence already on a registration under this prefix. */
async function highestIssued(deps: WorkerDeps, transaction: Transaction, format: NumberFormat): Promise<number> {
  const column = COLUMN[format.kind];
  const rows = await deps.models.Registration.findAll({
    attributes: [column],
    where: { [column]: { [Op.like]: `${format.prefix}%` } },
    transaction,
  });
  const shape = new RegExp(`^${format.prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(\\d{${format.digits}})$`);
  return rows.reduce((max, row) => {
    const match = shape.exec(String(row.get(column) ?? ''));
    return match ? Math.max(max, Number(match[1])) : max;
  }, 0);
}
