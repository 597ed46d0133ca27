/**
 * 个人 (applicant) workbench, one page per screen of SPEC §2: 我的首页,
 * 个人信息 (editable fields, photo and signature, the certificate preview),
 * 注册信息, 申报事项, 当前申报, 历史申报, 我的消息, 我的申辩, 信息更正,
 * 办事指南, 在线客服; the 短信验证码 request; and, in development only, the
 * SMS outbox where a demo user reads the code.
 */
import { Router, type Request } from 'express';
import multer from 'multer';
import { Op, type InferAttributes } from 'sequelize';
import type { Registration } from '../db/models/registration.js';
import type { ApplicationService } from '../applications/application-service.js';
import { PersonEmployer } from '../applications/models.js';
import { isInFlight } from '../applications/statuses.js';
import { DEGREES, EDITABLE_FIELDS, EDUCATION_LEVELS, ProfileRefused, ProfileService } from '../applicant/profile-service.js';
import { certificatePreviewSvg } from '../applicant/certificate-preview.js';
import { guides } from '../applicant/guide.js';
import { requireRole } from '../auth/session.js';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { caseTitle, professionName, specialtyName } from '../domain/labels.js';
import { PROFESSIONS } from '../domain/professions.js';
import { HttpError, notFound } from '../http/errors.js';
import { flash } from '../http/flash.js';
import type { ViewRenderer } from '../http/views.js';
import { OutboxSms } from '../sms/outbox.js';
import { maskPhone } from '../sms/codes.js';
import { chinaDate } from '../validation/fields.js';
import { applicantMatters } from './matters.js';

export interface ApplicantPortalDeps {
  clock: Clock;
  /** The running system; without it (pages only) 短信验证码 is not offered. */
  applications?: ApplicationService;
  /** Serve /dev/sms-outbox (DEV_SMS_OUTBOX, development and demo only). */
  devSmsOutbox?: boolean;
}

const withTitle = (a: { get(o: { plain: true }): object; profession: string; matter: string }) => ({
  ...a.get({ plain: true }),
  title: caseTitle(a.profession, a.matter),
});

/** A select's options: the list, the value on file first when an older list gave it, the chosen one selected. */
const choices = (options: readonly string[], onFile: string | null, chosen: unknown) =>
  [...(onFile && !options.includes(onFile) ? [onFile] : []), ...options].map((value) => ({ value, selected: value === chosen }));

/** Rule 17: registrations that expire within 6 months are named on the home page. */
const EXPIRY_WARNING_DAYS = 183;

export function applicantPortal(views: ViewRenderer, m: Models, deps: ApplicantPortalDeps): Router {
  const router = Router();
  const profiles = new ProfileService({ models: m, sequelize: m.Person.sequelize!, clock: deps.clock });
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024 + 1, files: 1, fields: 5 } });
  router.use('/applicant', requireRole('applicant'));

  const personOf = async (req: Request) => {
    const person = await m.Person.findByPk(req.account!.personId!);
    if (!person) throw notFound('申请人');
    return person;
  };
  const page = (req: Request, name: string, title: string, context: Record<string, unknown>) =>
    views.render(req, name, { title, account: req.account, ...context });
  const registrationsOf = async (personId: number) =>
    (
      await m.Registration.findAll({
        where: { personId },
        include: [{ model: m.Enterprise, as: 'enterprise' }],
        order: [['validTo', 'DESC']],
      })
    ).map((r) => ({
      ...(r.get({ plain: true }) as InferAttributes<Registration> & { enterprise?: { name: string } }),
      professionName: professionName(r.profession),
      specialtyName: specialtyName(r.profession, r.specialty),
    }));
  const applicationsOf = (personId: number) => m.Application.findAll({ where: { personId }, order: [['updatedAt', 'DESC']], limit: 100 });
  const unreadOf = (personId: number) => m.Message.count({ where: { recipientKind: 'person', recipientId: personId, readAt: { [Op.is]: null } } });

  // 我的首页: what needs attention, at a glance.
  router.get('/applicant', async (req, res) => {
    const person = await personOf(req);
    const today = chinaDate(deps.clock.now());
    const soon = chinaDate(new Date(deps.clock.now().getTime() + EXPIRY_WARNING_DAYS * 86_400_000));
    const [registrations, applications, unread, openAppeals] = await Promise.all([
      registrationsOf(person.id),
      applicationsOf(person.id),
      unreadOf(person.id),
      m.Appeal.count({ where: { personId: person.id, status: '待申辩' } }),
    ]);
    const current = applications.filter((a) => isInFlight(a)).map(withTitle);
    res.send(
      page(req, 'applicant', '我的首页', {
        person,
        current,
        expiring: registrations.filter((r) => r.status === '已注册' && r.validTo && r.validTo >= today && r.validTo <= soon),
        registered: registrations.filter((r) => r.status === '已注册').length,
        unread,
        openAppeals,
        missingPortrait: !person.photoAttachmentId || !person.signatureAttachmentId,
      }),
    );
  });

  // 个人信息
  router.get('/applicant/profile', async (req, res) => {
    const person = await personOf(req);
    const saved = await PersonEmployer.findOne({ where: { personId: person.id } });
    const employer = saved ? await m.Enterprise.findByPk(saved.enterpriseId) : null;
    const professions = (await applicantMatters(m, person.id)).map((p) => ({ code: p.profession, name: p.name }));
    res.send(
      page(req, 'applicant-profile', '个人信息', {
        person,
        employer,
        educationLevels: choices(EDUCATION_LEVELS, person.education, person.education),
        degrees: choices(DEGREES, person.degree, person.degree),
        professions,
        fieldLabels: EDITABLE_FIELDS.map((f) => f.label).join('、'),
      }),
    );
  });

  router.post('/applicant/profile', async (req, res) => {
    try {
      const changed = await profiles.update(req.account!, (req.body ?? {}) as Record<string, unknown>);
      flash(req, changed.length ? `已保存：${changed.join('、')}` : '未修改任何信息');
      res.redirect(303, '/applicant/profile');
    } catch (err) {
      if (!(err instanceof ProfileRefused)) throw err;
      // The form again, with what was typed and each message at its field.
      const person = await personOf(req);
      const typed = { ...person.get({ plain: true }), ...(req.body as Record<string, unknown>) };
      const errors = Object.fromEntries(err.errors.map((e) => [e.field, e.message]));
      res.status(422).send(
        page(req, 'applicant-profile', '个人信息', {
          person: typed,
          errors,
          errorList: err.errors.map((e) => ({ field: e.field, message: e.message, anchor: EDITABLE_FIELDS.find((f) => f.label === e.field)?.key })),
          educationLevels: choices(EDUCATION_LEVELS, person.education, typed.education),
          degrees: choices(DEGREES, person.degree, typed.degree),
          professions: (await applicantMatters(m, person.id)).map((p) => ({ code: p.profession, name: p.name })),
          fieldLabels: EDITABLE_FIELDS.map((f) => f.label).join('、'),
        }),
      );
    }
  });

  // 上传照片 / 上传签名 (multipart from client/profile-portrait.ts, CSRF in the header).
  for (const kind of ['photo', 'signature'] as const) {
    router.post(`/applicant/profile/${kind}`, (req, res, next) => {
      upload.single('file')(req, res, (err: unknown) => next(err ? new HttpError(413, '文件不能超过5MB', '附件') : undefined));
    });
    router.post(`/applicant/profile/${kind}`, async (req, res) => {
    const file = (req as unknown as { file?: { originalname: string; buffer: Buffer } }).file;
    if (!file) throw new HttpError(422, `${kind === 'photo' ? '一寸免冠照片' : '手写签名'}：请选择要上传的文件`, kind === 'photo' ? '一寸免冠照片' : '手写签名');
    const { warnings } = await profiles.putOnFile(req.account!, kind, file);
    flash(req, [`${kind === 'photo' ? '照片' : '签名'}已上传`, ...warnings].join('；'));
    res.json({ redirect: '/applicant/profile' });
    });

    // The person's own photo and signature, for the previews.
    router.get(`/applicant/profile/${kind}.img`, async (req, res) => {
    const person = await personOf(req);
    const id = kind === 'photo' ? person.photoAttachmentId : person.signatureAttachmentId;
    const attachment = id ? await m.Attachment.findByPk(id) : null;
    const content = attachment ? await m.AttachmentContent.findByPk(attachment.sha256) : null;
    if (!attachment || !content) throw notFound('图片');
    res.type(attachment.mimeType).setHeader('cache-control', 'private, no-cache');
    res.send(content.content);
    });
  }

  // 证书预览 (样本): what the certificate will show, never a document.
  router.get('/applicant/profile/certificate-preview.svg', async (req, res) => {
    const person = await personOf(req);
    const profession = typeof req.query.profession === 'string' ? req.query.profession : undefined;
    const load = async (id: number | null) => {
      const a = id ? await m.Attachment.findByPk(id) : null;
      const c = a ? await m.AttachmentContent.findByPk(a.sha256) : null;
      return a && c ? { mimeType: a.mimeType, bytes: c.content } : null;
    };
    const registrations = await registrationsOf(person.id);
    const saved = await PersonEmployer.findOne({ where: { personId: person.id } });
    const savedEmployer = saved ? await m.Enterprise.findByPk(saved.enterpriseId) : null;
    const registration = registrations.find((r) => r.status === '已注册' && (!profession || r.profession === profession));
    const firstHeld = (await applicantMatters(m, person.id))[0]?.profession;
    const held = PROFESSIONS.find((p) => p.code === (profession ?? registration?.profession ?? firstHeld));
    res.type('image/svg+xml').setHeader('cache-control', 'private, no-cache');
    res.send(
      certificatePreviewSvg({
        professionName: held?.name ?? '注册证书',
        person: { name: person.name, sex: person.sex, birthDate: person.birthDate, idNumber: person.idNumber },
        enterpriseName: registration?.enterprise?.name ?? savedEmployer?.name ?? '（聘用单位）',
        registrationNumber: registration?.registrationNumber ?? '（审批通过后生成）',
        specialties: registrations.filter((r) => r.status === '已注册' && r.profession === held?.code).map((r) => r.specialtyName).join('、') || '（申报的注册专业）',
        validTo: registration?.validTo ?? '',
        photo: await load(person.photoAttachmentId),
        signature: await load(person.signatureAttachmentId),
      }),
    );
  });

  router.get('/applicant/registrations', async (req, res) => {
    const person = await personOf(req);
    res.send(page(req, 'applicant-registrations', '注册信息', { registrations: await registrationsOf(person.id) }));
  });

  router.get('/applicant/matters', async (req, res) => {
    const person = await personOf(req);
    const saved = await PersonEmployer.findOne({ where: { personId: person.id } });
    res.send(page(req, 'applicant-matters', '申报事项', { matters: await applicantMatters(m, person.id), employerSaved: Boolean(saved) }));
  });

  router.get('/applicant/current', async (req, res) => {
    const person = await personOf(req);
    const applications = await applicationsOf(person.id);
    res.send(page(req, 'applicant-cases', '当前申报', { cases: applications.filter((a) => isInFlight(a)).map(withTitle), empty: '暂无当前申报', current: true }));
  });

  router.get('/applicant/history', async (req, res) => {
    const person = await personOf(req);
    const applications = await applicationsOf(person.id);
    res.send(page(req, 'applicant-cases', '历史申报', { cases: applications.filter((a) => !isInFlight(a)).map(withTitle), empty: '暂无历史申报' }));
  });

  router.get('/applicant/messages', async (req, res) => {
    const person = await personOf(req);
    const where = { recipientKind: 'person', recipientId: person.id };
    const [messages, unread] = await Promise.all([m.Message.findAll({ where, order: [['createdAt', 'DESC']], limit: 50 }), unreadOf(person.id)]);
    // Shown now, so read: the badge counts what arrived since the last visit.
    await m.Message.update({ readAt: deps.clock.now() }, { where: { ...where, readAt: { [Op.is]: null } } });
    res.send(page(req, 'applicant-messages', '我的消息', { messages, unread }));
  });

  router.get('/applicant/appeals', async (req, res) => {
    const person = await personOf(req);
    res.send(
      page(req, 'applicant-appeals', '我的申辩', {
        appealsTitle: '我的申辩',
        appeals: await m.Appeal.findAll({ where: { personId: person.id }, order: [['createdAt', 'DESC']], limit: 50 }),
        openAppeals: await m.Appeal.count({ where: { personId: person.id, status: '待申辩' } }),
      }),
    );
  });

  // 信息更正: what changes directly, and the reviewed matters.
  router.get('/applicant/correction', async (req, res) => {
    const person = await personOf(req);
    const professions = await applicantMatters(m, person.id);
    res.send(
      page(req, 'applicant-correction', '信息更正', {
        person,
        fieldLabels: EDITABLE_FIELDS.map((f) => f.label).join('、'),
        professions: professions.map((p) => ({ code: p.profession, name: p.name })),
      }),
    );
  });

  router.get('/applicant/guide', async (req, res) => {
    const person = await personOf(req);
    const held = (await applicantMatters(m, person.id)).map((p) => p.profession);
    res.send(page(req, 'applicant-guide', '办事指南', { guides: guides(held), held }));
  });

  router.get('/applicant/help', async (req, res) => {
    const person = await personOf(req);
    const held = (await applicantMatters(m, person.id)).map((p) => p.profession);
    res.send(page(req, 'applicant-help', '在线客服', { guides: guides(held) }));
  });

  // 获取短信验证码: sent to the phone in 个人信息.
  router.post('/sms/code', requireRole('applicant'), async (req, res) => {
    const codes = deps.applications?.smsCodes;
    if (!codes) throw new HttpError(503, '短信服务暂不可用，请稍后再试');
    const person = await personOf(req);
    const { phone } = await codes.send(req.account!.id, person.mobile);
    res.json({ message: `验证码已发送至手机${maskPhone(phone)}，10分钟内有效`, devOutbox: deps.devSmsOutbox ? '/dev/sms-outbox' : undefined });
  });

  // Development only (DEV_SMS_OUTBOX): the messages the outbox adapter "sent", so a demo user can read the code.
  if (deps.devSmsOutbox) {
    router.get('/dev/sms-outbox', requireRole('applicant', 'employer', 'admin'), async (req, res) => {
      const port = deps.applications?.smsCodes?.port;
      const outbox = port instanceof OutboxSms ? port : null;
      // An applicant reads the messages to the phone in 个人信息; staff see every message.
      const phone = req.account!.role === 'applicant' ? ((await personOf(req)).mobile ?? '-') : undefined;
      const messages = outbox ? await outbox.latest(50, phone) : [];
      res.send(
        views.render(req, 'dev-sms-outbox', {
          title: '短信发件箱（开发环境）',
          account: req.account,
          messages: messages.map((s) => ({ phone: maskPhone(s.phone), text: s.text, createdAt: s.createdAt })),
        }),
      );
    });
  }

  return router;
}
