/**
 * 文书核验, public: /verify is a form to type the code printed under a
 * document's QR code; /verify/:code shows what the register says of it now
 * (server/documents/verification.ts), the holder masked.
 */
import { Router } from 'express';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { DocumentVerification, normaliseCode, VERIFICATION_CODE } from '../documents/verification.js';
import type { ViewRenderer } from '../http/views.js';

const CODE_RULE = '验证码：须为20位字母或数字（0–9、A–F），请对照文书底部的验证码重新输入';

export function verifyPages(views: ViewRenderer, models: Models, clock: Clock): Router {
  const router = Router();
  const verification = new DocumentVerification({ models, clock });

  router.get('/verify', (req, res) => {
    const typed = typeof req.query.code === 'string' ? normaliseCode(req.query.code) : '';
    if (typed && VERIFICATION_CODE.test(typed)) {
      res.redirect(303, `/verify/${typed}`);
      return;
    }
    res.status(typed ? 422 : 200).send(
      views.render(req, 'verify', { title: '文书核验', account: req.account, typed, fieldError: typed ? CODE_RULE : null }),
    );
  });

  router.get('/verify/:code', async (req, res) => {
    const code = normaliseCode(req.params.code);
    const valid = VERIFICATION_CODE.test(code);
    const result = valid ? await verification.verify(code) : null;
    res.status(result ? 200 : valid ? 404 : 422).send(
      views.render(req, 'verify', {
        title: '文书核验',
        account: req.account,
        typed: code,
        result,
        notFound: valid && !result,
        fieldError: valid ? null : CODE_RULE,
        stateClass: result?.certificate ? STATE_CLASSES[result.certificate.state] : null,
      }),
    );
  });
  return router;
}

/** The design system's tag colours: valid green, replaced yellow, cancelled red, expired grey. */
const STATE_CLASSES: Record<string, string> = { 有效: 'tag-green', 已被新证书替代: 'tag-yellow', 已注销: 'tag-red', 已过期: 'tag-grey' };
