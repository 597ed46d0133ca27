/** 手机号: 11 digits, a mainland mobile number (1, then 3–9). */
import { FieldError, type Validated } from './field-error.js';

export function validateMobile(value: unknown, options: { field?: string } = {}): Validated<string> {
  const field = options.field ?? '手机号';
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return new FieldError(field, `${field}不能为空`);
  }
  const mobile = String(value).trim();
  if (!/^\d{11}$/.test(mobile)) return new FieldError(field, `${field}应为11位数字`);
  if (!/^1[3-9]/.test(mobile)) return new FieldError(field, `${field}应以1开头，第二位为3至9`);
  return mobile;
}
