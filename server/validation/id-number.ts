/**
 * 身份证号 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
 * sequence whose parity gives the sex, and an ISO 7064 MOD 11-2 check character.
 */
import { ID_NUMBER_PROVINCE_CODES } from '../domain/regions.js';
import { FieldError, type Validated } from './field-error.js';
import { chinaDate, isCalendarDate } from './fields.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

export type Sex = '男' | '女';

export interface IdNumberInfo {
  /** Upper-case, trimmed. */
  idNumber: string;
  regionCode: string;
  provinceCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
}

export interface IdNumberOptions {
  /** The label of the form field: 身份证号 (default), 身份证件号, 证件号码. */
  field?: string;
  /** The date birth dates may not pass: YYYY-MM-DD or an instant (taken in China). Default: now. */
  today?: string | Date;
}

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function validateIdNumber(value: unknown, options: IdNumberOptions = {}): Validated<IdNumberInfo> {
  const field = options.field ?? '身份证号';
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return new FieldError(field, `${field}不能为空`);
  }
  if (typeof value !== 'string') return new FieldError(field, `${field}应为文本`);
  const idNumber = value.trim().toUpperCase();
  if (idNumber.length !== 18) return new FieldError(field, `${field}应为18位`);
  if (!/^\d{17}[\dX]$/.test(idNumber)) return new FieldError(field, `${field}前17位应为数字，最后一位应为数字或X`);

  const provinceCode = idNumber.slice(0, 2);
  if (!ID_NUMBER_PROVINCE_CODES.has(provinceCode)) return new FieldError(field, `${field}地区码无效`);

  const [year, month, day] = [Number(idNumber.slice(6, 10)), Number(idNumber.slice(10, 12)), Number(idNumber.slice(12, 14))];
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isCalendarDate(year, month, day) || birthDate < EARLIEST_BIRTH_DATE) {
    return new FieldError(field, `${field}出生日期无效`);
  }
  const today = typeof options.today === 'string' ? options.today : chinaDate(options.today ?? new Date());
  if (birthDate > today) return new FieldError(field, `${field}出生日期不能晚于今天`);

  if (idNumberCheckChar(idNumber) !== idNumber[17]) return new FieldError(field, `${field}校验位错误`);

  return {
    idNumber,
    regionCode: idNumber.slice(0, 6),
    provinceCode,
    birthDate,
    sex: Number(idNumber[16]) % 2 === 1 ? '男' : '女',
  };
}
