import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { evaluate } from 'feelin';
import { validateSubmission } from '../../server/forms/validate-submission.js';
import type { FormSchema as ServerFormSchema } from '../../server/forms/schema.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const formDir = path.join(root, 'forms');
const files = fs.readdirSync(formDir).filter((f) => f.endsWith('.form')).sort();

/** The component types @bpmn-io/form-js 1.23 renders. */
const FORM_JS_TYPES = new Set([
  'textfield', 'textarea', 'number', 'datetime', 'select', 'radio', 'checkbox', 'checklist', 'taglist', 'filepicker',
  'text', 'html', 'image', 'group', 'dynamiclist', 'separator', 'spacer', 'button', 'iframe', 'table', 'expression', 'documentPreview',
]);
const VALUE_TYPES = new Set(['textfield', 'textarea', 'number', 'datetime', 'select', 'radio', 'checkbox', 'checklist', 'taglist', 'filepicker']);

interface Component {
  id: string;
  type: string;
  key?: string;
  label?: string;
  text?: string;
  values?: Array<{ label: string; value: string }>;
  validate?: { pattern?: string };
  conditional?: { hide?: string };
  components?: Component[];
}

interface Form {
  id: string;
  type: string;
  schemaVersion: number;
  components: Component[];
}

function load(file: string): Form {
  return JSON.parse(fs.readFileSync(path.join(formDir, file), 'utf8')) as Form;
}

function flatten(components: Component[]): Component[] {
  return components.flatMap((c) => [c, ...flatten(c.components ?? [])]);
}

function installedSchemaVersion(): number {
  const dist = fs.readFileSync(path.join(root, 'node_modules', '@bpmn-io', 'form-js-viewer', 'dist', 'index.es.js'), 'utf8');
  return Number(/const schemaVersion = (\d+);/.exec(dist)![1]);
}

describe('forms', () => {
  it('have ids equal to their file names, unique across the folder', () => {
    const ids = files.map((f) => load(f).id);
    assert.deepEqual(ids, files.map((f) => f.replace(/\.form$/, '')));
    assert.equal(new Set(ids).size, ids.length);
  });

  const version = installedSchemaVersion();

  for (const file of files) {
    describe(file, () => {
      it('is a form-js schema the installed form-js reads', () => {
        const form = load(file);
        assert.equal(form.type, 'default');
        assert.ok(form.schemaVersion <= version, `schemaVersion ${form.schemaVersion} > ${version}`);
        for (const c of flatten(form.components)) assert.ok(FORM_JS_TYPES.has(c.type), `${c.id}: unknown type ${c.type}`);
      });

      it('has unique component ids and unique keys, each field labelled', () => {
        const components = flatten(load(file).components);
        const ids = components.map((c) => c.id);
        assert.equal(new Set(ids).size, ids.length, 'duplicate component id');
        const fields = components.filter((c) => VALUE_TYPES.has(c.type));
        const keys = fields.map((c) => c.key);
        assert.equal(new Set(keys).size, keys.length, `duplicate key in ${keys.join(', ')}`);
        for (const f of fields) {
          assert.match(f.key ?? '', /^[a-z][A-Za-z0-9]*$/, `${f.id}: key must be camelCase`);
          assert.match(f.label ?? '', /[\u4e00-\u9fff]/, `${f.id}: label must be Chinese`);
        }
      });

      it('offers distinct options, valid patterns and FEEL conditions', () => {
        for (const c of flatten(load(file).components)) {
          if (c.values) assert.equal(new Set(c.values.map((v) => v.value)).size, c.values.length, `${c.id}: duplicate option`);
          if (c.validate?.pattern) assert.doesNotThrow(() => new RegExp(c.validate!.pattern!), `${c.id}: pattern`);
          const hide = c.conditional?.hide;
          if (hide) {
            assert.ok(hide.startsWith('='), `${c.id}: condition must be an expression`);
            // feelin throws on a syntax error; with no data every condition must still give a boolean.
            assert.equal(typeof evaluate(hide.slice(1), {}).value, 'boolean', `${c.id}: ${hide}`);
          }
        }
      });
    });
  }

  describe('as the server validates them', () => {
    const schema = (id: string) => load(`${id}.form`) as unknown as ServerFormSchema;

    it('asks for content and reason only when the reviewer asks for a correction', () => {
      // given the ministry's acceptance form
      const form = schema('ministry-acceptance');
      // when the reviewer accepts without them, or asks for a correction without them
      const accepted = validateSubmission(form, { acceptanceDecision: 'accept' });
      const correction = validateSubmission(form, { acceptanceDecision: 'correct' });
      // then
      assert.deepEqual(accepted.errors, []);
      assert.deepEqual(accepted.values, { acceptanceDecision: 'accept' });
      assert.deepEqual(correction.errors.map((e) => e.field).sort(), ['补正内容', '补正原因']);
    });

    it('requires a return reason when the employer returns, and the commitment when it reports', () => {
      const form = schema('employer-report');
      assert.deepEqual(validateSubmission(form, { employerDecision: 'return' }).errors.map((e) => e.field), ['退回原因']);
      assert.deepEqual(validateSubmission(form, { employerDecision: 'report' }).errors.map((e) => e.field), ['本公司作出上述承诺']);
      assert.deepEqual(validateSubmission(form, { employerDecision: 'report', employerCommitment: true }).errors, []);
    });

    it('refuses a decision that is not on offer', () => {
      const result = validateSubmission(schema('ministry-review'), { reviewDecision: 'maybe', reviewOpinion: '材料齐全' });
      assert.deepEqual(result.errors.map((e) => e.field), ['审查结论']);
    });

    it('requires every approval condition of the engineers’ initial registration, and takes read-only data from nobody', () => {
      // given a submission without the third condition that also tries to set the read-only name
      const result = validateSubmission(schema('apply-initial-engineer'), {
        conditionQualified: true,
        conditionSingleEmployer: true,
        personalCommitment: 'accept',
        specialty: 'structural',
        qualificationNo: 'GL-2019-0001',
        qualificationApprovalDate: '2019-12-01',
        qualificationMethod: 'exam',
        applicantName: '冒名',
      });
      // then
      assert.deepEqual(result.errors.map((e) => e.field), ['3、达到继续教育要求']);
      assert.equal(result.values.applicantName, undefined);
    });

    it('asks for the arbitration award only for a forced cancellation', () => {
      const form = schema('apply-cancel-engineer');
      const base = {
        conditionQualified: true,
        conditionSingleEmployer: true,
        conditionContinuingEducation: true,
        personalCommitment: 'accept',
        specialty: 'structural',
        cancellationReason: '本人申请注销注册',
      };
      assert.deepEqual(validateSubmission(form, { ...base, forcedCancellation: 'no' }).errors, []);
      assert.deepEqual(
        validateSubmission(form, { ...base, forcedCancellation: 'yes' }).errors.map((e) => e.field),
        ['劳动仲裁机构或法院出具的解除劳动关系的仲裁文件或判决书扫描件'],
      );
    });

    it('checks the credit code and the SMS code of the constructors’ initial registration', () => {
      const result = validateSubmission(schema('apply-initial-constructor'), {
        noticeAccepted: true,
        ethnicity: '汉族',
        education: '大学本科',
        degree: '学士',
        school: '同济大学',
        major: '土木工程',
        graduationDate: '2010-07-01',
        employerName: '某建设集团有限公司',
        employerCode: '91110000123456789X',
        contractStart: '2024-01-01',
        qualificationNo: '00112233',
        specialties: ['building'],
        photo: 'files::photo',
        signature: 'files::signature',
        personalCommitment: 'accept',
        smsCode: '12345',
      });
      assert.deepEqual(result.errors.map((e) => e.field).sort(), ['短信验证码', '统一社会信用代码'].sort());
    });
  });
});
