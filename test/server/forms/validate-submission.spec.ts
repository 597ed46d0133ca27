import assert from 'node:assert/strict';
import { validateSubmission } from '../../../server/forms/validate-submission.js';
import type { FormSchema } from '../../../server/forms/schema.js';

const schema: FormSchema = {
  id: 'review-decision',
  components: [
    { type: 'text', text: '审查意见' } as never,
    {
      type: 'radio',
      key: 'decision',
      label: '审查结论',
      values: [
        { label: '通过', value: 'approve' },
        { label: '不予注册', value: 'refuse' },
      ],
      validate: { required: true },
    },
    {
      type: 'textarea',
      key: 'opinion',
      label: '审查意见',
      validate: { maxLength: 10 },
      conditional: { hide: '=decision = "approve"' },
    },
    { type: 'textfield', key: 'idNumber', label: '身份证号', properties: { validationRule: 'idNumber' } },
    { type: 'textfield', key: 'number', label: '申报编号', readonly: true },
    { type: 'checkbox', key: 'agree', label: '审批条件', validate: { required: true } },
    { type: 'checklist', key: 'specialties', label: '注册专业', values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] },
  ],
};

describe('form submission validation', () => {
  it('keeps only the schema keys, normalised', () => {
    // when
    const { values, errors } = validateSubmission(schema, {
      decision: 'refuse',
      opinion: '材料不全',
      idNumber: '11010519491231002x',
      agree: 'on',
      specialties: ['a'],
      injected: 'x',
      number: 'forged',
    });
    // then
    assert.deepEqual(errors, []);
    assert.deepEqual(values, { decision: 'refuse', opinion: '材料不全', idNumber: '11010519491231002X', agree: true, specialties: ['a'] });
  });

  it('refuses missing required fields and values outside the options, naming the field', () => {
    // when
    const { errors } = validateSubmission(schema, { decision: 'maybe', specialties: ['a', 'c'] });
    // then
    assert.deepEqual(
      errors.map((e) => [e.field, e.message]),
      [
        ['审查结论', '审查结论的取值不在可选范围内'],
        ['审批条件', '请勾选审批条件'],
        ['注册专业', '注册专业的取值不在可选范围内'],
      ],
    );
  });

  it('applies our named rules and length limits', () => {
    // when
    const { errors } = validateSubmission(schema, { decision: 'refuse', opinion: '意见写得太长了超过十个字', idNumber: '110105194912310021', agree: true });
    // then
    assert.deepEqual(
      errors.map((e) => e.field),
      ['审查意见', '身份证号'],
    );
    assert.equal(errors[0].message, '审查意见不能超过10个字符');
  });

  it('ignores fields that the FEEL condition hides', () => {
    // when
    const { values, errors } = validateSubmission(schema, { decision: 'approve', opinion: '这一段会被忽略因为隐藏了', agree: true });
    // then
    assert.deepEqual(errors, []);
    assert.equal(values.opinion, undefined);
  });
});

describe('form submission validation with the task context', () => {
  it('reads conditions from the variables the form was shown with', () => {
    // given
    const withFlag: FormSchema = {
      id: 'acknowledge',
      components: [
        { type: 'checkbox', key: 'acknowledged', label: '已知悉社保异常', validate: { required: true }, conditional: { hide: '=not(socialSecurityAnomaly)' } },
      ],
    };
    // when
    const anomaly = validateSubmission(withFlag, {}, { socialSecurityAnomaly: true });
    const normal = validateSubmission(withFlag, {}, { socialSecurityAnomaly: false });
    // then
    assert.deepEqual(anomaly.errors.map((e) => e.message), ['请勾选已知悉社保异常']);
    assert.deepEqual(normal.errors, []);
  });
});
