/**
 * Generic field rules the form components share: required text, length,
 * dates and choices. Each returns the normalised value or a FieldError whose
 * message names the field and the rule.
 */
import { FieldError, type Validated } from './field-error.js';

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) of an instant in China, where the authority and its deadlines live. */
export function chinaDate(instant: Date): string {
  return shanghaiDate.format(instant);
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Trimmed text; refuses empty values. Numbers are accepted as their decimal text. */
export function required(value: unknown, field: string): Validated<string> {
  if (value === null || value === undefined) return new FieldError(field, `${field}不能为空`);
  if (typeof value !== 'string' && typeof value !== 'number') return new FieldError(field, `${field}应为文本`);
  const text = String(value).trim();
  if (text === '') return new FieldError(field, `${field}不能为空`);
  return text;
}

/** Counts characters, not UTF-16 units, so a rare hanzi outside the BMP counts once. */
export function maxLength(value: string, max: number, field: string): Validated<string> {
  if ([...value].length > max) return new FieldError(field, `${field}不能超过${max}个字符`);
  return value;
}

export function requiredText(value: unknown, field: string, max: number): Validated<string> {
  const text = required(value, field);
  return text instanceof FieldError ? text : maxLength(text, max, field);
}

/** Empty input is null; anything else must fit max characters. */
export function optionalText(value: unknown, field: string, max: number): Validated<string | null> {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  return requiredText(value, field, max);
}

export interface DateBounds {
  /** YYYY-MM-DD, inclusive. */
  notBefore?: string;
  /** YYYY-MM-DD, inclusive. */
  notAfter?: string;
}

/**
 * A calendar date as YYYY-MM-DD. Also accepts YYYY/M/D, the way the mini-program
 * shows dates (seed 004: 1997/10/6).
 */
export function validateDate(value: unknown, field: string, bounds: DateBounds = {}): Validated<string> {
  const text = required(value, field);
  if (text instanceof FieldError) return text;
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  if (!match) return new FieldError(field, `${field}格式应为YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isCalendarDate(year, month, day)) return new FieldError(field, `${field}不是有效日期`);
  const date = `${match[1]}-${pad2(month)}-${pad2(day)}`;
  if (bounds.notBefore && date < bounds.notBefore) return new FieldError(field, `${field}不能早于${bounds.notBefore}`);
  if (bounds.notAfter && date > bounds.notAfter) return new FieldError(field, `${field}不能晚于${bounds.notAfter}`);
  return date;
}

/** A month as YYYY-MM (毕业时间, 任职时间 in seed 000). Bounds compare against YYYY-MM. */
export function validateMonth(value: unknown, field: string, bounds: { notBefore?: string; notAfter?: string } = {}): Validated<string> {
  const text = required(value, field);
  if (text instanceof FieldError) return text;
  const match = /^(\d{4})[-/](\d{1,2})$/.exec(text);
  if (!match) return new FieldError(field, `${field}格式应为YYYY-MM`);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return new FieldError(field, `${field}不是有效月份`);
  const normalised = `${match[1]}-${pad2(month)}`;
  if (bounds.notBefore && normalised < bounds.notBefore) return new FieldError(field, `${field}不能早于${bounds.notBefore}`);
  if (bounds.notAfter && normalised > bounds.notAfter) return new FieldError(field, `${field}不能晚于${bounds.notAfter}`);
  return normalised;
}

/** End not before start (聘用开始时间 / 聘用结束时间, 劳动合同开始 / 结束日期); the refusal sits on the end field. */
export function validateDateOrder(start: string, end: string, startField: string, endField: string): FieldError | null {
  return end < start ? new FieldError(endField, `${endField}不能早于${startField}`) : null;
}

/** One of the offered options (a select or radio group). */
export function oneOf<T extends string>(value: unknown, options: readonly T[], field: string): Validated<T> {
  const text = required(value, field);
  if (text instanceof FieldError) return text;
  const option = options.find((o) => o === text);
  return option ?? new FieldError(field, `${field}不在可选范围内`);
}
