/**
 * Each form component type builds its own server-side check, so the rules a
 * form shows in the browser are the rules the server enforces. A validator
 * gets the submitted value and returns the normalised value or a FieldError
 * naming the field by its label.
 */
import { FieldError, type Validated } from '../validation/field-error.js';
import { validateCreditCode } from '../validation/credit-code.js';
import { validateIdNumber } from '../validation/id-number.js';
import { validateMobile } from '../validation/mobile.js';
import type { FormComponent } from './schema.js';

export type ComponentValidator = (value: unknown) => Validated<unknown>;

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const labelOf = (c: FormComponent) => (c.label || c.key || '字段').replace(/[：:*\s]+$/, '');

/** Our own rules, named by a component's `properties.validationRule`. */
const NAMED_RULES: Record<string, (value: unknown, field: string) => Validated<unknown>> = {
  idNumber: (v, field) => {
    const r = validateIdNumber(v, { field });
    return r instanceof FieldError ? r : String(v).toUpperCase();
  },
  creditCode: (v, field) => {
    const r = validateCreditCode(v, { field });
    return r instanceof FieldError ? r : String(v).toUpperCase();
  },
  mobile: (v, field) => validateMobile(v, { field }),
};

function text(c: FormComponent): ComponentValidator {
  const field = labelOf(c);
  const v = c.validate ?? {};
  return (value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return new FieldError(field, `${field}格式不正确`);
    const s = String(value).trim();
    if (v.minLength !== undefined && [...s].length < v.minLength) return new FieldError(field, `${field}至少${v.minLength}个字符`);
    if (v.maxLength !== undefined && [...s].length > v.maxLength) return new FieldError(field, `${field}不能超过${v.maxLength}个字符`);
    if (v.pattern && !new RegExp(`^(?:${v.pattern})$`, 'u').test(s)) return new FieldError(field, `${field}格式不正确`);
    if (v.validationType === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return new FieldError(field, `${field}不是有效的电子邮箱`);
    if (v.validationType === 'phone') return validateMobile(s, { field });
    const rule = c.properties?.validationRule;
    if (rule && NAMED_RULES[rule]) return NAMED_RULES[rule](s, field);
    return s;
  };
}

function number(c: FormComponent): ComponentValidator {
  const field = labelOf(c);
  const v = c.validate ?? {};
  return (value) => {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) return new FieldError(field, `${field}应为数字`);
    if (v.min !== undefined && n < v.min) return new FieldError(field, `${field}不能小于${v.min}`);
    if (v.max !== undefined && n > v.max) return new FieldError(field, `${field}不能大于${v.max}`);
    return n;
  };
}

function choice(c: FormComponent): ComponentValidator {
  const field = labelOf(c);
  const allowed = c.values?.map((o) => o.value);
  return (value) => {
    if (allowed && !allowed.some((a) => String(a) === String(value))) return new FieldError(field, `${field}的取值不在可选范围内`);
    return allowed?.find((a) => String(a) === String(value)) ?? value;
  };
}

function multiChoice(c: FormComponent): ComponentValidator {
  const field = labelOf(c);
  const one = choice(c);
  return (value) => {
    if (!Array.isArray(value)) return new FieldError(field, `${field}格式不正确`);
    const out: unknown[] = [];
    for (const item of value) {
      const r = one(item);
      if (r instanceof FieldError) return r;
      out.push(r);
    }
    if (new Set(out.map(String)).size !== out.length) return new FieldError(field, `${field}不能重复选择`);
    return out;
  };
}

function checkbox(c: FormComponent): ComponentValidator {
  const field = labelOf(c);
  return (value) => {
    if (value === true || value === 'true' || value === 'on') return true;
    if (value === false || value === 'false') return false;
    return new FieldError(field, `${field}格式不正确`);
  };
}

function datetime(c: FormComponent): ComponentValidator {
  const field = labelOf(c);
  const pattern = c.subtype === 'time' ? /^\d{2}:\d{2}$/ : c.subtype === 'datetime' ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/ : /^\d{4}-\d{2}-\d{2}$/;
  return (value) => {
    const s = String(value);
    if (!pattern.test(s) || (c.subtype !== 'time' && Number.isNaN(Date.parse(s.slice(0, 10))))) {
      return new FieldError(field, `${field}不是有效的日期`);
    }
    return s;
  };
}

const BUILDERS: Record<string, (c: FormComponent) => ComponentValidator> = {
  textfield: text,
  textarea: text,
  number,
  radio: choice,
  select: choice,
  checklist: multiChoice,
  taglist: multiChoice,
  checkbox,
  datetime,
};

/** Types that carry no submitted value of their own. */
export const DISPLAY_ONLY = new Set(['text', 'html', 'image', 'separator', 'spacer', 'button', 'iframe', 'table', 'documentPreview']);

/** The check for one component, with `required` applied first; undefined for display-only components. */
export function validatorFor(c: FormComponent): ComponentValidator | undefined {
  if (!c.key || DISPLAY_ONLY.has(c.type)) return undefined;
  const build = BUILDERS[c.type];
  const field = labelOf(c);
  const check = build ? build(c) : (v: unknown) => v;
  const required = Boolean(c.validate?.required);
  return (value) => {
    if (isEmpty(value) || (c.type === 'checkbox' && required && value !== true && value !== 'true' && value !== 'on')) {
      return required ? new FieldError(field, c.type === 'checkbox' ? `请勾选${field}` : `${field}不能为空`) : value === undefined ? undefined : null;
    }
    return check(value);
  };
}
