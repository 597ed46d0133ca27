/**
 * 所在企业信息 (seed 000 §2.2): the employer a person saves in the profile and
 * that the architects' and engineers' forms show read-only; for 变更注册 the
 * applicant first changes it to the new employer (seed 000 §3.2.1). The
 * employer must be in the enterprise register, i.e. have its legal-person
 * account ("如果企业首次使用该系统，需要企业先…办理企业法人账号注册").
 */
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import type { Clock } from '../clock.js';
import { FieldError } from '../validation/field-error.js';
import { validateCreditCode } from '../validation/credit-code.js';
import { validateDate } from '../validation/fields.js';
import { validateMobile } from '../validation/mobile.js';
import type { ApplicationModels } from './models.js';
import { invalid } from './refusal.js';

export interface EmployerInput {
  creditCode: string;
  handlerMobile?: string | null;
  employedFrom?: string | null;
  employedUntil?: string | null;
}

export class Employment {
  constructor(private readonly deps: { models: Models; own: ApplicationModels; clock: Clock }) {}

  /** 保存企业关系: validates and stores the person's employer. */
  async save(personId: number, input: EmployerInput): Promise<Enterprise> {
    const code = validateCreditCode(input.creditCode, { field: '统一社会信用代码' });
    if (code instanceof FieldError) throw invalid(code.message, undefined, code.field);
    const enterprise = await this.deps.models.Enterprise.findOne({ where: { creditCode: code.creditCode } });
    if (!enterprise) throw invalid('统一社会信用代码：企业库中没有该企业，请企业先办理法人账号注册并完成实名认证', undefined, '统一社会信用代码');
    const mobile = input.handlerMobile ? validateMobile(input.handlerMobile, { field: '经办人手机号' }) : null;
    if (mobile instanceof FieldError) throw invalid(mobile.message, undefined, mobile.field);
    const from = input.employedFrom ? validateDate(input.employedFrom, '聘用开始时间') : null;
    if (from instanceof FieldError) throw invalid(from.message, undefined, from.field);
    const until = input.employedUntil ? validateDate(input.employedUntil, '聘用结束时间') : null;
    if (until instanceof FieldError) throw invalid(until.message, undefined, until.field);
    if (from && until && until < from) throw invalid('聘用结束时间不能早于聘用开始时间', undefined, '聘用结束时间');

    const now = this.deps.clock.now();
    const values = { enterpriseId: enterprise.id, handlerMobile: mobile, employedFrom: from, employedUntil: until, updatedAt: now };
    const existing = await this.deps.own.PersonEmployer.findOne({ where: { personId } });
    if (existing) await existing.update(values);
    else await this.deps.own.PersonEmployer.create({ personId, ...values, createdAt: now });
    return enterprise;
  }

  /** The employer saved in the profile, or null. */
  async current(personId: number): Promise<Enterprise | null> {
    const saved = await this.deps.own.PersonEmployer.findOne({ where: { personId } });
    return saved ? this.deps.models.Enterprise.findByPk(saved.enterpriseId) : null;
  }
}
