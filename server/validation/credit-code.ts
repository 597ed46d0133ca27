/**
 * 统一社会信用代码 (GB 32100-2015): registration authority (1), entity type (1),
 * region (6), organization code (9, GB 11714 with its own check), and a check
 * character over the first 17, all from a 31-character alphabet without I O S V Z.
 */
import { FieldError, type Validated } from './field-error.js';

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export interface CreditCodeInfo {
  /** Upper-case, trimmed. */
  creditCode: string;
  /** 登记管理部门代码: 9 = 市场监管 (工商). */
  registrationAuthority: string;
  /** 机构类别代码: under authority 9, 1 = 企业. */
  entityType: string;
  regionCode: string;
  organizationCode: string;
}

/** The GB 32100 check character for the first 17 characters (all from the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714 value of a character: digits as themselves, letters A=10 … Z=35. */
function organizationCharValue(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/** The GB 11714 check character for the 8-character body of an organization code. */
export function organizationCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += organizationCharValue(body8[i]) * ORGANIZATION_WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function isValidOrganizationCode(code: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/.test(code) && organizationCodeCheckChar(code) === code[8];
}

const ALLOWED = new RegExp(`^[${CREDIT_CODE_ALPHABET}]{18}$`);

/**
 * Checks length, alphabet and the GB 32100 check character: the standard makes
 * the last character the check of the whole code, so the embedded organization
 * code's own check is left to isValidOrganizationCode for callers that want it.
 */
export function validateCreditCode(value: unknown, options: { field?: string } = {}): Validated<CreditCodeInfo> {
  const field = options.field ?? '统一社会信用代码';
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return new FieldError(field, `${field}不能为空`);
  }
  if (typeof value !== 'string') return new FieldError(field, `${field}应为文本`);
  const creditCode = value.trim().toUpperCase();
  if (creditCode.length !== 18) return new FieldError(field, `${field}应为18位`);
  if (!ALLOWED.test(creditCode)) {
    return new FieldError(field, `${field}只能由数字和大写字母组成，且不含I、O、S、V、Z`);
  }
  if (creditCodeCheckChar(creditCode) !== creditCode[17]) return new FieldError(field, `${field}校验位错误`);
  return {
    creditCode,
    registrationAuthority: creditCode[0],
    entityType: creditCode[1],
    regionCode: creditCode.slice(2, 8),
    organizationCode: creditCode.slice(8, 17),
  };
}
