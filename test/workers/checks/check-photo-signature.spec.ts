import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { encodePng, portraitPng, signaturePng } from '../../../server/seed/portrait.js';
import { checkPhotoSignature } from '../../../workers/checks/check-photo-signature.js';
import { demoEmployer, fileCase, givePortrait, newPerson, storeFile } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-photo-signature', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const run = (applicationId: number, source: string) =>
    checkPhotoSignature.handle(job({ type: checkPhotoSignature.type, customHeaders: { source }, variables: { applicationId } }), h.deps);

  async function caseOf(name: string, matter = 'initial') {
    const person = await newPerson(h.models, name);
    const application = await fileCase(h.models, {
      person,
      employer: await demoEmployer(h.models, 'design'),
      profession: 'engineer',
      matter,
      data: matter === 'initial' ? { specialty: 'structural' } : {},
    });
    return { person, application };
  }

  /** A PNG of more than 500 KB: noise does not compress. */
  const noisePng = () => encodePng(500, 400, (x, y) => [(x * 7919 + y * 104729) % 251, (x * y * 31) % 253, (x * 13 + y * 17) % 255]);

  it('passes a photo and a signature on file in the profile, twice without writing', async () => {
    // given
    const { person, application } = await caseOf('孙丽');
    await givePortrait(h.models, person);
    const delivery = job({ type: checkPhotoSignature.type, customHeaders: { source: 'profile' }, variables: { applicationId: application.id } });
    // when
    const result = await checkPhotoSignature.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkPhotoSignature.handle(delivery, h.deps);
    // then
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses a case whose applicant has no photo or signature on file, naming what is missing', async () => {
    // given
    const { application } = await caseOf('钱进');
    const { person: half, application: halfCase } = await caseOf('郑华');
    const photo = await storeFile(h.models, { kind: 'photo', fileName: 'photo.png', bytes: portraitPng('郑华'), personId: half.id });
    await half.update({ photoAttachmentId: photo.id });
    // when / then
    assert.deepEqual(
      await run(application.id, 'profile'),
      refusal('PHOTO_SIGNATURE_MISSING', '个人信息中没有一寸照片和手写签名：每项申报均须有一寸照片和手写签名在档，请先在“个人信息”中上传'),
    );
    assert.deepEqual(
      await run(halfCase.id, 'profile'),
      refusal('PHOTO_SIGNATURE_MISSING', '个人信息中没有手写签名：每项申报均须有一寸照片和手写签名在档，请先在“个人信息”中上传'),
    );
  });

  it('judges the type from the bytes, not the name, and refuses files over 500 KB', async () => {
    // given
    const { person: disguised, application: disguisedCase } = await caseOf('冯雪');
    await givePortrait(h.models, disguised);
    const pdf = await storeFile(h.models, { kind: 'photo', fileName: 'photo.png', bytes: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n'), personId: disguised.id });
    await disguised.update({ photoAttachmentId: pdf.id });

    const { person: large, application: largeCase } = await caseOf('褚亮');
    await givePortrait(h.models, large);
    const bytes = noisePng();
    assert.ok(bytes.length > 500 * 1024, `the noise PNG has ${bytes.length} bytes`);
    const signature = await storeFile(h.models, { kind: 'signature', fileName: 'signature.png', bytes, personId: large.id });
    await large.update({ signatureAttachmentId: signature.id });
    // when / then
    assert.deepEqual(
      await run(disguisedCase.id, 'profile'),
      refusal('PHOTO_SIGNATURE_INVALID', '个人信息中的一寸照片文件内容不是jpg、jpeg或png图片（照片和签名须为jpg、jpeg或png图片，不大于500KB）'),
    );
    assert.deepEqual(
      await run(largeCase.id, 'profile'),
      refusal('PHOTO_SIGNATURE_INVALID', `个人信息中的手写签名不能大于500KB，当前为${Math.ceil(bytes.length / 1024)}KB（照片和签名须为jpg、jpeg或png图片，不大于500KB）`),
    );
  });

  it('with source = request looks at the files uploaded with this request, not the profile', async () => {
    // given: a profile with both on file, a request with only a new photo
    const { person, application } = await caseOf('卫东', 'info-correction');
    await givePortrait(h.models, person);
    await storeFile(h.models, { kind: 'photo', fileName: '新照片.png', bytes: portraitPng('卫东-新'), personId: person.id, applicationId: application.id });
    // when
    const missing = await run(application.id, 'request');
    await storeFile(h.models, { kind: 'signature', fileName: '新签名.png', bytes: signaturePng('卫东-新'), personId: person.id, applicationId: application.id });
    const complete = await run(application.id, 'request');
    // then
    assert.deepEqual(missing, refusal('PHOTO_SIGNATURE_MISSING', '本次申请未上传手写签名：修改免冠照及手写签名须同时上传一寸照片和手写签名'));
    assert.equal(complete.outcome, 'complete');
  });

  it('fails the job on a model without a known source header', async () => {
    const { application } = await caseOf('蒋文');
    await assert.rejects(run(application.id, 'elsewhere'), /unknown source header "elsewhere"/);
  });
});
