/**
 * 个人信息: the fields a person changes directly (rule 15, seed 002 信息修改:
 * 民族, 毕业院校, 所学专业, 学历, 学位, 毕业时间; and the phone the SMS codes go
 * to), each checked on the server and every change audited with its before
 * and after. Name and ID change only through 信息更正 with evidence. The photo
 * and signature go on file here when there are none yet (rule 5: each
 * application needs them); replacing ones on file is the 修改免冠照及手写签名
 * matter, which the authority reviews.
 */
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Account } from '../db/models/account.js';
import type { Models } from '../db/models/index.js';
import type { Person } from '../db/models/person.js';
import { HttpError } from '../http/errors.js';
import { storeUpload } from '../uploads/store-upload.js';
import { FieldError } from '../validation/field-error.js';
import { chinaDate, optionalText, validateDate } from '../validation/fields.js';
import { validateMobile } from '../validation/mobile.js';

export const EDUCATION_LEVELS = ['博士研究生', '硕士研究生', '大学本科', '大学专科', '中等专科', '其他'] as const;
export const DEGREES = ['博士', '硕士', '学士', '无'] as const;

/** The directly editable fields, in the page's order, with their labels. */
export const EDITABLE_FIELDS = [
  { key: 'ethnicity', label: '民族' },
  { key: 'school', label: '毕业院校' },
  { key: 'major', label: '所学专业' },
  { key: 'education', label: '学历' },
  { key: 'degree', label: '学位' },
  { key: 'graduationDate', label: '毕业时间' },
  { key: 'mobile', label: '手机号码' },
] as const;

type EditableKey = (typeof EDITABLE_FIELDS)[number]['key'];
export type ProfileInput = Partial<Record<EditableKey, unknown>>;

/** 422 with every field's message; the page shows each at its field. */
export class ProfileRefused extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super(422, errors.map((e) => e.message).join('；'), errors[0]?.field);
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

export class ProfileService {
  constructor(private readonly deps: { models: Models; sequelize: Sequelize; clock: Clock }) {}

  /** Checks every field, then writes the changed ones and one audit record; returns the labels of what changed. */
  async update(actor: Account, input: ProfileInput): Promise<string[]> {
    const person = await this.personOf(actor);
    const today = chinaDate(this.deps.clock.now());
    const errors: FieldError[] = [];
    const values: Partial<Record<EditableKey, string | null>> = {};
    const take = <T>(key: EditableKey, result: T | FieldError) => {
      if (result instanceof FieldError) errors.push(result);
      else values[key] = (result as unknown as string | null) ?? null;
    };
    take('ethnicity', this.ethnicity(input.ethnicity));
    take('school', optionalText(text(input.school), '毕业院校', 60));
    take('major', optionalText(text(input.major), '所学专业', 60));
    // A value on file from an older list (本科, 大专) stays choosable until the person picks one of today's.
    take('education', this.oneOfOrEmpty(input.education, EDUCATION_LEVELS, '学历', person.education));
    take('degree', this.oneOfOrEmpty(input.degree, DEGREES, '学位', person.degree));
    const graduation = text(input.graduationDate);
    take(
      'graduationDate',
      graduation ? validateDate(graduation, '毕业时间', { notAfter: today, ...(person.birthDate ? { notBefore: person.birthDate } : {}) }) : null,
    );
    take('mobile', validateMobile(text(input.mobile), { field: '手机号码' }));
    if (errors.length > 0) throw new ProfileRefused(errors);

    const changed = EDITABLE_FIELDS.filter((f) => (values[f.key] ?? null) !== ((person[f.key] as string | null) ?? null));
    if (changed.length === 0) return [];
    const before = Object.fromEntries(changed.map((f) => [f.key, person[f.key] ?? null]));
    const after = Object.fromEntries(changed.map((f) => [f.key, values[f.key] ?? null]));
    const now = this.deps.clock.now();
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.models.Person.update({ ...after, updatedAt: now }, { where: { id: person.id }, transaction });
      await this.audit(actor, person, 'profile-update', { before, after }, now, transaction);
    });
    return changed.map((f) => f.label);
  }

  /**
   * 上传照片 / 上传签名 when none is on file: judged as a start form judges
   * it (jpg/png from the bytes, ≤ 500 KB; a size off the recommendation
   * warns). With one on file, the change is the reviewed matter.
   */
  async putOnFile(actor: Account, kind: 'photo' | 'signature', file: { originalname: string; buffer: Buffer }): Promise<{ warnings: string[] }> {
    const person = await this.personOf(actor);
    const label = kind === 'photo' ? '一寸免冠照片' : '手写签名';
    const onFile = kind === 'photo' ? person.photoAttachmentId : person.signatureAttachmentId;
    if (onFile) {
      throw new HttpError(409, `${label}：已有${label}存档，更换须申报“修改免冠照及手写签名”，经审核通过后生效（规则15）`, label);
    }
    const { attachment, warnings } = await storeUpload({ models: this.deps.models, sequelize: this.deps.sequelize }, actor, file, kind, label);
    const now = this.deps.clock.now();
    const field = kind === 'photo' ? 'photoAttachmentId' : 'signatureAttachmentId';
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.models.Attachment.update({ personId: person.id }, { where: { id: attachment.id }, transaction });
      await this.deps.models.Person.update({ [field]: attachment.id, updatedAt: now }, { where: { id: person.id }, transaction });
      await this.audit(actor, person, 'profile-update', { before: { [field]: null }, after: { [field]: attachment.id } }, now, transaction);
    });
    return { warnings };
  }

  private async personOf(actor: Account): Promise<Person> {
    const person = actor.role === 'applicant' && actor.personId ? await this.deps.models.Person.findByPk(actor.personId) : null;
    if (!person) throw new HttpError(403, '当前账号未绑定申请人，不能修改个人信息');
    return person;
  }

  private ethnicity(value: unknown): string | null | FieldError {
    const v = text(value);
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') return new FieldError('民族', '民族应为文本');
    if (!/^[\u4e00-\u9fa5]{1,10}族?$/.test(v)) return new FieldError('民族', '民族：请填写民族名称，如“汉族”');
    return v.endsWith('族') || v === '其他' ? v : `${v}族`;
  }

  private oneOfOrEmpty(value: unknown, options: readonly string[], field: string, onFile: string | null): string | null | FieldError {
    const v = text(value);
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' || (!options.includes(v) && v !== onFile)) return new FieldError(field, `${field}：请从“${options.join('、')}”中选择`);
    return v;
  }

  private async audit(actor: Account, person: Person, action: string, detail: Record<string, unknown>, at: Date, transaction: import('sequelize').Transaction) {
    await this.deps.models.AuditEntry.create(
      {
        at,
        actorAccountId: actor.id,
        actorName: actor.displayName,
        action,
        entityType: 'person',
        entityId: String(person.id),
        detail,
        dedupeKey: null,
      },
      { transaction },
    );
  }
}
